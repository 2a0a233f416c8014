// Carrying a taken-over policy's users, and its exclusions, into the managed policy without uncovering anyone
// another source still requires MFA of.

import type { Candidate } from "./candidates";
import type { ManagedMfaPolicySpec } from "./inputs";
import type { TargetSet } from "./managed-policy";
import type { TakenOverPolicy } from "./takeover-plan";
import { describeIds, EXCLUDES, mayCover } from "./targets";

/** Why the managed policy's own exclusions forbid taking this source over, or undefined. */
export function specExclusionConflict(spec: ManagedMfaPolicySpec, source: TargetSet): string | undefined {
  const users = spec.excludeUsers.filter((id) => mayCover(source, "users", id));
  const groups = spec.excludeGroups.filter((id) => mayCover(source, "groups", id));
  if (!users.length && !groups.length) return undefined;
  return (
    `the managed policy excludes ${describeIds(users, groups, [])}, whom this policy may require MFA from (directly or through a group or role); ` +
    "taking it over would remove their MFA. Exclude them in this policy too, or drop them from the ManagedMfaPolicy's exclusions"
  );
}

/** Something being taken over that requires MFA of `targets`. */
export interface Source {
  name: string;
  targets: TargetSet;
}

/**
 * Moves a candidate's includes, and carries each exclusion that cannot uncover anyone another source covered;
 * `uncarried` warns about the others, naming the sources that may cover them.
 */
export function takeOverOne(c: Candidate, sources: readonly Source[]): { taken: TakenOverPolicy; uncarried?: string } {
  const others = sources.filter((s) => s.targets !== c.targets);
  const carried = { users: [] as string[], groups: [] as string[], roles: [] as string[] };
  const kept = { users: [] as string[], groups: [] as string[], roles: [] as string[] };
  const blocking = new Set<string>(c.excludedGuests ? others.map((s) => s.name) : []);
  for (const kind of ["users", "groups", "roles"] as const)
    for (const id of c.targets[EXCLUDES[kind]]) {
      const covering = others.filter((s) => mayCover(s.targets, kind, id));
      covering.forEach((s) => blocking.add(s.name));
      (covering.length ? kept : carried)[kind].push(id);
    }
  const { policy, targets } = c;
  const uncarried =
    kept.users.length || kept.groups.length || kept.roles.length || c.excludedGuests
      ? `Policy "${policy.displayName}" excludes ${describeIds(kept.users, kept.groups, kept.roles, c.excludedGuests)}, but ` +
        `${[...blocking].join(", ") || "another source"} may require MFA of them too, so the managed policy cannot exclude them: once ` +
        "taken over they will be asked for MFA. To keep them out, exclude them in those policies as well (the exclusion is then " +
        "carried), or list them in the ManagedMfaPolicy's excludeUsers or excludeGroups (roles and guests: through a group)."
      : undefined;
  const taken: TakenOverPolicy = {
    policyId: policy.id,
    displayName: policy.displayName,
    action: c.action,
    movedTargets: {
      includeAllUsers: targets.includeAllUsers,
      includeUsers: targets.includeUsers,
      includeGroups: targets.includeGroups,
      includeRoles: targets.includeRoles,
      excludeUsers: carried.users,
      excludeGroups: carried.groups,
      excludeRoles: carried.roles,
    },
    notes: c.notes,
  };
  return uncarried ? { taken, uncarried } : { taken };
}
