// Taking MFA over: from Security Defaults and from other MFA-granting Conditional Access policies into the one
// managed policy, without anyone losing MFA and without anyone's sign-in becoming harder than "as before, plus MFA".
// The rules for each foreign policy live in candidates.ts, how its users move in carry-over.ts.

import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../graph/types";
import { takeOverOne, specExclusionConflict, type Source } from "./carry-over";
import { classify, type Candidate } from "./candidates";
import { foreignStep } from "./foreign-steps";
import type { ManagedMfaPolicySpec, ManagedPolicyState } from "./inputs";
import { describeState, graphState, managedPolicyBody, managedPolicyPatch, unionTargets, type ManagedPolicyBody } from "./managed-policy";
import { entriesToGiveBack } from "./give-back";
import { mfaStillRequired, mfaTakenAway } from "./mfa-losses";
import { planRestore } from "./restore";
import { describeGrant, enforcesMfa, type MfaControl } from "./mfa-controls";
import { findById, normalizeGuid, sameId } from "./normalize";
import { adoptionEntry, journalEntry, updateStep, type JournalEntry, type Step, type UpdateStep } from "./steps";
import { NEW_MANAGED_POLICY } from "./takeover-mark";
import { managedPolicyIdOf, type LeftAlonePolicy, type TakeoverPlan, type TenantSnapshot } from "./takeover-plan";
import { describeTargets, targetsOf } from "./targets";

/**
 * The ordered plan for the first apply (or a re-run) of a ManagedMfaPolicy. `journal` holds earlier runs' entries:
 * their policies are ours already, and the targets they moved stay in the managed policy.
 */
