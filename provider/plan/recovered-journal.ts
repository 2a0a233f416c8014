// Journal entries read back from take-over marks (takeover-mark.ts) for policies the journal does not hold: a run
// killed after a take-over PATCH landed, before the engine saved the outputs that journaled it. Unlike a preview's
// inferred journal this is an apply's, so it takes only what the mark proves: this library changed the policy, and
// what it was before.

import type { ConditionalAccessPolicyWrite } from "../graph/types";
import { carriedTargets, takenOverAs } from "./inferred-journal";
import { describeState, NO_TARGETS } from "./managed-policy";
import { describeGrant, writableGrant } from "./mfa-controls";
import { findById, sameId } from "./normalize";
import type { JournalEntry } from "./steps";
import type { TenantSnapshot } from "./takeover-plan";
import { targetsOf } from "./targets";
import { takeoverMarkOf } from "./takeover-mark";

export function recoveredEntries(
  snapshot: Pick<TenantSnapshot, "policies" | "managedPolicyId">,
  journal: readonly JournalEntry[],
): JournalEntry[] {
  const managed = snapshot.managedPolicyId ? findById(snapshot.policies, snapshot.managedPolicyId) : undefined;
  if (!managed?.conditions.users) return [];
  const held = targetsOf(managed.conditions.users);
  return snapshot.policies.flatMap((policy): JournalEntry[] => {
    if (sameId(policy.id, managed.id) || journal.some((e) => sameId(e.policyId, policy.id)) || !policy.conditions.users) return [];
    const mark = takeoverMarkOf(policy.description);
    // A marked policy that enforces MFA again was put back by someone: a new take-over marks and journals it anew.
    const action = mark && takenOverAs(policy);
    if (!mark || !action) return [];
    const [set, previous]: ConditionalAccessPolicyWrite[] =
      action === "disable"
        ? [{ state: policy.state }, { state: mark.previousState }]
        : [{ grantControls: writableGrant(policy.grantControls) }, { grantControls: writableGrant(mark.previousGrantControls) }];
    return [
      {
        policyId: policy.id,
        displayName: policy.displayName,
        action,
        previousState: mark.previousState,
        previousGrantControls: mark.previousGrantControls,
        set,
        previous,
        // Its exclusions the managed policy holds were carried (or already the spec's, which the take-over journals too).
        movedTargets: carriedTargets(targetsOf(policy.conditions.users), held, NO_TARGETS),
      },
    ];
  });
}

/**
 * Marked policies no managed policy is in the tenant to account for: the one that took them over was deleted outside
 * Pulumi, or a destroy left them because someone had changed them since. Said, not journaled: without the managed
 * policy nothing shows whose users moved where, and a later destroy putting them back could undo a change someone
 * made on purpose.
 */
export function unattributedTakeovers(snapshot: Pick<TenantSnapshot, "policies" | "managedPolicyId">, journal: readonly JournalEntry[]): string[] {
  if (snapshot.managedPolicyId && findById(snapshot.policies, snapshot.managedPolicyId)) return [];
  return snapshot.policies.flatMap((policy) => {
    const mark = takeoverMarkOf(policy.description);
    if (!mark || !takenOverAs(policy) || journal.some((e) => sameId(e.policyId, policy.id))) return [];
    return [
      `"${policy.displayName}" (${policy.id}) carries the mark of an MFA take-over (before it, the policy was ${describeState(mark.previousState)}, ` +
        `requiring ${describeGrant(mark.previousGrantControls)}), but no managed policy is in the tenant to hold its users: it is left as it is ` +
        `(${describeState(policy.state)}, requiring ${describeGrant(policy.grantControls)}). If its users should have MFA from it, put it back by hand or include them in the managed policy's targets.`,
    ];
  });
}
