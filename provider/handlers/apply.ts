import type { GraphApi } from "../graph";
import type { Step } from "../plan/steps";
import { say } from "./context";

export interface Applied {
  /** The id of the policy a `createPolicy` step created. */
  createdPolicyId?: string;
  /** How many steps completed. */
  completed: number;
}

/** A failure part-way, after a rollback that failed too: the tenant holds `applied` steps. */
export class ApplyFailure extends Error {
  constructor(
    message: string,
    readonly applied: Applied,
    readonly rolledBack: boolean,
  ) {
    super(message);
  }
}

/**
 * Runs a plan's steps in order. On a failure the completed steps are undone in reverse, so MFA goes back onto
 * foreign policies before the managed policy is deleted and nobody is left without MFA in between.
 */
export async function applySteps(graph: GraphApi, steps: readonly Step[], who: string): Promise<Applied> {
  const applied: Applied = { completed: 0 };
  try {
    for (const [i, step] of steps.entries()) {
      say(who, `step ${i + 1}/${steps.length}: ${step.description}`);
      if (step.kind === "createPolicy") applied.createdPolicyId = (await graph.conditionalAccess.create(step.body)).id;
      else await graph.conditionalAccess.update(step.policyId, step.patch);
      applied.completed++;
    }
    return applied;
  } catch (error) {
    const failedStep = steps[applied.completed]!;
    const reason = `step ${applied.completed + 1}/${steps.length} ("${failedStep.description}") failed: ${error instanceof Error ? error.message : String(error)}`;
    const failures = await undo(graph, steps.slice(0, applied.completed), applied.createdPolicyId, who);
    throw new ApplyFailure(
      failures.length
        ? `${reason}. Rolling back failed too (${failures.join("; ")}): the tenant holds the first ${applied.completed} step(s).`
        : `${reason}. The ${applied.completed} completed step(s) were rolled back; the tenant is as it was.`,
      applied,
      failures.length === 0,
    );
  }
}

async function undo(graph: GraphApi, done: readonly Step[], createdPolicyId: string | undefined, who: string): Promise<string[]> {
  const failures: string[] = [];
  for (const step of [...done].reverse()) {
    say(who, `rolling back: ${step.undo.description}`);
    try {
      if (step.undo.kind === "deleteCreatedPolicy") {
        if (createdPolicyId) await graph.conditionalAccess.delete(createdPolicyId);
      } else await graph.conditionalAccess.update(step.undo.policyId, step.undo.patch);
    } catch (e) {
      failures.push(`${step.undo.description}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failures;
}
