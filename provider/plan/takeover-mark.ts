// The mark a take-over stamps into the description of a foreign policy, in the same PATCH that takes MFA out of it:
// the state and grant it had. The journal in the resource's outputs says the same, but a process killed after the
// PATCH landed and before the engine saved the outputs takes the journal with it; the mark is still in the tenant,
// so a re-run can journal the policy again and a destroy can put it back.

import type { ConditionalAccessGrantControls, ConditionalAccessPolicy, ConditionalAccessPolicyState } from "../graph/types";
import { writableGrant } from "./mfa-controls";

const TAKEOVER_MARK = /\s*\[entra-mfa took MFA over, was (enabled|disabled|enabledForReportingButNotEnforced), grant ([A-Za-z0-9_-]*)\]/;

export interface TakeoverMark {
  previousState: ConditionalAccessPolicyState;
  previousGrantControls: ConditionalAccessGrantControls;
}

/**
 * The policy's description with the mark of what it is now. An earlier mark is kept: it holds the state from before
 * this library first touched the policy, as the earliest journal entry does.
 */
export function withTakeoverMark(policy: ConditionalAccessPolicy): string {
  const description = typeof policy.description === "string" ? policy.description : "";
  if (takeoverMarkOf(description)) return description;
  const grant = Buffer.from(JSON.stringify(writableGrant(policy.grantControls)), "utf8").toString("base64url");
  const mark = `[entra-mfa took MFA over, was ${policy.state}, grant ${grant}]`;
  return description ? `${description} ${mark}` : mark;
}

/** What the policy was before the take-over, when its description carries the mark; undefined for a damaged one. */
export function takeoverMarkOf(description: string | null | undefined): TakeoverMark | undefined {
  const match = description?.match(TAKEOVER_MARK);
  if (!match) return undefined;
  try {
    const grant = JSON.parse(Buffer.from(match[2], "base64url").toString("utf8")) as unknown;
    // A taken-over policy required MFA, so it had a grant: anything but an object is not a mark this library wrote.
    if (typeof grant !== "object" || grant === null || Array.isArray(grant)) return undefined;
    return { previousState: match[1] as ConditionalAccessPolicyState, previousGrantControls: grant as ConditionalAccessGrantControls };
  } catch {
    return undefined;
  }
}

/** The description without the mark; null when nothing else is left, as Graph keeps an unset one. */
export function withoutTakeoverMark(description: string | null | undefined): string | null {
  return description?.replace(TAKEOVER_MARK, "") || null;
}
