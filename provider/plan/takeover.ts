// Taking MFA over: from Security Defaults and from other MFA-granting Conditional Access policies into the one
// managed policy, without anyone losing MFA and without anyone's sign-in becoming harder than "as before, plus MFA".
//
// Grant controls combine as AND across every policy that applies to a sign-in, and by each policy's `operator`
// inside it. So once the managed policy requires MFA for a user, a policy requiring "MFA AND x" for that user can
// drop MFA and still demand the same; a policy requiring only MFA has nothing left to do; a policy offering
// "MFA OR x" never enforced MFA, and dropping MFA from it would leave x alone: stricter, so it is left alone.

import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite, ConditionalAccessUsers } from "../graph/types";
import type { ManagedMfaPolicySpec, ManagedPolicyState } from "./inputs";
import {
  describeState,
  graphState,
  managedPolicyBody,
  managedPolicyPatch,
  NO_TARGETS,
  unionTargets,
  type ManagedPolicyBody,
  type TargetSet,
} from "./managed-policy";
import {
  comparableGrant,
  describeGrant,
  describeStrength,
  enforcesMfa,
  mfaGrantOf,
  mfaRequirementId,
  writableGrant,
  BUILT_IN_MFA_STRENGTH_ID,
  type MfaControl,
} from "./mfa-controls";
import { narrowingConditions } from "./coverage";
import { checkSecurityDefaultsHandover } from "./handover";
import { canonical, findById, normalizeGuid, normalizeIdSet } from "./normalize";
import { describeIds, describeTargets, renderPlan } from "./render";
import { journalEntry, updateStep, type JournalEntry, type Step } from "./steps";

export { renderPlan };

export interface TenantSnapshot {
  securityDefaults: { isEnabled: boolean };
  policies: ConditionalAccessPolicy[];
  /** The policy this resource already manages, when it exists (updates, re-runs). */
  managedPolicyId?: string;
}

export type TakeoverAction = "stripMfa" | "disable";

export interface TakenOverPolicy {
  policyId: string;
  displayName: string;
  action: TakeoverAction;
  movedTargets: TargetSet;
  /** What the reader should know, e.g. that its MFA applied only to some applications and now applies to all. */
  notes: string[];
}

export interface LeftAlonePolicy {
  policyId: string;
  displayName: string;
  reason: string;
}

export interface TakeoverPlan {
  managedPolicy: {
    /** Set when the policy exists already (managed before, or adopted). */
    policyId?: string;
    body: ManagedPolicyBody;
    createState: ManagedPolicyState;
    /** The state once Security Defaults has been handed over (SecurityDefaultsOff enables it). */
    finalState: ManagedPolicyState;
    /** Targets moved in from taken-over policies, now and on earlier runs: pass them to managedPolicyBody later. */
    extraTargets: TargetSet;
  };
  steps: Step[];
  /** New entries only; earlier runs' entries stay in the resource's state. */
  journal: JournalEntry[];
  takenOver: TakenOverPolicy[];
  leftAlone: LeftAlonePolicy[];
  warnings: string[];
  /** Reasons the plan must not be applied; the handler fails with them. */
  errors: string[];
  securityDefaults: { isEnabled: boolean; handoverRequired: boolean };
}

/** A policy that could be taken over, with what it would contribute. */
interface Candidate {
  policy: ConditionalAccessPolicy;
  action: TakeoverAction;
  /** Its includes and its own exclusions. */
  targets: TargetSet;
  coversGuests: boolean;
  excludedGuests: boolean;
  notes: string[];
}

type Verdict = { candidate: Candidate } | { leave: string } | "unrelated";

