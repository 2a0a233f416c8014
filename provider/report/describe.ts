import type { EnforcementSource, NamedTarget, PolicyExclusion, PolicyRef, PolicyRole, ReportSummary, ScopedPolicyMatch } from "./model";
import type { TargetReason } from "./targeting";

/** Human-readable text for report values, shared by the verdict reason and every renderer. */

/** `ids: false` leaves object ids out where a name says enough: for people, not for scripts. */
export interface TextOptions {
  ids?: boolean;
}

const idSuffix = (id: string, options: TextOptions) => (options.ids === false ? "" : ` [${id}]`);

/** What a policy's role means for enforcement, as the summary's policy list says it. */
export const ROLE_TEXT: Readonly<Record<PolicyRole, string>> = {
  enforcing: "enforcing",
  partial: "partial: some sign-ins only",
  reportOnly: "report-only: not enforced",
  optional: "MFA optional (OR another control): not enforced",
  notInForce: "not in force: Security Defaults on",
};

export function policyText(policy: PolicyRef, options: TextOptions = {}): string {
  return `"${policy.displayName}"${policy.managed ? " (managed)" : ""}${idSuffix(policy.id, options)}`;
}

export function sourceText(source: EnforcementSource, options: TextOptions = {}): string {
  switch (source.kind) {
    case "securityDefaults":
      return "Security Defaults";
    case "perUserMfa":
      return `per-user MFA (${source.state})`;
    case "policy":
      return `policy ${policyText(source.policy, options)}${source.otherControls.length ? ` with ${source.otherControls.join(" and ")}` : ""}`;
    case "combined": {
      const parts = [...source.policies.map((m) => scopedText(m, options)), ...(source.perUserMfa ? ["per-user MFA (enabled: modern authentication)"] : [])];
      const together = parts.length > 1 ? `${parts.join(" and ")} together` : parts.join("");
      const blocked = source.blockedBy.length ? `, every other sign-in blocked by ${source.blockedBy.map((m) => scopedText(m, options)).join(", ")}` : "";
      return `${together}${blocked}`;
    }
  }
}

export function scopedText(match: ScopedPolicyMatch, options: TextOptions = {}): string {
  return `policy ${policyText(match.policy, options)}${match.limitedTo.length ? ` (${match.limitedTo.join(" / ")})` : ""}`;
}

export function reasonText(reason: TargetReason, options: TextOptions = {}): string {
  switch (reason.via) {
    case "allUsers":
      return "all users";
    case "user":
      return "directly";
    case "group":
      return reason.groupName ? `via group "${reason.groupName}"${idSuffix(reason.groupId, options)}` : `via group [${reason.groupId}]`;
    case "role":
      return reason.roleName ? `via role "${reason.roleName}"${idSuffix(reason.roleTemplateId, options)}` : `via role [${reason.roleTemplateId}]`;
    case "guestOrExternal":
      return `as guest/external user (${reason.userType}${reason.homeTenantUnknown ? ", external tenants enumerated, home tenant unknown" : ""})`;
  }
}

export function exclusionText(exclusion: PolicyExclusion, options: TextOptions = {}): string {
  const state = exclusion.policyState === "enabledForReportingButNotEnforced" ? " (report-only)" : "";
  return `policy ${policyText(exclusion.policy, options)}${state}: excluded ${exclusion.reasons.map((r) => reasonText(r, options)).join(", ")}`;
}

export function targetText(target: NamedTarget): string {
  if (target.id.toLowerCase() === "all_users") return "all users";
  return target.displayName ? `${target.targetType} "${target.displayName}"` : `${target.targetType} [${target.id}]`;
}

/** Whom system-preferred MFA targets and reaches, for a summary line. */
export function systemPreferredText(sp: ReportSummary["systemPreferred"]): string {
  if (sp.state === "unreadable") return "settings could not be read";
  const list = (targets: NamedTarget[]) => targets.map(targetText).join(", ") || "nobody";
  return `includes ${list(sp.includeTargets)}; excludes ${list(sp.excludeTargets)}; applies to ${sp.appliesToUsers} enabled users`;
}
