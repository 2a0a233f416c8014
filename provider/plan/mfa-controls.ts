import type { ConditionalAccessGrantControls, ConditionalAccessPolicy } from "../graph/types";

/** Built-in authentication strength "Multifactor authentication": the same bar as the `mfa` grant control. */
export const BUILT_IN_MFA_STRENGTH_ID = "00000000-0000-0000-0000-000000000002";

/**
 * How a policy's grant controls relate to MFA.
 * - `required`: every way to satisfy the grant includes MFA (MFA alone, or MFA AND other controls).
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
  const otherControls = [
    ...(grant.builtInControls ?? []).filter((c) => c !== "mfa"),
    ...(grant.customAuthenticationFactors ?? []),
    ...(grant.termsOfUse ?? []).map((t) => `termsOfUse:${t}`),
    ...(via.type === "builtIn" && strengthId ? [`authenticationStrength:${strengthId}`] : []),
  ];
  const anded = (grant.operator ?? "OR").toUpperCase() === "AND";
  if (otherControls.length > 0 && !anded) return { kind: "alternative", via };
  return { kind: "required", via, otherControls };
}

/** An enabled policy whose grant cannot be satisfied without MFA (app or condition scoping is judged elsewhere). */
export function enforcesMfa(policy: ConditionalAccessPolicy): boolean {
  return policy.state === "enabled" && mfaGrantOf(policy.grantControls).kind === "required";
}
