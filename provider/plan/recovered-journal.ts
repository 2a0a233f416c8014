// Journal entries read back from take-over marks (takeover-mark.ts) for policies the journal does not hold: a run
// killed after a take-over PATCH landed, before the engine saved the outputs that journaled it. Unlike a preview's
// inferred journal this is an apply's, so it takes only what the mark proves: this library moved the policy's users
// into this managed policy, and what the policy was before. A mark naming another managed policy (deleted by hand, or
// a destroy left the policy because someone had changed it since) is not taken: putting the policy back could undo
// that person's change. A mark from before marks named their managed policy is taken only if the policy was last
// changed no earlier than the managed policy was created.
import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../graph/types";
import { carriedTargets, takenOverAs } from "./inferred-journal";
import { describeState, NO_TARGETS, type TargetSet } from "./managed-policy";
import { describeGrant, writableGrant } from "./mfa-controls";
import { findById, sameId } from "./normalize";
import type { JournalEntry } from "./steps";
import type { TenantSnapshot } from "./takeover-plan";
import { targetsOf } from "./targets";
import { takeoverMarkOf, type TakeoverMark } from "./takeover-mark";

type Snapshot = Pick<TenantSnapshot, "policies" | "managedPolicyId">;

interface MarkedPolicy {
  policy: ConditionalAccessPolicy;
  mark: TakeoverMark;
  action: "disable" | "stripMfa";
}

/** Foreign policies that carry a take-over mark, still stand as taken over (nobody put MFA back), and are not journaled. */
function unjournaledMarks(snapshot: Snapshot, managed: ConditionalAccessPolicy | undefined, journal: readonly JournalEntry[]): MarkedPolicy[] {
  return snapshot.policies.flatMap((policy): MarkedPolicy[] => {
    if ((managed && sameId(policy.id, managed.id)) || journal.some((e) => sameId(e.policyId, policy.id))) return [];
    const mark = takeoverMarkOf(policy.description);
    const action = mark && takenOverAs(policy);
    return mark && action ? [{ policy, mark, action }] : [];
  });
}

/** Last changed before `managed` was created (Graph's clock on both): its mark is not that policy's take-over. */
function predates(policy: ConditionalAccessPolicy, managed: ConditionalAccessPolicy): boolean {
  const changed = policy.modifiedDateTime ?? policy.createdDateTime;
  const created = managed.createdDateTime;
  return !!changed && !!created && Date.parse(changed) < Date.parse(created);
}

/** Why `managed` cannot have made this mark; undefined when it can. */
function notOwnMark({ policy, mark }: MarkedPolicy, managed: ConditionalAccessPolicy): string | undefined {
  if (mark.managedPolicyId !== undefined)
    return sameId(mark.managedPolicyId, managed.id) ? undefined : `made for another managed policy (${mark.managedPolicyId}), not "${managed.displayName}" (${managed.id})`;
  return predates(policy, managed) ? `from before the managed policy "${managed.displayName}" (${managed.id}) was created, so not its own` : undefined;
}

const managedOf = (snapshot: Snapshot) => (snapshot.managedPolicyId ? findById(snapshot.policies, snapshot.managedPolicyId) : undefined);

export interface TenantMarks {
  /** Journal entries for the marks the managed policy made that the journal does not hold. */
  recovered: JournalEntry[];
  /** One sentence per mark no managed policy in the tenant accounts for: said, never put back. */
  unattributed: string[];
}

/** The take-over marks in the tenant that the journal does not hold, as recovered entries or as warnings. */
export function readMarks(snapshot: Snapshot, journal: readonly JournalEntry[]): TenantMarks {
  const managed = managedOf(snapshot);
  const marks: TenantMarks = { recovered: [], unattributed: [] };
  for (const marked of unjournaledMarks(snapshot, managed, journal)) {
    const whose = managed ? notOwnMark(marked, managed) : "that no managed policy in the tenant accounts for";
    if (whose) marks.unattributed.push(unattributed(marked, whose));
    else if (managed?.conditions.users && marked.policy.conditions.users) marks.recovered.push(recovered(marked, targetsOf(managed.conditions.users)));
  }
  return marks;
}

function recovered({ policy, mark, action }: MarkedPolicy, held: TargetSet): JournalEntry {
  const [set, previous]: ConditionalAccessPolicyWrite[] =
    action === "disable"
      ? [{ state: policy.state }, { state: mark.previousState }]
      : [{ grantControls: writableGrant(policy.grantControls) }, { grantControls: writableGrant(mark.previousGrantControls) }];
  return {
    policyId: policy.id,
    displayName: policy.displayName,
    action,
    previousState: mark.previousState,
    previousGrantControls: mark.previousGrantControls,
    set,
    previous,
    // Its exclusions the managed policy holds were carried (or already the spec's, which the take-over journals too).
    movedTargets: carriedTargets(targetsOf(policy.conditions.users!), held, NO_TARGETS),
  };
}

function unattributed({ policy, mark }: MarkedPolicy, whose: string): string {
  return (
    `"${policy.displayName}" (${policy.id}) carries the mark of an MFA take-over ${whose}: before it, the policy was ` +
    `${describeState(mark.previousState)}, requiring ${describeGrant(mark.previousGrantControls)}; it is left as it is ` +
    `(${describeState(policy.state)}, requiring ${describeGrant(policy.grantControls)}) and nothing will put it back. Put it back by hand if its users should have MFA from it.`
  );
}
