import type { ConditionalAccessUsers, GraphApi } from "../graph";
import type { ManagedMfaPolicySpec } from "../plan/inputs";
import { isGuid, normalizeGuid, normalizeIdSet } from "../plan/normalize";
import type { TenantSnapshot } from "../plan/takeover-plan";

/** What the take-over plan needs to know of the tenant: two reads, nothing written. */
export async function readSnapshot(graph: GraphApi, managedPolicyId?: string): Promise<TenantSnapshot> {
  const { isEnabled } = await graph.securityDefaults.get();
  const policies = await graph.conditionalAccess.list();
  return { securityDefaults: { isEnabled }, policies, ...(managedPolicyId ? { managedPolicyId } : {}) };
}

/** user principal name → object id, for every UPN in the spec's user lists. */
export type ResolvedUsers = Record<string, string>;

/**
 * Conditional Access takes object ids only, so user principal names in includeUsers / excludeUsers are looked up
 * (in one `$batch` for many). A name that matches nobody fails the step before anything is written.
 */
export async function resolveUserNames(graph: GraphApi, spec: ManagedMfaPolicySpec): Promise<{ spec: ManagedMfaPolicySpec; resolved: ResolvedUsers }> {
  const resolved = await resolveUpns(graph, [...spec.includeUsers, ...spec.excludeUsers], "includeUsers / excludeUsers");
  const ids = (list: string[]) => normalizeIdSet(list.map((id) => resolved[id.toLowerCase()] ?? id));
  return { spec: { ...spec, includeUsers: ids(spec.includeUsers), excludeUsers: ids(spec.excludeUsers) }, resolved };
}

/**
 * The user principal names among `ids` (object ids pass through untouched), looked up in one `$batch` for many. A
 * name that matches nobody is a typo that must not pass: it fails before anything is written, naming `inputs`.
 */
export async function resolveUpns(graph: GraphApi, ids: readonly string[], inputs: string): Promise<ResolvedUsers> {
  const names = normalizeIdSet(ids.filter((id) => !isGuid(id) && id.includes("@")));
  const resolved: ResolvedUsers = {};
  if (!names.length) return resolved;
  const results = await graph.users.getMany(names, ["id", "userPrincipalName"]);
  const missing: string[] = [];
  results.forEach((result, i) => {
    if (result.error && !result.error.isNotFound) throw result.error;
    if (result.body?.id) resolved[names[i]!] = normalizeGuid(result.body.id);
    else missing.push(names[i]!);
  });
  if (missing.length)
    throw new Error(`no user in tenant ${graph.connection.tenantId} has the user principal name ${missing.map((m) => `'${m}'`).join(", ")} (${inputs}).`);
  return resolved;
}

/**
 * Reads whom policies' exclusions leave out: user id → "directly" or the excluded group's id (nested groups
 * expanded). Groups shared by several policies are read once.
 */
type Exclusions = Pick<ConditionalAccessUsers, "excludeUsers" | "excludeGroups">;

export function exclusionReader(graph: GraphApi): (users: Exclusions | null | undefined) => Promise<Map<string, string>> {
  const groupUsers = new Map<string, Promise<string[]>>();
  const usersOf = (groupId: string) => {
    const key = normalizeGuid(groupId);
    if (!groupUsers.has(key))
      groupUsers.set(key, graph.groups.transitiveMembers(groupId).then((members) => members.filter((m) => m["@odata.type"] === "#microsoft.graph.user").map((m) => normalizeGuid(m.id))));
    return groupUsers.get(key)!;
  };
  return async (excluded) => {
    const users = new Map<string, string>();
    for (const groupId of normalizeIdSet(excluded?.excludeGroups)) for (const id of await usersOf(groupId)) users.set(id, groupId);
    for (const id of normalizeIdSet(excluded?.excludeUsers).filter(isGuid)) users.set(id, "directly");
    return users;
  };
}

/** Whom the managed policy's exclusions leave out (excluded groups expanded). */
export function managedExclusions(graph: GraphApi, spec: Pick<ManagedMfaPolicySpec, "excludeUsers" | "excludeGroups">): Promise<Map<string, string>> {
  return exclusionReader(graph)({ excludeUsers: spec.excludeUsers, excludeGroups: spec.excludeGroups });
}
