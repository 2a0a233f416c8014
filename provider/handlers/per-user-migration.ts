// ManagedMfaPolicy's `takeOver.perUserMfa`: around the Conditional Access apply, first give per-user MFA back to
// journaled users the policy is about to stop covering (or to all of them when the option went back to "leave"),
// then, once the managed policy is read back enabled, switch covered users off per-user MFA, journal first.
import type { ConditionalAccessPolicy, GraphApi } from "../graph";
import {
  EMPTY_PER_USER_JOURNAL,
  journalEntries,
  packJournal,
  type LegacyMfaState,
  type PerUserMfaEntries,
  type PerUserMfaJournal,
} from "../plan/per-user-journal";
export type { PerUserMfaOutputs };
import {
  journalAfter,
  planPerUserMfa,
  planPerUserRestore,
  type AppliedManagedPolicy,
  type PerUserMfaOutputs,
  type PerUserMfaPlan,
  type ScopeMembers,
} from "../plan/per-user-mfa";
import type { TakeOverPerUserMfa } from "../plan/inputs";
import { sameValue } from "../plan/normalize";
import { say, warn } from "./context";
import { readPerUserStates, readScopeMembers, setPerUserStates, type PerUserStates } from "./per-user-mfa";

export const NO_PER_USER_MFA: PerUserMfaOutputs = { journal: EMPTY_PER_USER_JOURNAL, notCovered: 0 };

/** A switch-off that failed part-way after the managed policy was applied: the outputs to record. */
export class PerUserMfaFailure extends Error {
  constructor(
    message: string,
    readonly outputs: PerUserMfaOutputs,
  ) {
    super(message);
  }
}

export interface BeforeApply {
  states?: PerUserStates;
  journal: Map<string, LegacyMfaState>;
  /** The members read for the planned policy's user condition: reused when the policy reads back with the same. */
  scope?: { users: unknown; members: ScopeMembers };
}

const legacyWrites = (moves: readonly { userId: string; previous: LegacyMfaState }[]) => moves.map((m) => ({ userId: m.userId, state: m.previous }));

/**
 * Before the Conditional Access steps, which may narrow the policy: per-user MFA goes back to journaled users the
 * planned policy will not cover, so nobody is without MFA in between. With "leave", every journaled user gets it
 * back and the journal ends. Reads nothing when there is nothing to migrate or restore.
 */
export async function beforePolicyApply(graph: GraphApi, who: string, mode: TakeOverPerUserMfa, earlier: PerUserMfaJournal | undefined, planned: AppliedManagedPolicy, securityDefaultsOn: boolean): Promise<BeforeApply> {
  const journal = journalEntries(earlier);
  if (mode === "leave" && !journal.size) return { journal };
  const states = await readPerUserStates(graph, (m) => say(who, m), new Set(journal.keys()));
  if (mode === "leave") {
    await restorePerUserMfa(graph, who, journal, states);
    return { journal: new Map() };
  }
  if (!journal.size) return { states, journal };
  const members = await readScopeMembers(graph, planned.conditions?.users);
  const plan = planPerUserMfa({ users: states.users, policy: planned, securityDefaultsOn, members, journal });
  await giveBack(graph, who, plan);
  return { states, journal: journalAfter(journal, { move: [], giveBack: plan.giveBack, released: plan.released }), scope: { users: planned.conditions?.users, members } };
}

async function giveBack(graph: GraphApi, who: string, plan: PerUserMfaPlan): Promise<void> {
  if (!plan.giveBack.length) return;
  say(who, `per-user MFA: ${plan.giveBack.length} users moved earlier are no longer covered by the managed policy; giving them their per-user MFA back first`);
  await setPerUserStates(graph, who, legacyWrites(plan.giveBack), "given back");
}

