// System-preferred MFA lives inside the tenant-wide authentication methods policy. We PATCH the whole
// systemCredentialPreferences object, carrying over whatever else Graph put in it (and in its targets).

import type { AuthenticationMethodTarget, SystemCredentialPreferences } from "../graph/types";
import type { SystemPreferredMfaSpec, SystemPreferredTarget } from "./inputs";
import { normalizeGuid, sameValue } from "./normalize";

function withKnownExtras(target: SystemPreferredTarget, current: readonly AuthenticationMethodTarget[]): AuthenticationMethodTarget {
  const same = current.find((t) => normalizeGuid(t.id) === normalizeGuid(target.id) && t.targetType === target.targetType);
  return { ...same, id: target.id, targetType: target.targetType };
}

/** The systemCredentialPreferences to PATCH, or null when the current one already says the same. */
export function systemPreferredPatch(current: SystemCredentialPreferences | null | undefined, spec: SystemPreferredMfaSpec): SystemCredentialPreferences | null {
  const includeTargets = current?.includeTargets ?? [];
  const excludeTargets = current?.excludeTargets ?? [];
  const kept = Object.fromEntries(Object.entries(current ?? {}).filter(([key]) => !key.includes("@odata")));
  const desired: SystemCredentialPreferences = {
    ...kept,
    state: spec.state,
    includeTargets: [withKnownExtras(spec.includeTarget, includeTargets)],
    excludeTargets: spec.excludeTarget ? [withKnownExtras(spec.excludeTarget, excludeTargets)] : [],
  };
  return sameValue(current, desired) ? null : desired;
}
