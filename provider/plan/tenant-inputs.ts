// The checks of a resource's inputs against what the tenant holds (pure: the handler reads the tenant, this judges).
// They catch input that is well formed and still wrong, where being wrong locks people out or leaves them without
// MFA: a break-glass exclusion naming nobody, a role object id where a template id belongs, a strength that does not
// exist, a name another policy already uses.

import { isGuid, isUnknown, normalizeGuid } from "./normalize";
import { listEntries, overlapFailures, type CheckFailure, type ListEntry } from "./inputs";

export type DirectoryKind = "user" | "group";

/** A user or group an input names, by object id or (users) user principal name. */
export interface DirectoryReference extends ListEntry {
  kind: DirectoryKind;
}

/** The references to look up, from the lists of one resource's inputs. Unknown values and keywords are skipped. */
export function directoryReferences(raw: Record<string, unknown>, lists: readonly (readonly [string, DirectoryKind])[]): DirectoryReference[] {
  return lists.flatMap(([property, kind]) =>
    listEntries(property, raw[property])
      .filter((e) => isGuid(e.value) || (kind === "user" && e.value.includes("@")))
      .map((e) => ({ ...e, kind })),
  );
}

export const MANAGED_POLICY_LISTS = [
  ["includeUsers", "user"],
  ["excludeUsers", "user"],
  ["includeGroups", "group"],
  ["excludeGroups", "group"],
] as const;

/** SystemPreferredMfa's targets: one object each, not a list. */
export function targetReferences(raw: Record<string, unknown>): DirectoryReference[] {
  return (["includeTarget", "excludeTarget"] as const).flatMap((property) => {
    const value = raw[property];
    const target = (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;
    const id = target?.id;
    if (typeof id !== "string" || isUnknown(id) || !isGuid(id) || isUnknown(target?.targetType)) return [];
    const kind: DirectoryKind = target?.targetType === "user" ? "user" : "group";
    return [{ path: `${property}.id`, value: id, id: normalizeGuid(id), kind }];
  });
}

/** The lookup key of a reference: users and groups are looked up separately. */
export function referenceKey(ref: Pick<DirectoryReference, "kind" | "id">): string {
  return `${ref.kind}:${ref.id}`;
}

const propertyOf = (ref: DirectoryReference) => ref.path.replace(/(\[\d+\]|\.id)$/, "");

/**
 * References the tenant does not hold. `found` maps a reference key to the object id Graph returned. A mistyped
 * exclusion is the dangerous one: it excludes nobody, so the break-glass account it was meant for is locked out
 * with everyone else when MFA fails.
 */
export function missingReferenceFailures(refs: readonly DirectoryReference[], found: ReadonlyMap<string, string>, tenantId: string): CheckFailure[] {
  return refs
    .filter((ref) => !found.has(referenceKey(ref)))
    .map((ref) => {
      const by = isGuid(ref.value) ? "object id" : "user principal name";
      const consequence = /^(exclude|breakGlass)/.test(ref.path)
        ? " As written the exclusion excludes nobody, so the account it was meant for (a break-glass account, say) would be locked out with everyone else if MFA fails."
        : "";
      return {
        property: propertyOf(ref),
        reason:
          `${ref.path} ${JSON.stringify(ref.value)}: tenant ${tenantId} has no ${ref.kind} with this ${by}.${consequence} ` +
          `Check it for a typo (copy the ${ref.kind}'s object id from the Entra admin center or \`az ad ${ref.kind} show\`).`,
      };
    });
}

/**
 * Entries included and excluded under different names (a user principal name and the same user's object id), once
 * the names are resolved: `found` as for missingReferenceFailures.
 */
export function resolvedOverlapFailures(refs: readonly DirectoryReference[], found: ReadonlyMap<string, string>): CheckFailure[] {
  const resolved = (prefix: string) =>
    refs.filter((r) => r.path.startsWith(prefix)).flatMap((r) => {
      const id = found.get(referenceKey(r));
      return id ? [{ ...r, id: `${r.kind}:${id}` }] : [];
    });
  return overlapFailures(resolved("include"), resolved("exclude"));
}

export interface DirectoryRoleFact {
  id: string;
  roleTemplateId: string;
  displayName?: string | null;
}

/**
 * includeRoles entries that are an activated role's object id: Conditional Access takes role template ids, and
 * refuses the object id (or, worse, a policy meant for the admins would cover no one).
 */
export function roleObjectIdFailures(includeRoles: unknown, roles: readonly DirectoryRoleFact[]): CheckFailure[] {
  const templates = new Set(roles.map((r) => normalizeGuid(r.roleTemplateId)));
  return listEntries("includeRoles", includeRoles).flatMap((entry) => {
    const role = roles.find((r) => normalizeGuid(r.id) === entry.id);
    if (!role || templates.has(entry.id)) return [];
    return [
      {
        property: "includeRoles",
        reason:
          `${entry.path} ${JSON.stringify(entry.value)} is the object id of the tenant's "${role.displayName ?? "unnamed"}" directory role, not a role template id. ` +
          `Conditional Access takes role template ids: use ${role.roleTemplateId} (the template of "${role.displayName ?? "unnamed"}").`,
      },
    ];
  });
}

/** An authenticationStrengthId the tenant does not know: Graph would refuse the policy, or grant with no strength. */
export function unknownStrengthFailure(id: string, tenantId: string): CheckFailure {
  return {
    property: "authenticationStrengthId",
    reason:
      `authenticationStrengthId ${JSON.stringify(id)}: tenant ${tenantId} has no authentication strength policy with this id. ` +
      "Use a built-in one (00000000-0000-0000-0000-000000000002 Multifactor authentication, …0003 Passwordless MFA, …0004 Phishing-resistant MFA) " +
      "or the id of a custom strength from GET /policies/authenticationStrengthPolicies; leave it unset to require the built-in mfa control.",
  };
}

export interface PolicyName {
  id: string;
  displayName: string;
}

/**
 * Another Conditional Access policy already has this display name: two policies of one name cannot be told apart
 * in the portal or the sign-in logs, and the one this resource manages could be taken for the other. `own` are the
 * ids of the policies this resource manages or adopts.
 */
export function displayNameFailure(displayName: string, policies: readonly PolicyName[], own: ReadonlySet<string>): CheckFailure | undefined {
  const wanted = displayName.trim().toLowerCase();
  const other = policies.find((p) => !own.has(normalizeGuid(p.id)) && p.displayName.trim().toLowerCase() === wanted);
  if (!other) return undefined;
  return {
    property: "displayName",
    reason:
      `displayName ${JSON.stringify(displayName.trim())} is already the name of Conditional Access policy ${other.id}, which this resource does not manage. ` +
      "Choose another displayName, or take that policy under management with adoptPolicyId.",
  };
}
