// Before SecurityDefaultsOff dares to turn Security Defaults off: do the hand-over policies protect everyone
// Security Defaults protected? Security Defaults requires MFA of every user for every application and cannot
// exclude anyone, so each hand-over policy must require MFA of all users (break-glass user or group exclusions
// aside) on every sign-in.

import type { ConditionalAccessPolicy } from "../graph/types";
import { narrowingConditions } from "./coverage";
import { mfaGrantOf } from "./mfa-controls";
import { canonical, findById, normalizeGuid, normalizeIdSet } from "./normalize";

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
  const users = policy.conditions.users;
  if (!users) return [...problems, "has no user condition"];
  if (!normalizeIdSet(users.includeUsers).includes("All")) problems.push("does not include all users");
  if (canonical(users.excludeRoles) !== undefined) problems.push("excludes directory roles (only user or group exclusions, for break-glass accounts, are allowed)");
  if (normalizeIdSet(users.excludeUsers).includes("GuestsOrExternalUsers") || canonical(users.excludeGuestsOrExternalUsers) !== undefined)
    problems.push("excludes guests or external users, whom Security Defaults protects");
  const narrowing = narrowingConditions(policy);
  if (narrowing.length) problems.push(`applies only to ${narrowing.join("; ")}, while Security Defaults covers every sign-in to every application`);
  return problems;
}

/**
 * A legitimate exclusion from a hand-over policy is a break-glass account: one of a small set of emergency access
 * accounts named in `breakGlassAccounts`. Anyone else a hand-over policy leaves out, directly or as a member of an
 * excluded group (a group holding everyone, the admins), would be without MFA once Security Defaults is off.
 */
export const MAX_BREAK_GLASS_ACCOUNTS = 5;

/** Whom one hand-over policy leaves out, as read from the tenant: user id → "directly" or the excluded group's id. */
export interface HandoverExclusions {
  policy: Pick<ConditionalAccessPolicy, "id" | "displayName">;
  users: ReadonlyMap<string, string>;
}

/** The users each hand-over policy excludes that are not declared break-glass accounts, per policy. */
function undeclaredExclusions(exclusions: readonly HandoverExclusions[], breakGlass: ReadonlySet<string>): { policy: HandoverExclusions["policy"]; users: [string, string][] }[] {
  return exclusions
    .map(({ policy, users }) => ({ policy, users: [...users].filter(([id]) => !breakGlass.has(normalizeGuid(id))) }))
    .filter((e) => e.users.length > 0);
}

/** How many left-out users a sentence names before it says "and N more". */
const SHOWN_USERS = 5;

/** "a, b (through group g) and 2 more": the first SHOWN_USERS in id order, whatever order they were found in. */
function listLeftOut(users: Iterable<[string, string]>, nameOf: (userId: string) => string): string {
  const sorted = [...users].sort(([a], [b]) => a.localeCompare(b));
  const named = sorted.slice(0, SHOWN_USERS).map(([id, via]) => (via === "directly" ? nameOf(id) : `${nameOf(id)} (through group ${via})`));
  return `${named.join(", ")}${sorted.length > SHOWN_USERS ? ` and ${sorted.length - SHOWN_USERS} more` : ""}`;
}

/** One sentence per hand-over policy that excludes anyone beyond the break-glass accounts; `nameOf` names a user. */
export function exclusionProblems(exclusions: readonly HandoverExclusions[], breakGlass: ReadonlySet<string>, nameOf: (userId: string) => string): string[] {
  return undeclaredExclusions(exclusions, breakGlass).map(({ policy, users }) => {
    return (
      `Hand-over policy "${policy.displayName}" (${policy.id}) excludes ${users.length} user${users.length === 1 ? "" : "s"} who ` +
      `${users.length === 1 ? "is not a declared break-glass account" : "are not declared break-glass accounts"}: ${listLeftOut(users, nameOf)}. ` +
      `They would be left without MFA: narrow the policy's exclusions, or declare the emergency access accounts in breakGlassAccounts (at most ${MAX_BREAK_GLASS_ACCOUNTS}).`
    );
  });
}

/**
 * What changed in the hand-over policies between the check before the cut-over (`checked`) and the read after it
 * (`now`) that could leave someone without MFA: a policy gone, a problem the check would now find, or a user or group
 * newly excluded (its members were not among those checked). Empty when the cut-over protects what was checked.
 */
export function handoverChangesSince(checked: readonly ConditionalAccessPolicy[], now: readonly ConditionalAccessPolicy[], handoverPolicyIds: readonly string[]): string[] {
  const before = new Set(checkSecurityDefaultsHandover(checked, handoverPolicyIds));
  const problems = checkSecurityDefaultsHandover(now, handoverPolicyIds).filter((p) => !before.has(p));
  const widened = normalizeIdSet(handoverPolicyIds).flatMap((id) => {
    const was = findById(checked, id)?.conditions.users;
    const is = findById(now, id)?.conditions.users;
    if (!was || !is) return [];
    const added = (key: "excludeUsers" | "excludeGroups") => normalizeIdSet(is[key]).filter((x) => !normalizeIdSet(was[key]).includes(x));
    const users = added("excludeUsers");
    const groups = added("excludeGroups");
    return users.length || groups.length
      ? [`Hand-over policy "${findById(now, id)!.displayName}" (${id}) now also excludes ${[...users.map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`)].join(", ")}, which were not checked.`]
      : [];
  });
  return [...problems, ...widened];
}

/**
 * The break-glass rule for the managed policy where it is what protects everyone (a hand-over of Security
 * Defaults, or an update while Security Defaults is off): its exclusions may leave out a small, named set, at most
 * MAX_BREAK_GLASS_ACCOUNTS users in all, directly or through excluded groups. Whether each is a declared break-glass
 * account (a Global Administrator among them included) is SecurityDefaultsOff's check, with its breakGlassAccounts.
 */
export function managedExclusionProblems(leftOut: ReadonlyMap<string, string>, nameOf: (userId: string) => string): string[] {
  if (leftOut.size <= MAX_BREAK_GLASS_ACCOUNTS) return [];
  return [
    `The managed policy's exclusions leave ${leftOut.size} users without MFA (${listLeftOut(leftOut, nameOf)}), ` +
      `more than the ${MAX_BREAK_GLASS_ACCOUNTS} break-glass accounts an all-users MFA policy may leave out: narrow excludeUsers / excludeGroups to the emergency access accounts.`,
  ];
}
