import { withoutCreateMarker, type GraphApi } from "../graph";
import { findById, normalizeGuid } from "../plan/normalize";
import { driftedParts } from "../plan/restore";
import type { Step } from "../plan/steps";
import { forCreatedPolicy } from "../plan/takeover-mark";
import { say } from "./context";
import { mayHaveLanded } from "./errors";

export interface Applied {
  /** The id of the policy a `createPolicy` step created. */
  createdPolicyId?: string;
  /** How many steps completed. */
  completed: number;
}

/** A failure part-way whose rollback failed too: `stillApplied` are the steps the tenant still holds. */
export class ApplyFailure extends Error {
  constructor(
    message: string,
    readonly applied: Applied,
    readonly stillApplied: readonly Step[],
  ) {
    super(message);
  }

  get rolledBack(): boolean {
    return this.stillApplied.length === 0;
  }
}

/**
 * Runs a plan's steps in order. On a failure the completed steps are undone in reverse, so MFA goes back onto
 * foreign policies before the managed policy is deleted and nobody is left without MFA in between. `knownPolicyIds`
 * are the policies the plan was made from: a policy outside them is one a lost-answer create may have made.
 */
export async function applySteps(graph: GraphApi, steps: readonly Step[], who: string, knownPolicyIds: readonly string[], owner?: string): Promise<Applied> {
  const applied: Applied = { completed: 0 };
  // The steps as sent: a take-over planned with the create names the managed policy by the id the create returned,
  // and everything after (the rollback, the read-back of what held) works from what was sent.
  let sent: readonly Step[] = steps;
  try {
    for (let i = 0; i < sent.length; i++) {
      const step = sent[i]!;
      say(who, `step ${i + 1}/${steps.length}: ${step.description}`);
      if (step.kind === "createPolicy") {
        const id = (applied.createdPolicyId = (await graph.conditionalAccess.create(step.body, owner)).id);
        sent = sent.map((s) => (s.kind === "updatePolicy" ? { ...s, patch: forCreatedPolicy(s.patch, id) } : s));
      } else await graph.conditionalAccess.update(step.policyId, step.patch);
      applied.completed++;
    }
    return applied;
  } catch (error) {
    const failedStep = sent[applied.completed]!;
    const reason = `step ${applied.completed + 1}/${steps.length} ("${failedStep.description}") failed: ${error instanceof Error ? error.message : String(error)}`;
    // A write whose answer was lost may have landed: undo it too (putting back what was there is harmless if not).
    const toUndo = sent.slice(0, applied.completed);
    let unlooked = "";
    if (mayHaveLanded(error)) {
      if (failedStep.kind === "updatePolicy") toUndo.push(failedStep);
      else {
        const lookup = await findUnansweredCreate(graph, failedStep.body.displayName, knownPolicyIds, who);
        if ("id" in lookup) {
          applied.createdPolicyId = lookup.id;
          if (lookup.id) toUndo.push(failedStep);
        } else unlooked = ` Its answer was lost and looking for the policy it may have made failed too (${lookup.failed}): the tenant may hold it; the next run recognises it by its mark.`;
      }
    }
    const { failures, stillApplied } = await undo(graph, toUndo, applied.createdPolicyId, who);
    throw new ApplyFailure(
      failures.length
        ? `${reason}. Rolling back failed too (${failures.join("; ")}): read back, the tenant still holds ${stillApplied.length} of the changes.${unlooked}`
        : `${reason}. The ${toUndo.length} step(s) that may have landed were rolled back.${unlooked || " The tenant is as it was."}`,
      applied,
      stillApplied,
    );
  }
}

/**
 * The policy a create whose answer was lost made, if any: new since the plan, with the create's display name and
 * the marker the Graph client stamps into the description of what it creates.
 */
async function findUnansweredCreate(graph: GraphApi, displayName: string, knownPolicyIds: readonly string[], who: string): Promise<{ id: string | undefined } | { failed: string }> {
  const known = new Set(knownPolicyIds.map(normalizeGuid));
  try {
    const found = (await graph.conditionalAccess.list()).find(
      (p) =>
        !known.has(normalizeGuid(p.id)) &&
        p.displayName === displayName &&
        typeof p.description === "string" &&
        (withoutCreateMarker(p.description) ?? "") !== p.description,
    );
    if (found) say(who, `the create's answer was lost, but it landed: policy ${found.id}`);
    return { id: found?.id };
  } catch (e) {
    // Not finding it is not the same as its not being there.
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Undoes `done` in reverse. Once an undo has failed, a created managed policy is kept: a foreign policy may still be
 * without its MFA, and the managed policy is what requires it of those users.
 */
async function undo(graph: GraphApi, done: readonly Step[], createdPolicyId: string | undefined, who: string): Promise<{ failures: string[]; stillApplied: Step[] }> {
  const failures: string[] = [];
  const stillApplied: Step[] = [];
  for (const step of [...done].reverse()) {
    if (step.undo.kind === "deleteCreatedPolicy" && failures.length) {
      say(who, `keeping the managed policy: a policy it took MFA over from could not be put back`);
      stillApplied.push(step);
      continue;
    }
    say(who, `rolling back: ${step.undo.description}`);
    try {
      if (step.undo.kind === "deleteCreatedPolicy") {
        if (createdPolicyId) await graph.conditionalAccess.delete(createdPolicyId);
      } else await graph.conditionalAccess.update(step.undo.policyId, step.undo.patch);
    } catch (e) {
      failures.push(`${step.undo.description}: ${e instanceof Error ? e.message : String(e)}`);
      stillApplied.push(step);
    }
  }
  return { failures, stillApplied: failures.length ? await stillHeld(graph, stillApplied) : stillApplied };
}

/**
 * Of the changes whose undo failed, those the tenant still holds, read back: an undo whose answer was lost may have
 * landed, and the journal must record what the tenant holds, not what was attempted. Unreadable: all of them.
 */
async function stillHeld(graph: GraphApi, steps: readonly Step[]): Promise<Step[]> {
  try {
    const policies = await graph.conditionalAccess.list();
    return steps.filter((step) => {
      if (step.kind !== "updatePolicy") return true;
      const policy = findById(policies, step.policyId);
      return policy !== undefined && driftedParts(policy, step.patch).length === 0;
    });
  } catch {
    return [...steps];
  }
}
