// A preview has no stack state, so no journal, yet after a take-over the managed policy holds the targets it moved
// in from the policies it took over; without the journal a preview would show them as removed. They are read back
// from the tenant instead: a foreign policy that no longer enforces MFA (disabled, or left without MFA in its grant)
// and whose includes the managed policy all holds, some of them not named by the spec, is what an earlier take-over
// left. Only previews use this: an apply plans from the real journal.
import type { ConditionalAccessPolicy } from "../graph/types";
import type { ManagedMfaPolicySpec } from "./inputs";
import { specTargets, type TargetSet } from "./managed-policy";
import { mfaGrantOf } from "./mfa-controls";
import { findById, sameId } from "./normalize";
import type { JournalEntry } from "./steps";
import type { TenantSnapshot } from "./takeover-plan";
import { targetsOf } from "./targets";

const INCLUDES = ["includeUsers", "includeGroups", "includeRoles"] as const;
const EXCLUDES = ["excludeUsers", "excludeGroups", "excludeRoles"] as const;

export function inferJournal(snapshot: TenantSnapshot, spec: ManagedMfaPolicySpec): JournalEntry[] {
  const managed = snapshot.managedPolicyId ? findById(snapshot.policies, snapshot.managedPolicyId) : undefined;
  const users = managed?.conditions.users;
  if (!managed || !users) return [];
  const held = targetsOf(users);
  const named = specTargets(spec);
  const entries: JournalEntry[] = [];
  for (const policy of snapshot.policies) {
    if (sameId(policy.id, managed.id) || !policy.conditions.users) continue;
    const action = takenOverAs(policy);
    if (!action) continue;
    const theirs = targetsOf(policy.conditions.users);
    if (!movedInto(theirs, held, named)) continue;
    entries.push({
      policyId: policy.id,
      displayName: policy.displayName,
      action,
      previousState: policy.state,
      previousGrantControls: policy.grantControls ?? null,
      set: {},
      previous: {},
      movedTargets: carriedTargets(theirs, held, named),
    });
  }
  return entries;
}

/** What a taken-over policy gave the managed policy: its includes, and only the exclusions the take-over carried (those the managed policy holds and the spec does not name). */
export function carriedTargets(theirs: TargetSet, held: TargetSet, named: TargetSet): TargetSet {
  return { ...theirs, ...Object.fromEntries(EXCLUDES.map((k) => [k, theirs[k].filter((id) => held[k].includes(id) && !named[k].includes(id))])) };
}

/** How a take-over would have left this policy: disabled, or enabled with MFA gone from its grant. */
export function takenOverAs(policy: ConditionalAccessPolicy): "disable" | "stripMfa" | undefined {
  const grant = mfaGrantOf(policy.grantControls).kind;
  if (policy.state === "disabled" && grant !== "none") return "disable";
  if (policy.state === "enabled" && grant === "none") return "stripMfa";
  return undefined;
}

/** Every include of `theirs` is held by the managed policy, and at least one of them is not the spec's own. */
function movedInto(theirs: TargetSet, held: TargetSet, named: TargetSet): boolean {
  if (theirs.includeAllUsers) return held.includeAllUsers && !named.includeAllUsers;
  const ids = INCLUDES.flatMap((k) => theirs[k].map((id) => [k, id] as const));
  return ids.length > 0 && ids.every(([k, id]) => held[k].includes(id)) && ids.some(([k, id]) => !named[k].includes(id) && !named.includeAllUsers);
}
