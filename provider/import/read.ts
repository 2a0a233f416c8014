// The reads of `entra-mfa import` (never a write): Security Defaults, the Conditional Access policies, the names of
// the users, groups and roles the MFA policies name, who is in the groups they exclude, system-preferred MFA and,
// unless skipped, legacy per-user MFA.
import type { GraphApi } from "../graph";
import type { StrongAuthenticationRequirements } from "../graph/types";
import { mfaGrantOf } from "../plan/mfa-controls";
import { isGuid, normalizeGuid, normalizeIdSet } from "../plan/normalize";
import { targetsOf } from "../plan/targets";
import type { ImportSnapshot } from "./snapshot";

export interface ReadOptions {
  /** Read legacy per-user MFA (one `$batch` per 20 users). Default true. */
  perUserMfa?: boolean;
}

const isUser = (m: { "@odata.type": string }) => m["@odata.type"] === "#microsoft.graph.user";

export async function readImportSnapshot(graph: GraphApi, options: ReadOptions = {}): Promise<ImportSnapshot> {
  const { isEnabled } = await graph.securityDefaults.get();
  const policies = await graph.conditionalAccess.list();
  const mfa = policies.filter((p) => p.conditions?.users && mfaGrantOf(p.grantControls).kind !== "none");
  const targets = mfa.map((p) => targetsOf(p.conditions.users!));
  const systemPreferred = (await graph.authenticationMethodsPolicy.getBeta()).systemCredentialPreferences;
  const preferenceGroups = [...(systemPreferred?.includeTargets ?? []), ...(systemPreferred?.excludeTargets ?? [])]
    .filter((t) => t.targetType === "group" && isGuid(t.id))
    .map((t) => t.id);
  const userIds = normalizeIdSet(targets.flatMap((t) => [...t.includeUsers, ...t.excludeUsers])).filter(isGuid);
  const groupIds = normalizeIdSet([...targets.flatMap((t) => [...t.includeGroups, ...t.excludeGroups]), ...preferenceGroups]).filter(isGuid);
  // Who the groups excluded from an all-users policy hold: the break-glass accounts a hand-over may leave out.
  const excludedGroups = normalizeIdSet(targets.filter((t) => t.includeAllUsers).flatMap((t) => t.excludeGroups)).filter(isGuid);

  const users: Record<string, string> = {};
  (await graph.users.getMany(userIds, ["id", "userPrincipalName"])).forEach((r, i) => {
    if (r.error && !r.error.isNotFound) throw r.error;
    if (r.body?.userPrincipalName) users[userIds[i]!] = r.body.userPrincipalName;
  });
  const groups: Record<string, string> = {};
  const groupAnswers = await graph.batchGet<{ id: string; displayName?: string }>(groupIds.map((id) => ({ url: `/groups/${encodeURIComponent(id)}?$select=id,displayName` })));
  groupAnswers.forEach((r, i) => {
    if (r.error && !r.error.isNotFound) throw r.error;
    if (r.body) groups[groupIds[i]!] = r.body.displayName ?? groupIds[i]!;
  });
  const groupUsers: Record<string, string[]> = {};
  for (const id of excludedGroups.filter((g) => groups[g] !== undefined))
    groupUsers[id] = (await graph.groups.transitiveMembers(id)).filter(isUser).map((m) => String(m.userPrincipalName ?? m.id));
  const roles = Object.fromEntries((await graph.directoryRoles.list()).map((r) => [normalizeGuid(r.roleTemplateId), r.displayName ?? r.roleTemplateId]));

  return {
    tenantId: graph.connection.tenantId,
    securityDefaultsEnabled: isEnabled,
    policies,
    users,
    groups,
    groupUsers,
    roles,
    ...(systemPreferred ? { systemPreferred } : {}),
    ...(options.perUserMfa === false ? {} : { perUserMfa: await countPerUserMfa(graph) }),
  };
}

async function countPerUserMfa(graph: GraphApi): Promise<{ enabled: number; enforced: number }> {
  const ids = (await graph.users.listAll(["id"])).map((u) => u.id);
  const answers = await graph.batchGet<StrongAuthenticationRequirements>(
    ids.map((id) => ({ url: `/users/${encodeURIComponent(id)}/authentication/requirements` })),
    "beta",
  );
  const states = answers.map((a) => a.body?.perUserMfaState);
  return { enabled: states.filter((s) => s === "enabled").length, enforced: states.filter((s) => s === "enforced").length };
}
