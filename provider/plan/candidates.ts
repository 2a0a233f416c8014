// Which foreign Conditional Access policies can be taken over, and why the others are left alone.
//
// Grant controls combine as AND across every policy that applies to a sign-in, and by each policy's `operator`
// inside it. So once the managed policy requires MFA for a user, a policy requiring "MFA AND x" for that user can
// drop MFA and still demand the same; a policy requiring only MFA has nothing left to do; a policy offering
// "MFA OR x" never enforced MFA, and dropping MFA from it would leave x alone: stricter, so it is left alone.

import type { ConditionalAccessPolicy } from "../graph/types";
import { narrowingConditions } from "./coverage";
import type { ManagedMfaPolicySpec } from "./inputs";
import { describeState, type TargetSet } from "./managed-policy";
import { describeGrant, describeStrength, mfaGrantOf, mfaRequirementId, BUILT_IN_MFA_STRENGTH_ID, type MfaControl } from "./mfa-controls";
import { canonical, normalizeIdSet } from "./normalize";
import type { TakeoverAction } from "./takeover-plan";
import { excludesGuests, includesGuests, targetsOf } from "./targets";

/** A policy that could be taken over, with what it would contribute. */
export interface Candidate {
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

export function classify(policy: ConditionalAccessPolicy, required: MfaControl, spec: ManagedMfaPolicySpec): Verdict {
  const grant = mfaGrantOf(policy.grantControls);
  if (grant.kind === "none") return "unrelated";
  if (policy.state !== "enabled") return { leave: `it is ${describeState(policy.state)}, so it enforces nothing` };
  const users = policy.conditions.users;
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

  const targets = targetsOf(users);
  const coversGuests = includesGuests(users);
  if (!targets.includeAllUsers && !targets.includeUsers.length && !targets.includeGroups.length && !targets.includeRoles.length && !coversGuests)
    return { leave: "it includes no users" };
  const hasSession = canonical(policy.sessionControls) !== undefined;
  return {
    candidate: {
      policy,
      action: grant.otherControls.length || hasSession ? "stripMfa" : "disable",
      targets,
      coversGuests,
      excludedGuests: excludesGuests(users),
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
export function applicationsOutside(policy: ConditionalAccessPolicy, managedApps: readonly string[]): string | undefined {
  const apps = policy.conditions.applications;
  const actions = normalizeIdSet(apps?.includeUserActions);
  if (actions.length) return `the user actions ${actions.join(", ")}`;
  if (canonical(apps?.includeAuthenticationContextClassReferences) !== undefined)
    return `the authentication contexts ${normalizeIdSet(apps?.includeAuthenticationContextClassReferences).join(", ")}`;
  if (managedApps.includes("All")) return undefined;
  const outside = normalizeIdSet(apps?.includeApplications).filter((a) => !managedApps.includes(a) && a !== "None");
  return outside.length ? `applications ${outside.join(", ")}` : undefined;
}

/** How a policy's reach was narrower than "every sign-in to every application": moving its users widens it. */
function scopeNotes(policy: ConditionalAccessPolicy): string[] {
  const narrowing = narrowingConditions(policy);
  return narrowing.length
    ? [`Its MFA applied only to ${narrowing.join("; ")}. Its users will be asked for MFA on every sign-in the managed policy covers.`]
    : [];
}
