import type { ConditionalAccessGrantControls, ConditionalAccessPolicy } from "../graph/types";

/** Built-in authentication strength "Multifactor authentication": the same bar as the `mfa` grant control. */
export const BUILT_IN_MFA_STRENGTH_ID = "00000000-0000-0000-0000-000000000002";

/**
 * How a policy's grant controls relate to MFA.
 * - `required`: every way to satisfy the grant includes MFA (MFA alone, MFA AND other controls, or MFA OR an
 *   authentication strength: both alternatives are MFA, and the `mfa` control is the lower bar).
 * - `alternative`: MFA is one of several OR-ed controls, so a user can pass without MFA: it does not enforce MFA.
 * - `none`: MFA is not among the grant controls.
 */
export type MfaGrant =
  | { kind: "none" }
  | { kind: "alternative"; via: MfaControl }
  | { kind: "required"; via: MfaControl; otherControls: string[] };

/** `builtIn` is the `mfa` control; `strength` an authentication strength (built-in MFA strength or stronger). */
export type MfaControl = { type: "builtIn" } | { type: "strength"; strengthId: string };

export function mfaGrantOf(grant: ConditionalAccessGrantControls | null | undefined): MfaGrant {
  if (!grant) return { kind: "none" };
  const strengthId = grant.authenticationStrength?.id;
  const via: MfaControl | undefined = grant.builtInControls?.includes("mfa")
    ? { type: "builtIn" }
    : strengthId
      ? { type: "strength", strengthId }
      : undefined;
  if (!via) return { kind: "none" };
  const nonMfa = [
    ...(grant.builtInControls ?? []).filter((c) => c !== "mfa"),
    ...(grant.customAuthenticationFactors ?? []),
    ...(grant.termsOfUse ?? []).map((t) => `termsOfUse:${t}`),
  ];
  const strengthBeside = via.type === "builtIn" && strengthId ? [`authenticationStrength:${strengthId}`] : [];
  if ((grant.operator ?? "OR").toUpperCase() === "AND") return { kind: "required", via, otherControls: [...nonMfa, ...strengthBeside] };
  // OR-ed: every alternative must be MFA for the grant to require it; an OR-ed strength only offers another way.
  return nonMfa.length > 0 ? { kind: "alternative", via } : { kind: "required", via, otherControls: [] };
}

/** An enabled policy whose grant cannot be satisfied without MFA (app or condition scoping is judged elsewhere). */
export function enforcesMfa(policy: ConditionalAccessPolicy): boolean {
  return policy.state === "enabled" && mfaGrantOf(policy.grantControls).kind === "required";
}

export const BUILT_IN_STRENGTH_NAMES: Readonly<Record<string, string>> = {
  [BUILT_IN_MFA_STRENGTH_ID]: "Multifactor authentication",
  "00000000-0000-0000-0000-000000000003": "Passwordless MFA",
  "00000000-0000-0000-0000-000000000004": "Phishing-resistant MFA",
};

/** The requirement a grant control sets, with the built-in `mfa` control and the built-in MFA strength as one. */
export function mfaRequirementId(control: MfaControl): string {
  return control.type === "builtIn" ? BUILT_IN_MFA_STRENGTH_ID : control.strengthId.toLowerCase();
}

/**
 * The requirement a grant that requires MFA through `via` sets for every sign-in: an AND-ed authentication strength
 * must be met whatever else the grant asks, so it sets the bar (beside the `mfa` control, or as `via` itself);
 * otherwise `via`'s own.
 */
export function demandedRequirementId(grant: ConditionalAccessGrantControls | null | undefined, via: MfaControl): string {
  const beside = String(grant?.operator).toUpperCase() === "AND" ? grant?.authenticationStrength?.id : undefined;
  return beside ? beside.toLowerCase() : mfaRequirementId(via);
}

/**
 * The grant as it can be written back (PATCH): the authentication strength reduced to its id, OData annotations
 * dropped, other properties kept so a restore loses nothing.
 */
export function writableGrant(grant: ConditionalAccessGrantControls | null | undefined): ConditionalAccessGrantControls | null {
  if (!grant) return null;
  const out: ConditionalAccessGrantControls = {
    operator: grant.operator,
    builtInControls: [...(grant.builtInControls ?? [])],
    customAuthenticationFactors: [...(grant.customAuthenticationFactors ?? [])],
    termsOfUse: [...(grant.termsOfUse ?? [])],
    authenticationStrength: grant.authenticationStrength ? { id: grant.authenticationStrength.id } : null,
  };
  for (const [key, value] of Object.entries(grant)) if (!(key in out) && !key.includes("@odata")) out[key] = value;
  return out;
}

/**
 * A grant in a form where equal requirements compare equal: no controls at all is no grant, and with a single
 * control the operator means nothing (Graph keeps whichever was sent).
 */
export function comparableGrant(grant: ConditionalAccessGrantControls | null | undefined): Record<string, unknown> | null {
  const g = writableGrant(grant);
  if (!g) return null;
  const controls =
    g.builtInControls.length + g.customAuthenticationFactors.length + g.termsOfUse.length + (g.authenticationStrength ? 1 : 0);
  if (controls === 0) return null;
  return { ...g, operator: controls === 1 ? "OR" : String(g.operator ?? "OR").toUpperCase() };
}

const CONTROL_NAMES: Readonly<Record<string, string>> = {
  mfa: "MFA",
  block: "block access",
  compliantDevice: "a compliant device",
  domainJoinedDevice: "a Microsoft Entra hybrid joined device",
  approvedApplication: "an approved client app",
  compliantApplication: "an app protection policy",
  passwordChange: "a password change",
  riskRemediation: "risk remediation",
};

/** "MFA and a compliant device", "authentication strength Phishing-resistant MFA", "no grant controls". */
export function describeGrant(grant: ConditionalAccessGrantControls | null | undefined): string {
  const g = comparableGrant(grant) as ConditionalAccessGrantControls | null;
  if (!g) return "no grant controls";
  const parts = [
    ...g.builtInControls.map((c) => CONTROL_NAMES[c] ?? c),
    ...(g.authenticationStrength ? [describeStrength(g.authenticationStrength.id)] : []),
    ...g.customAuthenticationFactors.map((f) => `custom control ${f}`),
    ...g.termsOfUse.map((t) => `terms of use ${t}`),
  ];
  return parts.join(g.operator === "AND" ? " and " : " or ");
}

export function describeStrength(strengthId: string): string {
  const name = BUILT_IN_STRENGTH_NAMES[strengthId.toLowerCase()];
  return name ? `authentication strength "${name}"` : `custom authentication strength ${strengthId}`;
}
