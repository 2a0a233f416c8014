// The mark a take-over stamps into the description of a foreign policy, in the same PATCH that takes MFA out of it:
// the managed policy it moved into, and the state and grant it had. The journal in the resource's outputs says the
// same, but a process killed after the PATCH landed and before the engine saved the outputs takes the journal with
// it; the mark is still in the tenant, so a re-run can journal the policy again and a destroy can put it back, and
// only the managed policy the mark names does so.

import type { ConditionalAccessGrantControls, ConditionalAccessPolicy, ConditionalAccessPolicyState, ConditionalAccessPolicyWrite } from "../graph/types";
import { writableGrant } from "./mfa-controls";

// Marks written before the managed policy's id was part of them have no `for <id>`.
const TAKEOVER_MARK = /\s*\[entra-mfa took MFA over(?: for ([\w-]+))?, was (enabled|disabled|enabledForReportingButNotEnforced), grant ([A-Za-z0-9_-]*)\]/;
// Every mark, a damaged one too, so a description never holds two.
const EVERY_TAKEOVER_MARK = new RegExp(TAKEOVER_MARK.source, "g");

/** Stands for the managed policy in a take-over planned before that policy exists; the apply writes its id in. */
export const NEW_MANAGED_POLICY = "new";

export interface TakeoverMark {
  /** The managed policy the take-over moved the policy's users into; absent in a mark of an earlier version. */
  managedPolicyId?: string;
  previousState: ConditionalAccessPolicyState;
  previousGrantControls: ConditionalAccessGrantControls;
}

/**
 * The policy's description with the mark of a take-over into `managedPolicyId`. An earlier mark's state and grant
 * are kept: they are from before this library first touched the policy, as the earliest journal entry's are.
 */
export function withTakeoverMark(policy: ConditionalAccessPolicy, managedPolicyId: string): string {
  const description = policy.description ?? "";
  const earlier = takeoverMarkOf(description);
  const state = earlier ? earlier.previousState : policy.state;
  const grant = Buffer.from(JSON.stringify(earlier ? earlier.previousGrantControls : writableGrant(policy.grantControls)), "utf8").toString("base64url");
  const mark = `${markHead(managedPolicyId)} was ${state}, grant ${grant}]`;
  const rest = withoutTakeoverMark(description) ?? "";
  return rest ? `${rest} ${mark}` : mark;
}

const markHead = (managedPolicyId: string) => `[entra-mfa took MFA over for ${managedPolicyId},`;

/** `patch` as the apply sends it once the create returned: the managed policy's id where the plan said NEW_MANAGED_POLICY. */
export function forCreatedPolicy(patch: ConditionalAccessPolicyWrite, createdPolicyId: string): ConditionalAccessPolicyWrite {
  const description = patch.description;
  if (typeof description !== "string" || !description.includes(markHead(NEW_MANAGED_POLICY))) return patch;
  return { ...patch, description: description.replace(markHead(NEW_MANAGED_POLICY), markHead(createdPolicyId)) };
}

/** What the policy was before the take-over, when its description carries the mark; undefined for a damaged one. */
export function takeoverMarkOf(description: string | null | undefined): TakeoverMark | undefined {
  const match = description?.match(TAKEOVER_MARK);
  if (!match) return undefined;
  try {
    const grant = JSON.parse(Buffer.from(match[3]!, "base64url").toString("utf8")) as unknown;
    // A taken-over policy required MFA, so it had a grant: anything but an object is not a mark this library wrote.
    if (typeof grant !== "object" || grant === null || Array.isArray(grant)) return undefined;
    return {
      ...(match[1] ? { managedPolicyId: match[1] } : {}),
      previousState: match[2] as ConditionalAccessPolicyState,
      previousGrantControls: grant as ConditionalAccessGrantControls,
    };
  } catch {
    return undefined;
  }
}

/** The description without the mark (any damaged one too); null when nothing else is left, as Graph keeps an unset one. */
export function withoutTakeoverMark(description: string | null | undefined): string | null {
  return description?.replace(EVERY_TAKEOVER_MARK, "") || null;
}