export function planMfaTakeover(snapshot: TenantSnapshot, spec: ManagedMfaPolicySpec, journal: readonly JournalEntry[] = []): TakeoverPlan {
  const warnings: string[] = [];
  const errors: string[] = [];
  const leftAlone: LeftAlonePolicy[] = [];
  const leave = (policy: ConditionalAccessPolicy, reason: string) =>
    leftAlone.push({ policyId: policy.id, displayName: policy.displayName, reason });

  const sdOn = snapshot.securityDefaults.isEnabled;
  const existingId = managedPolicyIdOf(snapshot, spec);
  const existing = existingId ? findById(snapshot.policies, existingId) : undefined;
  if (existingId && !existing) {
    if (snapshot.managedPolicyId) warnings.push(`The managed policy ${existingId} no longer exists in the tenant; it will be created again.`);
    else errors.push(`adoptPolicyId ${existingId} names no Conditional Access policy in the tenant.`);
  }

  // Security Defaults: Graph refuses an enabled Conditional Access policy while it is on.
  const wantsEnforcement = spec.state === "enabled";
  const handoverGaps = sdOn && spec.takeOver.securityDefaults && wantsEnforcement ? securityDefaultsGaps(spec) : [];
  errors.push(...handoverGaps);
  const handoverRequired = sdOn && spec.takeOver.securityDefaults && wantsEnforcement && handoverGaps.length === 0;
  const createState: ManagedPolicyState = sdOn && wantsEnforcement ? "reportOnly" : spec.state;
  const finalState: ManagedPolicyState = handoverRequired ? "enabled" : createState;
  if (sdOn && wantsEnforcement && !spec.takeOver.securityDefaults)
    warnings.push(
      "Security Defaults is on and takeOver.securityDefaults is false: Graph refuses an enabled Conditional Access policy while " +
        "Security Defaults is on, so the managed policy stays report-only until Security Defaults is turned off.",
    );
  if (sdOn && spec.takeOver.securityDefaults && !wantsEnforcement)
    warnings.push(`The managed policy is ${spec.state === "disabled" ? "disabled" : "report-only"}: it enforces nothing, so Security Defaults stays on.`);

  // Foreign policies: classify, then apply the rules that depend on the whole set.
  const journaled = new Set(journal.map((e) => normalizeGuid(e.policyId)));
  const required: MfaControl = spec.authenticationStrengthId ? { type: "strength", strengthId: spec.authenticationStrengthId } : { type: "builtIn" };
  let candidates: Candidate[] = [];
  for (const policy of snapshot.policies) {
    if ((existingId && sameId(policy.id, existingId)) || journaled.has(normalizeGuid(policy.id))) continue;
    const verdict = classify(policy, required, spec);
    if (verdict === "unrelated") continue;
    if ("leave" in verdict) leave(policy, verdict.leave);
    else candidates.push(verdict.candidate);
  }

  const holdBack =
    spec.takeOver.mfaPolicies === "leave"
      ? 'takeOver.mfaPolicies is "leave", so other MFA policies are not changed'
      : !wantsEnforcement
        ? `the managed policy is ${spec.state === "disabled" ? "disabled" : "report-only"}, so it would not enforce MFA for this policy's users`
        : sdOn
          ? "Security Defaults is still on, so the managed policy can only be report-only for now; run again once Security Defaults is off to take this policy over"
          : undefined;
  if (holdBack) {
    for (const c of candidates) leave(c.policy, `it requires MFA, but ${holdBack}`);
    candidates = [];
  }

  candidates = candidates.filter((c) => {
    const reason = specExclusionConflict(spec, c.targets);
    if (reason) leave(c.policy, reason);
    return !reason;
  });
  const allUsers = spec.includeAllUsers || candidates.some((c) => c.targets.includeAllUsers);
  candidates = candidates.filter((c) => {
    if (c.coversGuests && !allUsers)
      leave(c.policy, "it targets guests or external users, and the managed policy (which does not include all users) has no way to take them over");
    return !c.coversGuests || allUsers;
  });

  // No candidate is left while Security Defaults is on (held back above), so the other sources are the candidates.
  const sources: Source[] = candidates.map((c) => ({ name: `"${c.policy.displayName}"`, targets: c.targets }));
  const takenOver = candidates.map((c) => {
    const { taken, uncarried } = takeOverOne(c, sources);
    if (uncarried) warnings.push(uncarried);
    return taken;
  });

  // An update that enforces less gives the policies it took over their MFA back first (rule 1); what they moved in
  // then leaves the managed policy with them. That holds as well when the managed policy was deleted behind the
  // stack's back and is created again: the policies it took over are still stripped. A first apply has no journal,
  // so nothing to give back.
  const giveBack = planRestore(entriesToGiveBack(journal, snapshot.policies, spec, required), snapshot.policies, sdOn);
  const givenBack = giveBack.steps.map((s) => s.policyId);
  const kept = journal.filter((e) => !givenBack.some((id) => sameId(id, e.policyId)));
  const extraTargets = unionTargets(...kept.map((e) => e.movedTargets), ...takenOver.map((t) => t.movedTargets));
  const body: ManagedPolicyBody = { ...managedPolicyBody(spec, extraTargets), state: graphState(createState) };

  const steps: Step[] = [...giveBack.steps];
  const newJournal: JournalEntry[] = [];
  if (existing) {
    const adopting = !snapshot.managedPolicyId;
    const { losses, notes } = mfaTakenAway(existing, body, required, spec, adopting);
    if (adopting) {
      errors.push(...losses);
      warnings.push(...notes);
    } else if (losses.length || notes.length) {
      // An update changes what the spec itself declared (a narrower target, report-only during a lock-out): the
      // program's own decision, which a destroy could make as well, so it is done, but said before anything is written.
      warnings.push(...losses, ...notes, mfaStillRequired(afterSteps(snapshot, giveBack.steps), existing));
    }
    const patch = managedPolicyPatch(existing, body);
    if (patch) {
      const step = updateStep(
        "managed",
        existing,
        patch,
        `${adopting ? "Adopt" : "Update"} the managed policy "${existing.displayName}": ${describeChanges(patch)}.`,
        `Put "${existing.displayName}" back as it was (${Object.keys(patch).join(", ")}).`,
      );
      steps.push(step);
    }
    if (adopting) newJournal.push(adoptionEntry(existing, body, patch));
  } else {
    steps.push({
      kind: "createPolicy",
      role: "managed",
      body,
      description:
        `Create the managed policy "${body.displayName}" in state ${describeState(body.state)}, requiring ${describeGrant(body.grantControls)} ` +
        `for ${describeTargets(targetsOf(body.conditions.users))} on ${describeApplications(spec.applications)}.`,
      undo: { kind: "deleteCreatedPolicy", description: `Delete the managed policy "${body.displayName}".` },
    });
  }
  warnings.push(...giveBack.warnings);
  for (const [i, c] of candidates.entries()) {
    const { step, action } = foreignStep(c, existing?.id ?? NEW_MANAGED_POLICY);
    steps.push(step);
    newJournal.push(journalEntry(c.policy, action, step, takenOver[i]!.movedTargets));
  }

  // Said when the plan creates the managed policy (also again, after a deletion) or switches it on while nothing
  // enforces MFA: not on every re-run of a report-only policy.
  const anyMfaToday = sdOn || snapshot.policies.some(enforcesMfa);
  if (!anyMfaToday && (!existing || finalState === "enabled"))
    warnings.push(
      "No MFA is enforced in this tenant today: once the managed policy is enabled every user it targets must pass MFA, " +
        "and users without a registered method will be asked to register at their next sign-in.",
    );

  return {
    managedPolicy: { ...(existing ? { policyId: existing.id } : {}), body, createState, finalState, extraTargets },
    steps,
    journal: newJournal,
    givenBack,
    takenOver,
    leftAlone,
    warnings,
    errors,
    securityDefaults: { isEnabled: sdOn, handoverRequired, ...(sdOn && !handoverRequired ? { staysOnBecause: staysOnBecause(spec) } : {}) },
  };
}

