// Plain-text rendering of a take-over plan, for `pulumi preview` and the CLI.

import type { ManagedPolicyState } from "./inputs";
import type { PerUserMfaPlan } from "./per-user-mfa";
import { describeState, graphState } from "./managed-policy";
import type { TakeoverPlan } from "./takeover-plan";
import { describeTargets } from "./targets";

const stateWords = (state: ManagedPolicyState) => describeState(graphState(state));

export function renderPlan(plan: TakeoverPlan): string {
  const lines: string[] = [];
  const { managedPolicy: m, securityDefaults: sd } = plan;
  lines.push(`Managed MFA policy "${m.body.displayName}"${m.policyId ? ` (${m.policyId})` : ""}`);
  lines.push(`  state: ${stateWords(m.createState)}${m.finalState !== m.createState ? `, then ${stateWords(m.finalState)}` : ""}`);
  if (sd.isEnabled)
    lines.push(
      sd.handoverRequired
        ? "  Security Defaults is on: the policy is created report-only; SecurityDefaultsOff turns Security Defaults off and enables it in one step."
        : `  Security Defaults is on and stays on: ${sd.staysOnBecause}.`,
    );
  const moved = describeTargets(m.extraTargets);
  if (moved !== "nobody") lines.push(`  taken over from other policies: ${moved}`);

  if (!plan.steps.length) lines.push("No changes: the tenant already matches.");
  section(lines, "Steps", plan.steps.map((s, i) => `${i + 1}. ${s.description}\n       undo: ${s.undo.description}`), "  ");
  section(
    lines,
    "Taken over",
    plan.takenOver.map(
      (t) =>
        `"${t.displayName}" (${t.policyId}): ${t.action === "disable" ? "disabled" : "MFA removed"}; moves ${describeTargets(t.movedTargets)}` +
        t.notes.map((n) => `\n     ${n}`).join(""),
    ),
  );
  section(lines, "Left alone", plan.leftAlone.map((l) => `"${l.displayName}" (${l.policyId}): ${l.reason}.`));
  section(lines, "Warnings", plan.warnings);
  section(lines, "Errors (nothing will be applied)", plan.errors);
  return lines.join("\n");
}

function section(lines: string[], title: string, items: readonly string[], bullet = "  - "): void {
  if (!items.length) return;
  lines.push(`${title}:`);
  for (const item of items) lines.push(`${bullet}${item}`);
}

/** How many users a list names before it says "and N more". */
const NAMED = 20;

const named = (users: readonly { userId: string; userPrincipalName?: string }[]) =>
  users.slice(0, NAMED).map((u) => u.userPrincipalName ?? u.userId).join(", ") + (users.length > NAMED ? `, and ${users.length - NAMED} more` : "");

/** The per-user MFA part of a plan (takeOver.perUserMfa: "migrate"). */
export function renderPerUserMfa(plan: PerUserMfaPlan): string {
  const lines = ["Per-user MFA (legacy):"];
  if (plan.giveBack.length) lines.push(`  first, per-user MFA back for ${plan.giveBack.length} users the managed policy will no longer cover: ${named(plan.giveBack)}`);
  if (plan.heldBack) lines.push(`  nobody is switched off now: ${plan.heldBack}.`);
  if (plan.move.length)
    lines.push(`  once the managed policy is enabled and read back, switched to disabled (previous state journaled, put back at destroy): ${plan.move.length} users: ${named(plan.move)}`);
  const notCovered = plan.left.filter((l) => l.reason !== plan.heldBack);
  if (notCovered.length) {
    lines.push(`  left on per-user MFA, not covered by the managed policy: ${notCovered.length} users:`);
    for (const l of notCovered.slice(0, NAMED)) lines.push(`    - ${l.userPrincipalName ?? l.userId} (${l.state}): ${l.reason}`);
    if (notCovered.length > NAMED) lines.push(`    - and ${notCovered.length - NAMED} more`);
  }
  if (!plan.move.length && !plan.left.length && !plan.giveBack.length) lines.push("  nobody is on per-user MFA: nothing to move.");
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}
