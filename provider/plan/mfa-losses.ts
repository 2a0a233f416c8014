// What changing an existing MFA policy (adopted, or the managed policy itself) takes away from the people it
// protects today, and what would still protect them.

import type { ConditionalAccessPolicy } from "../graph/types";
import { applicationsOutside } from "./candidates";
import { checkSecurityDefaultsHandover } from "./handover";
import type { ManagedMfaPolicySpec } from "./inputs";
import { describeState, type ManagedPolicyBody } from "./managed-policy";
import { demandedRequirementId, describeGrant, describeStrength, enforcesMfa, mfaGrantOf, mfaRequirementId, BUILT_IN_MFA_STRENGTH_ID, type MfaControl } from "./mfa-controls";
import { sameId } from "./normalize";
import type { TenantSnapshot } from "./takeover-plan";
import { describeIds, describeTargets, includesGuests, mayCover, targetsOf } from "./targets";

/**
 * What bringing `existing` (adopted, or the managed policy itself) to `body` takes away from the people it requires
 * MFA of today. `losses` are people it covers that the spec does not name, applications it stops covering, or a
 * stronger method weakened: adopting, they are mistakes to refuse. `notes` are what the spec chose: its own new
 * exclusions, report-only or disabled, other grant controls dropped.
 */
export function mfaTakenAway(
  existing: ConditionalAccessPolicy,
  body: ManagedPolicyBody,
  required: MfaControl,
  spec: ManagedMfaPolicySpec,
  adopting: boolean,
): { losses: string[]; notes: string[] } {
  const grant = mfaGrantOf(existing.grantControls);
  const users = existing.conditions.users;
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
      includesGuests(users),
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
  const theirs = demandedRequirementId(existing.grantControls, grant.via);
  if (theirs !== mfaRequirementId(required) && theirs !== BUILT_IN_MFA_STRENGTH_ID)
    losses.push(`${name} would replace ${describeStrength(theirs)} with a weaker requirement; set authenticationStrengthId to keep it.`);
  const appsOutside = applicationsOutside(existing, spec.applications);
  if (appsOutside) losses.push(`${name} would stop requiring MFA for ${appsOutside}.`);
  if (grant.otherControls.length)
    notes.push(`${name} replaces its grant (${describeGrant(existing.grantControls)}) with ${describeGrant(body.grantControls)}.`);
  return { losses, notes };
}

/** What still requires MFA of the people an update of the managed policy uncovers: is it a password alone for them? */
export function mfaStillRequired(snapshot: TenantSnapshot, managed: ConditionalAccessPolicy): string {
  if (snapshot.securityDefaults.isEnabled) return "Security Defaults is on and still requires MFA of every user.";
  const others = snapshot.policies.filter((p) => !sameId(p.id, managed.id) && enforcesMfa(p));
  const everyone = others.find((p) => checkSecurityDefaultsHandover([p], [p.id]).length === 0);
  if (everyone) return `"${everyone.displayName}" still requires MFA of every user (break-glass exclusions aside) on every sign-in.`;
  const names = others.map((p) => `"${p.displayName}"`).join(", ");
  return others.length
    ? `Security Defaults is off and only ${names} still require MFA (of whom they target): anyone else among them signs in with a password alone.`
    : "Security Defaults is off and no other policy requires MFA: they sign in with a password alone.";
}
