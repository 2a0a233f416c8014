// The step that takes MFA out of a foreign policy (disable it, or remove MFA from its grant), with its undo.

import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../graph/types";
import type { Candidate } from "./candidates";
import { describeState } from "./managed-policy";
import { comparableGrant, describeGrant, writableGrant } from "./mfa-controls";
import { updateStep, type UpdateStep } from "./steps";
import type { TakeoverAction } from "./takeover-plan";
import { withTakeoverMark } from "./takeover-mark";

/** `managedPolicyId`: the managed policy the users move into, or NEW_MANAGED_POLICY when the plan creates it. */
export function foreignStep(c: Candidate, managedPolicyId: string): { step: UpdateStep; action: TakeoverAction } {
  const { policy, action } = c;
  let patch: ConditionalAccessPolicyWrite;
  let what: string;
  if (action === "disable") {
    patch = { state: "disabled" };
    what = `Disable "${policy.displayName}": MFA was its only purpose and the managed policy now requires it`;
  } else {
    const grant = writableGrant(policy.grantControls)!;
    const viaBuiltIn = grant.builtInControls.includes("mfa");
    const rest = {
      ...grant,
      builtInControls: grant.builtInControls.filter((control) => control !== "mfa"),
      authenticationStrength: viaBuiltIn ? grant.authenticationStrength : null,
    };
    patch = { grantControls: comparableGrant(rest) ? rest : null };
    what = patch.grantControls
      ? `Remove MFA from "${policy.displayName}", keeping ${describeGrant(rest)}: the managed policy now requires MFA for the same users`
      : `Remove the grant from "${policy.displayName}" (it keeps its session controls): the managed policy now requires MFA`;
  }
  // The mark rides in the same PATCH, so the tenant records the change exactly when it lands.
  const step = updateStep("foreign", policy, { ...patch, description: withTakeoverMark(policy, managedPolicyId) }, `${what}.`, `Put "${policy.displayName}" back: ${describeRestore(policy)}.`);
  return { step, action };
}

function describeRestore(policy: ConditionalAccessPolicy): string {
  return `state ${describeState(policy.state)}, requiring ${describeGrant(policy.grantControls)}`;
}
