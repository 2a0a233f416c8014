// SecurityDefaultsOff enables the policies it hands over to. A ManagedMfaPolicy declared not to enforce, or to keep
// Security Defaults on, would set its policy back at its next update: Security Defaults off and MFA not enforced.
// Both resources are constructed in the same program, so the conflict is found there, before preview shows a plan.
import type * as pulumi from "@pulumi/pulumi";

interface Declared {
  name: string;
  state?: unknown;
  takeOver?: unknown;
}

const declaredByPolicyId = new WeakMap<pulumi.Output<string>, Declared>();

/** Called by ManagedMfaPolicy: what its program declared, keyed by its `policyId` output. */
export function declareManagedPolicy(policyId: pulumi.Output<string>, declared: Declared): void {
  declaredByPolicyId.set(policyId, declared);
}

/** Why each ManagedMfaPolicy named in `handoverPolicyIds` cannot be handed over to; empty when none is in conflict. */
export function handoverConflicts(handoverPolicyIds: unknown): string[] {
  if (!Array.isArray(handoverPolicyIds)) return [];
  return handoverPolicyIds.flatMap((entry) => {
    const declared = declaredByPolicyId.get(entry);
    if (!declared) return [];
    const why = conflictOf(declared);
    return why ? [`ManagedMfaPolicy '${declared.name}' is declared ${why}`] : [];
  });
}

function conflictOf({ state, takeOver }: Declared): string | undefined {
  if (state === "reportOnly" || state === "disabled") return `state: "${state}", so it would not enforce MFA once Security Defaults is off`;
  const keepsSecurityDefaults = takeOver && typeof takeOver === "object" && (takeOver as { securityDefaults?: unknown }).securityDefaults === false;
  return keepsSecurityDefaults ? "takeOver.securityDefaults: false, which keeps Security Defaults on" : undefined;
}
