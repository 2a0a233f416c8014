// Before SecurityDefaultsOff dares to turn Security Defaults off: do the hand-over policies protect everyone
// Security Defaults protected? Security Defaults requires MFA of every user for every application and cannot
// exclude anyone, so each hand-over policy must require MFA of all users (break-glass user or group exclusions
// aside) on every sign-in.

import type { ConditionalAccessPolicy } from "../graph/types";
import { narrowingConditions } from "./coverage";
import { mfaGrantOf } from "./mfa-controls";
import { canonical, findById, normalizeIdSet } from "./normalize";

/** What stands in the way of the hand-over, one sentence each; empty when it is safe. */
export function checkSecurityDefaultsHandover(policies: readonly ConditionalAccessPolicy[], handoverPolicyIds: readonly string[]): string[] {
  if (handoverPolicyIds.length === 0)
    return ["No hand-over policy is named: turning Security Defaults off would leave every user without enforced MFA."];
  return normalizeIdSet(handoverPolicyIds).flatMap((id) => {
    const policy = findById(policies, id);
    if (!policy) return [`Hand-over policy ${id} does not exist in the tenant.`];
    return policyProblems(policy).map((problem) => `Hand-over policy "${policy.displayName}" (${policy.id}) ${problem}.`);
  });
}

function policyProblems(policy: ConditionalAccessPolicy): string[] {
  const problems: string[] = [];
  const grant = policy.grantControls;
  if (grant?.builtInControls?.includes("block")) problems.push("blocks access instead of requiring MFA");
  else if (mfaGrantOf(grant).kind !== "required")
    problems.push(mfaGrantOf(grant).kind === "alternative" ? "lets users pass without MFA (MFA is OR-ed with other controls)" : "does not require MFA");
  const users = policy.conditions?.users;
  if (!users) return [...problems, "has no user condition"];
  if (!normalizeIdSet(users.includeUsers).includes("All")) problems.push("does not include all users");
  if (canonical(users.excludeRoles) !== undefined) problems.push("excludes directory roles (only user or group exclusions, for break-glass accounts, are allowed)");
  if (normalizeIdSet(users.excludeUsers).includes("GuestsOrExternalUsers") || canonical(users.excludeGuestsOrExternalUsers) !== undefined)
    problems.push("excludes guests or external users, whom Security Defaults protects");
  const narrowing = narrowingConditions(policy);
  if (narrowing.length) problems.push(`applies only to ${narrowing.join("; ")}, while Security Defaults covers every sign-in to every application`);
  return problems;
}
