import type { EnforcementSource, PolicyExclusion, PolicyRef, ScopedPolicyMatch } from "./model";
import type { TargetReason } from "./targeting";

/** Human-readable text for report values, shared by the verdict reason and every renderer. */

export function policyText(policy: PolicyRef): string {
  return `"${policy.displayName}"${policy.managed ? " (managed)" : ""} [${policy.id}]`;
}

export function sourceText(source: EnforcementSource): string {
  switch (source.kind) {
    case "securityDefaults":
      return "Security Defaults";
    case "perUserMfa":
      return `per-user MFA (${source.state})`;
    case "policy":
      return `policy ${policyText(source.policy)}${source.otherControls.length ? ` with ${source.otherControls.join(" and ")}` : ""}`;
  }
}

export function scopedText(match: ScopedPolicyMatch): string {
  return `policy ${policyText(match.policy)}${match.limitedTo.length ? ` (${match.limitedTo.join(" / ")})` : ""}`;
}

export function reasonText(reason: TargetReason): string {
  switch (reason.via) {
    case "allUsers":
      return "all users";
    case "user":
      return "directly";
    case "group":
      return `via group ${reason.groupName ? `"${reason.groupName}" ` : ""}[${reason.groupId}]`;
    case "role":
      return `via role ${reason.roleName ? `"${reason.roleName}" ` : ""}[${reason.roleTemplateId}]`;
    case "guestOrExternal":
      return `as guest/external user (${reason.userType}${reason.homeTenantUnknown ? ", external tenants enumerated, home tenant unknown" : ""})`;
  }
}

export function exclusionText(exclusion: PolicyExclusion): string {
  const state = exclusion.policyState === "enabledForReportingButNotEnforced" ? " (report-only)" : "";
  return `policy ${policyText(exclusion.policy)}${state}: excluded ${exclusion.reasons.map(reasonText).join(", ")}`;
}
