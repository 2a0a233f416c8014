// Plain-text rendering of a take-over plan, for `pulumi preview` and the CLI.

import type { ManagedPolicyState } from "./inputs";
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
