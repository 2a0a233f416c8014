import type { GraphApi } from "../graph";
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