const KNOWN_CONTROLS = new Set(["mfa", "block", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange", "riskRemediation"]);
/** Controls Graph accepts only next to MFA, so MFA cannot be removed from their policy. */
const NEEDS_MFA = new Set(["passwordChange", "riskRemediation"]);
const GUESTS = "GuestsOrExternalUsers";

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
  const existingId = snapshot.managedPolicyId ?? spec.adoptPolicyId;
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

  const sources: Source[] = [
    ...candidates.map((c) => ({ name: `"${c.policy.displayName}"`, targets: c.targets })),
    ...(handoverRequired ? [{ name: "Security Defaults", targets: { ...NO_TARGETS, includeAllUsers: true } }] : []),
  ];
  const takenOver = candidates.map((c) => {
    const { taken, uncarried } = takeOverOne(c, sources);
    if (uncarried) warnings.push(uncarried);
    return taken;
  });

  const extraTargets = unionTargets(...journal.map((e) => e.movedTargets), ...takenOver.map((t) => t.movedTargets));
  const body: ManagedPolicyBody = { ...managedPolicyBody(spec, extraTargets), state: graphState(createState) };

  const steps: Step[] = [];
  const newJournal: JournalEntry[] = [];
  const adopting = existing !== undefined && !snapshot.managedPolicyId;
  if (existing) {
    const { losses, notes } = mfaTakenAway(existing, body, required, spec, adopting);
    if (adopting) {
      errors.push(...losses);
      warnings.push(...notes);
    } else if (losses.length || notes.length) {
      // An update changes what the spec itself declared (a narrower target, report-only during a lock-out): the
      // program's own decision, which a destroy could make as well, so it is done, but said before anything is written.
      warnings.push(...losses, ...notes, mfaStillRequired(snapshot, existing));
      const takenFrom = journal.filter((e) => e.action !== "adopt").map((e) => `"${e.displayName}"`);
      if (body.state !== "enabled" && takenFrom.length)
        warnings.push(`The policies whose MFA it took over (${takenFrom.join(", ")}) stay without it until the policy is enabled again or destroyed.`);
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
      if (adopting) newJournal.push(journalEntry(existing, "adopt", step, NO_TARGETS));
    }
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
  for (const [i, c] of candidates.entries()) {
    const { step, action } = foreignStep(c);
    steps.push(step);
    newJournal.push(journalEntry(c.policy, action, step, takenOver[i]!.movedTargets));
  }

  const anyMfaToday = sdOn || snapshot.policies.some((p) => enforcesMfa(p) && !(existingId && sameId(p.id, existingId)));
  if (!anyMfaToday && !existing && journal.length === 0)
    warnings.push(
      "No MFA is enforced in this tenant today: once the managed policy is enabled every user it targets must pass MFA, " +
        "and users without a registered method will be asked to register at their next sign-in.",
    );

  return {
    managedPolicy: { ...(existing ? { policyId: existing.id } : {}), body, createState, finalState, extraTargets },
    steps,
    journal: newJournal,
    takenOver,
    leftAlone,
    warnings,
    errors,
    securityDefaults: { isEnabled: sdOn, handoverRequired },
  };
}

function sameId(a: string, b: string): boolean {
  return normalizeGuid(a) === normalizeGuid(b);
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
    ...(spec.applications.length === 1 && spec.applications[0] === "All"
      ? []
      : [`Security Defaults is on and would be handed over, but the managed policy covers only some applications; use applications ["All"], ${fix}`]),
  ];
}

function classify(policy: ConditionalAccessPolicy, required: MfaControl, spec: ManagedMfaPolicySpec): Verdict {
  const grant = mfaGrantOf(policy.grantControls);
  if (grant.kind === "none") return "unrelated";
  if (policy.state !== "enabled") return { leave: `it is ${describeState(policy.state)}, so it enforces nothing` };
  const users = policy.conditions?.users;
  if (!users) return { leave: "it has no user condition (it may target workload identities), so whom it covers cannot be told" };
  const unknownControls = (policy.grantControls?.builtInControls ?? []).filter((c) => !KNOWN_CONTROLS.has(c));
  const operator = String(policy.grantControls?.operator ?? "OR").toUpperCase();
  if (unknownControls.length || (operator !== "AND" && operator !== "OR"))
    return { leave: `its grant controls (${[...unknownControls, `operator ${operator}`].join(", ")}) are not ones this plan understands` };
  if (grant.kind === "alternative")
    return {
      leave:
        `it requires ${describeGrant(policy.grantControls)}: MFA is only one way to pass, so it does not enforce MFA, ` +
        "and removing MFA would leave only the other controls (stricter than today)",
    };
  if (mfaRequirementId(grant.via) !== mfaRequirementId(required)) return { leave: strengthMismatch(grant.via, required) };
  const blocked = grant.otherControls.filter((c) => NEEDS_MFA.has(c) || c === "block");
  if (blocked.length) return { leave: `it requires MFA together with ${blocked.join(", ")}, which Graph accepts only alongside MFA` };
  const appsOutside = applicationsOutside(policy, spec.applications);
  if (appsOutside) return { leave: `it requires MFA for ${appsOutside}, which the managed policy does not cover` };
  const apps = normalizeIdSet(policy.conditions.applications?.includeApplications).filter((a) => a !== "None");
  if (!apps.length) return { leave: "it applies to no application, so it enforces nothing" };

  const includeUsers = normalizeIdSet(users.includeUsers);
  const targets = targetsOf(users);
  if (!targets.includeAllUsers && !targets.includeUsers.length && !targets.includeGroups.length && !targets.includeRoles.length && !includeUsers.includes(GUESTS) && !users.includeGuestsOrExternalUsers)
    return { leave: "it includes no users" };
  const hasSession = canonical(policy.sessionControls) !== undefined;
  return {
    candidate: {
      policy,
      action: grant.otherControls.length || hasSession ? "stripMfa" : "disable",
      targets,
      coversGuests: includeUsers.includes(GUESTS) || canonical(users.includeGuestsOrExternalUsers) !== undefined,
      excludedGuests: normalizeIdSet(users.excludeUsers).includes(GUESTS) || canonical(users.excludeGuestsOrExternalUsers) !== undefined,
      notes: scopeNotes(policy),
    },
  };
}

function strengthMismatch(via: MfaControl, required: MfaControl): string {
  const theirs = via.type === "builtIn" ? "MFA" : describeStrength(via.strengthId);
  const ours = required.type === "builtIn" ? "MFA" : describeStrength(required.strengthId);
  return mfaRequirementId(via) === BUILT_IN_MFA_STRENGTH_ID
    ? `it requires ${theirs}, and the managed policy requires ${ours} instead: moving its users would make their sign-in harder than MFA`
    : `it requires ${theirs}, stronger than (or different from) the managed policy's ${ours}: taking it over would weaken its users' sign-in`;
}

/**
 * What a policy protects that the managed policy does not, described, or undefined when it has nothing of the
 * kind. User actions (registering security info) and authentication contexts are not cloud applications: a
 * policy on "All" applications does not reach them, so MFA there cannot move.
 */
function applicationsOutside(policy: ConditionalAccessPolicy, managedApps: readonly string[]): string | undefined {
  const apps = policy.conditions?.applications;
  const actions = normalizeIdSet(apps?.includeUserActions);
  if (actions.length) return `the user actions ${actions.join(", ")}`;
  if (canonical(apps?.includeAuthenticationContextClassReferences) !== undefined)
    return `the authentication contexts ${normalizeIdSet(apps?.includeAuthenticationContextClassReferences).join(", ")}`;
  if (managedApps.includes("All")) return undefined;
  const outside = normalizeIdSet(apps?.includeApplications).filter((a) => !managedApps.includes(a) && a !== "None");
  return outside.length ? `applications ${outside.join(", ")}` : undefined;
}

function targetsOf(users: ConditionalAccessUsers): TargetSet {
  const ids = (list: string[] | undefined) => normalizeIdSet(list).filter((id) => id !== "All" && id !== "None" && id !== GUESTS);
  return {
    includeAllUsers: normalizeIdSet(users.includeUsers).includes("All"),
    includeUsers: ids(users.includeUsers),
    includeGroups: ids(users.includeGroups),
    includeRoles: ids(users.includeRoles),
    excludeUsers: ids(users.excludeUsers),
    excludeGroups: ids(users.excludeGroups),
    excludeRoles: ids(users.excludeRoles),
  };
}

/** How a policy's reach was narrower than "every sign-in to every application": moving its users widens it. */
function scopeNotes(policy: ConditionalAccessPolicy): string[] {
  const narrowing = narrowingConditions(policy);
  return narrowing.length
    ? [`Its MFA applied only to ${narrowing.join("; ")}. Its users will be asked for MFA on every sign-in the managed policy covers.`]
    : [];
}

/**
 * What bringing `existing` (adopted, or the managed policy itself) to `body` takes away from the people it requires
 * MFA of today. `losses` are people it covers that the spec does not name, applications it stops covering, or a
 * stronger method weakened: adopting, they are mistakes to refuse. `notes` are what the spec chose: its own new
 * exclusions, report-only or disabled, other grant controls dropped.
 */
function mfaTakenAway(
  existing: ConditionalAccessPolicy,
  body: ManagedPolicyBody,
  required: MfaControl,
  spec: ManagedMfaPolicySpec,
  adopting: boolean,
): { losses: string[]; notes: string[] } {
  const grant = mfaGrantOf(existing.grantControls);
  const users = existing.conditions?.users;
  if (existing.state !== "enabled" || grant.kind !== "required" || !users) return { losses: [], notes: [] };
  const name = `${adopting ? "Adopting" : "Updating the managed policy"} "${existing.displayName}" (${existing.id})`;
  const was = targetsOf(users);
  if (body.state !== "enabled")
    return { losses: [], notes: [`${name} would make it ${describeState(body.state)}: it would stop requiring MFA of ${describeTargets(was)}.`] };
  const now = targetsOf(body.conditions.users);
  const losses: string[] = [];
  if (!now.includeAllUsers) {
    const dropped = describeIds(
      was.includeUsers.filter((u) => !now.includeUsers.includes(u)),
      was.includeGroups.filter((g) => !now.includeGroups.includes(g)),
      was.includeRoles.filter((r) => !now.includeRoles.includes(r)),
      normalizeIdSet(users.includeUsers).includes(GUESTS) || canonical(users.includeGuestsOrExternalUsers) !== undefined,
    );
    const all = was.includeAllUsers ? "all users" : dropped;
    if (all !== "nobody") losses.push(`${name} would stop requiring MFA of ${all}, whom it covers today; to keep it, add them to the ManagedMfaPolicy's targets.`);
  }
  const excluded = describeIds(
    now.excludeUsers.filter((id) => mayCover(was, "users", id)),
    now.excludeGroups.filter((id) => mayCover(was, "groups", id)),
    now.excludeRoles.filter((id) => mayCover(was, "roles", id)),
  );
  // The exclusions are named in the spec, for this very policy: a deliberate (break-glass) choice.
  const notes: string[] = [];
  if (excluded !== "nobody") notes.push(`${name} newly excludes ${excluded}, whom it requires MFA of today: they will no longer be asked for MFA by it.`);
  if (mfaRequirementId(grant.via) !== mfaRequirementId(required) && mfaRequirementId(grant.via) !== BUILT_IN_MFA_STRENGTH_ID)
    losses.push(`${name} would replace ${describeStrength(mfaRequirementId(grant.via))} with a weaker requirement; set authenticationStrengthId to keep it.`);
  const appsOutside = applicationsOutside(existing, spec.applications);
  if (appsOutside) losses.push(`${name} would stop requiring MFA for ${appsOutside}.`);
  if (grant.otherControls.length)
    notes.push(`${name} replaces its grant (${describeGrant(existing.grantControls)}) with ${describeGrant(body.grantControls)}.`);
  return { losses, notes };
}

/** What still requires MFA of the people an update of the managed policy uncovers: is it a password alone for them? */
function mfaStillRequired(snapshot: TenantSnapshot, managed: ConditionalAccessPolicy): string {
  if (snapshot.securityDefaults.isEnabled) return "Security Defaults is on and still requires MFA of every user.";
  const others = snapshot.policies.filter((p) => !sameId(p.id, managed.id) && enforcesMfa(p));
  const everyone = others.find((p) => checkSecurityDefaultsHandover([p], [p.id]).length === 0);
  if (everyone) return `"${everyone.displayName}" still requires MFA of every user (break-glass exclusions aside) on every sign-in.`;
  const names = others.map((p) => `"${p.displayName}"`).join(", ");
  return others.length
    ? `Security Defaults is off and only ${names} still require MFA (of whom they target): anyone else among them signs in with a password alone.`
    : "Security Defaults is off and no other policy requires MFA: they sign in with a password alone.";
}

/** Why the managed policy's own exclusions forbid taking this source over, or undefined. */
function specExclusionConflict(spec: ManagedMfaPolicySpec, source: TargetSet): string | undefined {
  const users = spec.excludeUsers.filter((id) => mayCover(source, "users", id));
  const groups = spec.excludeGroups.filter((id) => mayCover(source, "groups", id));
  if (!users.length && !groups.length) return undefined;
  return (
    `the managed policy excludes ${describeIds(users, groups, [])}, whom this policy may require MFA from (directly or through a group or role); ` +
    "taking it over would remove their MFA. Exclude them in this policy too, or drop them from the ManagedMfaPolicy's exclusions"
  );
}

type Kind = "users" | "groups" | "roles";
const EXCLUDES: Record<Kind, keyof TargetSet> = { users: "excludeUsers", groups: "excludeGroups", roles: "excludeRoles" };

/** Whether `source` may require MFA from `id`: group and role membership is unknown here, so any of them may. */
function mayCover(source: TargetSet, kind: Kind, id: string): boolean {
  if ((source[EXCLUDES[kind]] as string[]).includes(id)) return false;
  if (source.includeAllUsers || source.includeGroups.length || source.includeRoles.length) return true;
  return kind === "users" ? source.includeUsers.includes(id) : source.includeUsers.length > 0;
}

/** Something being taken over that requires MFA of `targets`. */
interface Source {
  name: string;
  targets: TargetSet;
}

/**
 * Moves a candidate's includes, and carries each exclusion that cannot uncover anyone another source covered;
 * `uncarried` warns about the others, naming the sources that may cover them.
 */
function takeOverOne(c: Candidate, sources: readonly Source[]): { taken: TakenOverPolicy; uncarried?: string } {
  const others = sources.filter((s) => s.targets !== c.targets);
  const carried = { users: [] as string[], groups: [] as string[], roles: [] as string[] };
  const kept = { users: [] as string[], groups: [] as string[], roles: [] as string[] };
  const blocking = new Set<string>(c.excludedGuests ? others.map((s) => s.name) : []);
  for (const kind of ["users", "groups", "roles"] as const)
    for (const id of c.targets[EXCLUDES[kind]] as string[]) {
      const covering = others.filter((s) => mayCover(s.targets, kind, id));
      covering.forEach((s) => blocking.add(s.name));
      (covering.length ? kept : carried)[kind].push(id);
    }
  const { policy, targets } = c;
  const uncarried =
    kept.users.length || kept.groups.length || kept.roles.length || c.excludedGuests
      ? `Policy "${policy.displayName}" excludes ${describeIds(kept.users, kept.groups, kept.roles, c.excludedGuests)}, but ` +
        `${[...blocking].join(", ") || "another source"} may require MFA of them too, so the managed policy cannot exclude them: once ` +
        "taken over they will be asked for MFA. To keep them out, exclude them in those policies as well (the exclusion is then " +
        "carried), or list them in the ManagedMfaPolicy's excludeUsers or excludeGroups (roles and guests: through a group)."
      : undefined;
  const taken: TakenOverPolicy = {
    policyId: policy.id,
    displayName: policy.displayName,
    action: c.action,
    movedTargets: {
      includeAllUsers: targets.includeAllUsers,
      includeUsers: targets.includeUsers,
      includeGroups: targets.includeGroups,
      includeRoles: targets.includeRoles,
      excludeUsers: carried.users,
      excludeGroups: carried.groups,
      excludeRoles: carried.roles,
    },
    notes: c.notes,
  };
  return uncarried ? { taken, uncarried } : { taken };
}

function foreignStep(c: Candidate) {
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
  const step = updateStep("foreign", policy, patch, `${what}.`, `Put "${policy.displayName}" back: ${describeRestore(policy)}.`);
  return { step, action };
}

function describeRestore(policy: ConditionalAccessPolicy): string {
  return `state ${describeState(policy.state)}, requiring ${describeGrant(policy.grantControls)}`;
}

function describeChanges(patch: ConditionalAccessPolicyWrite): string {
  const parts = Object.keys(patch).flatMap((k) =>
    k === "conditions" ? Object.keys(patch.conditions ?? {}).map((c) => `conditions.${c}`) : [k],
  );
  return `set ${parts.join(", ")}`;
}

function describeApplications(apps: readonly string[]): string {
  return apps.length === 1 && apps[0] === "All" ? "all applications" : `applications ${apps.join(", ")}`;
}
