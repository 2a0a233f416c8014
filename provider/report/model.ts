import type { AdvancedConfigState, ConditionalAccessPolicyState, PerUserMfaState } from "../graph/types";
import type { TargetReason } from "./targeting";

/**
 * - `yes`: every sign-in requires MFA or is blocked (Security Defaults, an enabled all-apps policy, per-user MFA
 *   `enforced`, or several of policies, per-user MFA `enabled` and blocks that together leave no client app and no
 *   application without MFA).
 * - `partial`: only enabled policies that cover some sign-ins (some apps, client apps, locations, platforms, risk…).
 * - `reportOnly`: only report-only policies would require MFA; nothing enforces it.
 * - `no`: nothing requires MFA.
 */
export type MfaVerdict = "yes" | "partial" | "reportOnly" | "no";

export interface PolicyRef {
  id: string;
  displayName: string;
  /** The policy this library manages. */
  managed: boolean;
}

export type EnforcementSource =
  | { kind: "securityDefaults" }
  | { kind: "policy"; policy: PolicyRef; otherControls: string[] }
  | { kind: "perUserMfa"; state: "enforced" }
  /**
   * Sources that together cover every sign-in: partial policies (applications and client apps only), per-user MFA
   * `enabled` (modern authentication only: the password alone still works for legacy clients), and the blocks that
   * stop the rest.
   */
  | { kind: "combined"; policies: ScopedPolicyMatch[]; perUserMfa?: "enabled"; blockedBy: ScopedPolicyMatch[] };

/** A policy that requires MFA for this user, but only for the sign-ins `limitedTo` describes (empty = all). */
export interface ScopedPolicyMatch {
  policy: PolicyRef;
  limitedTo: string[];
}

export interface PolicyExclusion {
  policy: PolicyRef;
  policyState: ConditionalAccessPolicyState;
  /** Every exclusion rule the user falls under (directly, via group, via role, as guest). */
  reasons: TargetReason[];
}

/**
 * Whether system-preferred MFA applies: `microsoftManaged` when the tenant left the state at `default` (Microsoft decides),
 * `unknown` when the authentication methods policy could not be read.
 */
export type SystemPreferredApplies = "yes" | "no" | "microsoftManaged" | "unknown";

export interface UserMfaStatus {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  accountEnabled: boolean;
  userType: "member" | "guest";
  /** Display names of the directory roles held. */
  adminRoles: string[];
  mfaEnforced: MfaVerdict;
  /** One sentence saying why the verdict is what it is. */
  verdictReason: string;
  enforcedBy: EnforcementSource[];
  partialBy: ScopedPolicyMatch[];
  reportOnlyBy: ScopedPolicyMatch[];
  /** Enabled policies that offer MFA as one of several OR-ed controls: the user can pass without MFA. */
  optionalBy: PolicyRef[];
  /** Only policies that would otherwise have applied to the user. */
  excludedBy: PolicyExclusion[];
  /** `null` = not read. */
  perUserMfaState: PerUserMfaState | null;
  mfaRegistered: boolean | null;
  mfaCapable: boolean | null;
  methodsRegistered: string[] | null;
  systemPreferred: {
    applies: SystemPreferredApplies;
    /** From the registration report: whether it is in effect for the user, and the method it picks. */
    enabledForUser: boolean | null;
    methods: string[] | null;
  };
}

export type PolicyRole =
  /** enabled, MFA required on every sign-in of its users */
  | "enforcing"
  /** enabled, MFA required on some sign-ins only */
  | "partial"
  /** report-only, MFA required: never enforcement */
  | "reportOnly"
  /** enabled, MFA is one OR-ed alternative: not enforcement */
  | "optional"
  /** enabled and requiring MFA, but Security Defaults are on, so Conditional Access is not in force */
  | "notInForce";

export interface PolicySummary {
  policy: PolicyRef;
  state: ConditionalAccessPolicyState;
  role: PolicyRole;
  limitedTo: string[];
  /** Enabled users the policy requires (or would require) MFA for. */
  appliesToUsers: number;
  /** Enabled users it would have applied to but excludes. */
  excludedUsers: number;
}

export interface AdminGap {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  adminRoles: string[];
  mfaEnforced: Exclude<MfaVerdict, "yes">;
}

export interface ReportSummary {
  users: { total: number; enabled: number; disabled: number; members: number; guests: number; admins: number };
  /**
   * Counts over enabled users only: a disabled account cannot sign in, so it is never "not covered".
   * `mfaNotRegistered`: the registration report says the user has registered no MFA method; `mfaRegistrationUnknown`:
   * the report has no row for the user (too new, or the report could not be read), so nobody knows.
   */
  enabledUsers: { covered: number; partial: number; reportOnlyOnly: number; notCovered: number; mfaNotRegistered: number; mfaRegistrationUnknown: number };
  /** Enabled admins without full MFA enforcement. */
  adminsNotCovered: AdminGap[];
  securityDefaults: { isEnabled: boolean };
  policies: PolicySummary[];
  policyCounts: Record<PolicyRole, number>;
  systemPreferred: {
    state: AdvancedConfigState | "unreadable";
    includeTargets: NamedTarget[];
    excludeTargets: NamedTarget[];
    appliesToUsers: number;
  };
  warnings: string[];
}

/** A system-preferred MFA target, with the group's name when the directory data has it. */
export interface NamedTarget {
  id: string;
  targetType: string;
  displayName?: string;
}

/** What every rendering starts with; the users follow one by one. */
export interface ReportHeader {
  generatedAt: string;
  tenantId: string | null;
  summary: ReportSummary;
}