/** The tenant as it will be once `steps` (PATCHes) are applied: what still protects people after a give-back. */
function afterSteps(snapshot: TenantSnapshot, steps: readonly UpdateStep[]): TenantSnapshot {
  const patched = (p: ConditionalAccessPolicy) => {
    const step = steps.find((s) => sameId(s.policyId, p.id));
    return step ? ({ ...p, ...step.patch } as ConditionalAccessPolicy) : p;
  };
  return { ...snapshot, policies: snapshot.policies.map(patched) };
}

/** Called only when Security Defaults is on and no hand-over is planned. */
function staysOnBecause(spec: ManagedMfaPolicySpec): string {
  if (!spec.takeOver.securityDefaults) return "takeOver.securityDefaults is false";
  if (spec.state !== "enabled") return `the managed policy is ${spec.state === "disabled" ? "disabled" : "report-only"}, so it enforces nothing`;
  return "handing it over to this policy is refused as declared (see Errors)";
}

/** Why handing Security Defaults over to this spec would leave someone it protected without MFA. */
function securityDefaultsGaps(spec: ManagedMfaPolicySpec): string[] {
  const fix = "or set takeOver.securityDefaults: false to keep Security Defaults on.";
  return [
    ...(spec.includeAllUsers
      ? []
      : [
          "Security Defaults is on and would be handed over to the managed policy, but the policy does not include all users: " +
            `Security Defaults protects everyone. Set includeAllUsers: true (break-glass exclusions are fine), ${fix}`,
        ]),
    ...(spec.applications.includes("All")
      ? []
      : [`Security Defaults is on and would be handed over, but the managed policy covers only some applications; use applications ["All"], ${fix}`]),
  ];
}

function describeChanges(patch: ConditionalAccessPolicyWrite): string {
  const parts = Object.keys(patch).flatMap((k) =>
    k === "conditions" ? Object.keys(patch.conditions ?? {}).map((c) => `conditions.${c}`) : [k],
  );
  return `set ${parts.join(", ")}`;
}

function describeApplications(apps: readonly string[]): string {
  return apps.includes("All") ? "all applications" : `applications ${apps.join(", ")}`;
}
