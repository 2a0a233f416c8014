// Putting journaled policies back on destroy: only where what we set is still in place, since a later change was
// someone's decision and overwriting it would be destroying what we did not create.

import type { ConditionalAccessGrantControls, ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../graph/types";
import { describeState } from "./managed-policy";
import { comparableGrant, describeGrant } from "./mfa-controls";
import { diffPaths, findById } from "./normalize";
import { updateStep, type JournalEntry, type UpdateStep } from "./steps";
import { takeoverMarkOf, withoutTakeoverMark } from "./takeover-mark";

export interface RestorePlan {
  /** PATCHes to run (before the managed policy is deleted, so nobody loses MFA in between). */
  steps: UpdateStep[];
  warnings: string[];
}

/** The parts of `set` that no longer hold in `policy`, as dotted paths. */
export function driftedParts(policy: ConditionalAccessPolicy, set: ConditionalAccessPolicyWrite): string[] {
  const under = (key: string, paths: string[]) => paths.map((p) => (p === "(value)" ? key : `${key}.${p}`));
  return Object.entries(set).flatMap(([key, value]) => {
    if (key === "grantControls")
      return under(key, diffPaths(comparableGrant(policy.grantControls), comparableGrant(value as ConditionalAccessGrantControls | null)));
    if (key === "conditions") {
      const conditions = (policy.conditions ?? {}) as Record<string, unknown>;
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => under(`conditions.${k}`, diffPaths(conditions[k], v)));
    }
    return under(key, diffPaths(policy[key], value));
  });
}

/**
 * `securityDefaultsOn`: Graph refuses to enable a Conditional Access policy while Security Defaults is on (a
 * SecurityDefaultsOff destroyed first turned it back on), and would refuse for ever, so a policy that was enabled is
 * put back in every other part and left as it is now, with a warning; Security Defaults requires MFA of everyone
 * meanwhile, so nobody is left without it and the destroy can finish.
 */
export function planRestore(journal: readonly JournalEntry[], currentPolicies: readonly ConditionalAccessPolicy[], securityDefaultsOn = false): RestorePlan {
  const steps: UpdateStep[] = [];
  const warnings: string[] = [];
  // Latest first, so a policy changed twice ends as it was before the first change.
  for (const entry of [...journal].reverse()) {
    const policy = findById(currentPolicies, entry.policyId);
    const name = `"${entry.displayName}" (${entry.policyId})`;
    if (!policy) {
      warnings.push(`Policy ${name} no longer exists, so it cannot be put back (it was ${describeState(entry.previousState)}, requiring ${describeGrant(entry.previousGrantControls)}).`);
      continue;
    }
    // An adopted policy was ours to change while we managed it; giving it back means putting back what it was.
    const drifted = entry.action === "adopt" ? [] : driftedParts(policy, entry.set);
    if (drifted.length) {
      warnings.push(
        `Policy ${name} was changed since this stack changed it (${drifted.join(", ")} differ from what was set), so it is left as it is. ` +
          `Before the take-over it was ${describeState(entry.previousState)}, requiring ${describeGrant(entry.previousGrantControls)}; restore that by hand if wanted.`,
      );
      continue;
    }
    let patch = entry.previous;
    if (securityDefaultsOn && (patch.state ?? policy.state) === "enabled") {
      // Graph refuses any write that leaves a policy enabled while Security Defaults is on.
      const { state: _refused, ...rest } = patch;
      const writable = policy.state !== "enabled" && Object.keys(rest).length > 0;
      warnings.push(
        `Policy ${name} cannot be put back while Security Defaults is on (Graph refuses to write an enabled Conditional Access ` +
          `policy then): it stays ${describeState(policy.state)}${writable ? " with its other settings put back" : " as it is"}; before ` +
          `the take-over it was ${describeState(entry.previousState)}, requiring ${describeGrant(entry.previousGrantControls)}. ` +
          "Security Defaults requires MFA of every user meanwhile; put the policy back once Security Defaults is off, if it is still wanted.",
      );
      if (!writable) continue;
      patch = rest;
    }
    if (takeoverMarkOf(policy.description)) patch = { ...patch, description: withoutTakeoverMark(policy.description) };
    // Already as it was (an adoption that changed nothing, or a restore that landed before a lost answer): no write.
    if (driftedParts(policy, patch).length === 0) continue;
    steps.push(
      updateStep(
        entry.action === "adopt" ? "managed" : "foreign",
        policy,
        patch,
        `Put ${name} back: ${describeState(patch.state ?? policy.state)}, requiring ${describeGrant(entry.previousGrantControls)}.`,
        `Apply the take-over change to ${name} again.`,
      ),
    );
  }
  return { steps, warnings };
}