/** Destroy, or "leave" again: every journaled user back to the state they had (only they, and only if it differs). */
export async function restorePerUserMfa(graph: GraphApi, who: string, journal: PerUserMfaEntries, states?: PerUserStates): Promise<void> {
  if (!journal.size) return;
  const restore = planPerUserRestore(journal, (states ?? (await readPerUserStates(graph, (m) => say(who, m)))).stateOf);
  if (restore.gone.length) warn(who, `per-user MFA: ${restore.gone.length} journaled users no longer exist, so there is nothing to put back for them: ${restore.gone.slice(0, 10).join(", ")}`);
  say(who, `per-user MFA: putting ${restore.writes.length} users back to the per-user state they had (${journal.size} journaled)`);
  await setPerUserStates(graph, who, restore.writes, "restored");
}

/**
 * After the Conditional Access steps: the managed policy is read back, and only users it covers now, enabled, are
 * switched off; the journal holds them before the first write. Covered users are moved only while the policy
 * enforces MFA; otherwise `pending` says why and the next up tries again.
 */
export async function afterPolicyApply(graph: GraphApi, who: string, policyId: string, before: BeforeApply): Promise<PerUserMfaOutputs> {
  if (!before.states) return NO_PER_USER_MFA;
  const policy: ConditionalAccessPolicy | undefined = await graph.conditionalAccess.get(policyId);
  const { isEnabled } = await graph.securityDefaults.get();
  const users = policy?.conditions?.users;
  const members = before.scope && sameValue(before.scope.users, users) ? before.scope.members : await readScopeMembers(graph, users);
  const plan = planPerUserMfa({ users: before.states.users, policy, securityDefaultsOn: isEnabled, members, journal: before.journal });
  for (const note of plan.notes) say(who, note);
  if (plan.heldBack) warn(who, `per-user MFA: nobody is switched off yet: ${plan.heldBack}`);
  const notCovered = plan.left.filter((l) => !plan.heldBack || l.reason !== plan.heldBack);
  if (notCovered.length)
    warn(
      who,
      `per-user MFA: ${notCovered.length} users stay on per-user MFA, not covered by the managed policy: ` +
        notCovered.slice(0, 20).map((l) => `${l.userPrincipalName ?? l.userId} (${l.state}): ${l.reason}`).join("; ") +
        (notCovered.length > 20 ? `; and ${notCovered.length - 20} more` : ""),
    );
  await giveBack(graph, who, plan);
  const journal = journalAfter(before.journal, plan);
  const outputs: PerUserMfaOutputs = { journal: packJournal(journal), notCovered: notCovered.length, ...(plan.heldBack ? { pending: plan.heldBack } : {}) };
  if (!plan.move.length) return outputs;
  say(who, `per-user MFA: the managed policy is enabled and covers ${plan.move.length} users on per-user MFA; switching them to disabled`);
  try {
    await setPerUserStates(graph, who, plan.move.map((m) => ({ userId: m.userId, state: "disabled" as const })), "switched off");
  } catch (error) {
    throw new PerUserMfaFailure(error instanceof Error ? error.message : String(error), { ...outputs, pending: "the last run failed part-way" });
  }
  return outputs;
}

/**
 * Refresh: whether users the managed policy covers are on per-user MFA again (switched back by hand, or newly
 * enabled), or journaled users it no longer covers lack it; either is drift the next up repairs.
 */
export async function perUserMfaDrift(graph: GraphApi, who: string, policy: ConditionalAccessPolicy, earlier: PerUserMfaJournal | undefined): Promise<boolean> {
  const journal = journalEntries(earlier);
  const states = await readPerUserStates(graph, (m) => say(who, m), new Set(journal.keys()));
  const { isEnabled } = await graph.securityDefaults.get();
  const members = await readScopeMembers(graph, policy.conditions?.users);
  const plan = planPerUserMfa({ users: states.users, policy, securityDefaultsOn: isEnabled, members, journal });
  if (plan.move.length) warn(who, `per-user MFA: ${plan.move.length} users the managed policy covers are on per-user MFA again (${plan.move.slice(0, 10).map((m) => m.userPrincipalName ?? m.userId).join(", ")}); the next up switches them off`);
  if (plan.giveBack.length) warn(who, `per-user MFA: ${plan.giveBack.length} users switched off per-user MFA are no longer covered by the managed policy; the next up gives it back to them`);
  return plan.move.length + plan.giveBack.length > 0;
}
