import type { AdvancedConfigState, AuthenticationMethodTarget, ConditionalAccessPolicy, ConditionalAccessPolicyState } from "../graph/types";
import { enforcesMfa, mfaGrantOf } from "../plan/mfa-controls";
import { exclusionText, policyText, scopedText, sourceText } from "./describe";
import { idKey, type TenantDirectory, type UserRecord } from "./directory";
import type {
  EnforcementSource,
  MfaVerdict,
  NamedTarget,
  PolicyExclusion,
  PolicyRef,
  PolicyRole,
  ScopedPolicyMatch,
  SystemPreferredApplies,
  UserMfaStatus,
} from "./model";
import { MODERN_SIGN_INS, signInScope, uncoveredClientApps, type SignInScope } from "./contexts";
import { appliesToNoSignIn, scopeLimitations } from "./scope";
import {
  isGuest,
  matchSide,
  MembershipIndex,
  methodTargets,
  missingGroups,
  policyTargets,
  type TargetSide,
} from "./targeting";

/** A policy that has something to say about MFA, with its targeting decoded once for all users. */
export interface PreparedPolicy {
  ref: PolicyRef;
  state: ConditionalAccessPolicyState;
  role: PolicyRole;
  limitedTo: string[];
  otherControls: string[];
  include: TargetSide;
  exclude: TargetSide;
  /** Its sign-ins, when only applications and client apps narrow it (else it never counts towards a combination). */
  scope: SignInScope | null;
}

/** An enabled policy in force that blocks access, over sign-ins the report can decompose. */
export interface PreparedBlock {
  ref: PolicyRef;
  limitedTo: string[];
  include: TargetSide;
  exclude: TargetSide;
  scope: SignInScope;
}

/** Everything about the tenant that evaluating one user needs; build it once with `prepareContext`. */
export interface ReportContext {
  tenantId: string | null;
  securityDefaultsOn: boolean;
  /** MFA-related policies, sorted by display name. */
  policies: PreparedPolicy[];
  /** Block policies in force whose sign-ins can be decomposed: a blocked sign-in needs no MFA. */
  blocks: PreparedBlock[];
  index: MembershipIndex;
  systemPreferred: { state: AdvancedConfigState; include: TargetSide; exclude: TargetSide; includeTargets: NamedTarget[]; excludeTargets: NamedTarget[] } | null;
  warnings: string[];
}

export function prepareContext(directory: TenantDirectory): ReportContext {
  const index = new MembershipIndex(directory);
  const securityDefaultsOn = directory.securityDefaults.isEnabled;
  const managedKey = directory.managedPolicyId ? idKey(directory.managedPolicyId) : undefined;
  const warnings: string[] = [];

  const policies = directory.policies
    .map((policy) => preparePolicy(policy, securityDefaultsOn, managedKey))
    .filter((p): p is PreparedPolicy => p !== undefined)
    .sort((a, b) => a.ref.displayName.localeCompare(b.ref.displayName) || a.ref.id.localeCompare(b.ref.id));

  const blocks = securityDefaultsOn
    ? []
    : directory.policies.map((policy) => prepareBlock(policy, managedKey)).filter((b): b is PreparedBlock => b !== undefined);

  // A policy that is not in force is never evaluated against users, so its groups are not needed.
  for (const policy of [...policies.filter((p) => p.role !== "notInForce"), ...blocks]) {
    const missing = [...missingGroups(policy.include, index), ...missingGroups(policy.exclude, index)];
    if (missing.length > 0) {
      warnings.push(
        `Policy ${policyText(policy.ref)} references groups whose members were not collected (${missing.join(", ")}): ` +
          `they count as empty, so this policy's coverage and exclusions may be wrong.`,
      );
    }
  }
  const inForceIgnored = policies.filter((p) => p.role === "notInForce").length;
  if (securityDefaultsOn && inForceIgnored > 0) {
    warnings.push(`Security Defaults are on, so Conditional Access is not in force: ${inForceIgnored} enabled MFA policies are ignored.`);
  }
  if (managedKey && !directory.policies.some((p) => idKey(p.id) === managedKey)) {
    warnings.push(`The managed policy [${directory.managedPolicyId}] does not exist in the tenant.`);
  }

  const prefs = directory.systemCredentialPreferences;
  const systemPreferred = prefs
    ? {
        state: prefs.state,
        include: methodTargets(prefs.includeTargets),
        exclude: methodTargets(prefs.excludeTargets),
        includeTargets: (prefs.includeTargets ?? []).map((t) => namedTarget(t, index)),
        excludeTargets: (prefs.excludeTargets ?? []).map((t) => namedTarget(t, index)),
      }
    : null;
  if (!systemPreferred) warnings.push("System-preferred MFA settings could not be read (beta authenticationMethodsPolicy).");
  else {
    const missing = [...missingGroups(systemPreferred.include, index), ...missingGroups(systemPreferred.exclude, index)];
    if (missing.length > 0) warnings.push(`System-preferred MFA targets groups whose members were not collected (${missing.join(", ")}).`);
  }

  return { tenantId: directory.tenantId ?? null, securityDefaultsOn, policies, blocks, index, systemPreferred, warnings };
}

function namedTarget(target: AuthenticationMethodTarget, index: MembershipIndex): NamedTarget {
  const displayName = target.targetType === "group" ? index.groupName(idKey(target.id)) : undefined;
  return { id: target.id, targetType: target.targetType, ...(displayName ? { displayName } : {}) };
}

function preparePolicy(policy: ConditionalAccessPolicy, securityDefaultsOn: boolean, managedKey: string | undefined): PreparedPolicy | undefined {
  const grant = mfaGrantOf(policy.grantControls);
  if (grant.kind === "none" || policy.state === "disabled" || appliesToNoSignIn(policy.conditions)) return undefined;
  if (grant.kind === "alternative" && policy.state !== "enabled") return undefined;
  const limitedTo = scopeLimitations(policy.conditions);
  // Disabled policies are gone by now, so a required-MFA policy that does not enforce is a report-only one.
  const role: PolicyRole =
    grant.kind === "alternative"
      ? "optional"
      : !enforcesMfa(policy)
        ? "reportOnly"
        : securityDefaultsOn
          ? "notInForce"
          : limitedTo.length === 0
            ? "enforcing"
            : "partial";
  return {
    ref: policyRef(policy, managedKey),
    state: policy.state,
    role,
    limitedTo,
    otherControls: grant.kind === "required" ? grant.otherControls : [],
    ...policyTargets(policy.conditions.users),
    scope: signInScope(policy.conditions),
  };
}

const policyRef = (policy: ConditionalAccessPolicy, managedKey: string | undefined): PolicyRef => ({
  id: policy.id,
  displayName: policy.displayName,
  managed: idKey(policy.id) === managedKey,
});

function prepareBlock(policy: ConditionalAccessPolicy, managedKey: string | undefined): PreparedBlock | undefined {
  if (policy.state !== "enabled" || !(policy.grantControls?.builtInControls ?? []).includes("block") || appliesToNoSignIn(policy.conditions)) return undefined;
  const scope = signInScope(policy.conditions);
  if (!scope) return undefined;
  return { ref: policyRef(policy, managedKey), limitedTo: scopeLimitations(policy.conditions), ...policyTargets(policy.conditions.users), scope };
}

/** Evaluates one user against a prepared context. Pure: the same record and context always give the same status. */
export function evaluateUser(record: UserRecord, context: ReportContext): UserMfaStatus {
  const { user, registration } = record;
  const perUserMfaState = record.perUserMfaState ?? null;
  const key = idKey(user.id);
  const adminRoles = context.index
    .rolesOf(key)
    .map((roleId) => context.index.roleName(roleId) ?? roleId)
    .sort();

  const enforcedBy: EnforcementSource[] = [];
  let partialBy: ScopedPolicyMatch[] = [];
  const reportOnlyBy: ScopedPolicyMatch[] = [];
  const optionalBy: PolicyRef[] = [];
  const excludedBy: PolicyExclusion[] = [];
  /** Partial policies whose sign-ins can be combined with others'. */
  const combinable: { match: ScopedPolicyMatch; scope: SignInScope }[] = [];

  if (context.securityDefaultsOn) enforcedBy.push({ kind: "securityDefaults" });
  for (const policy of context.policies) {
    if (policy.role === "notInForce") continue;
    if (matchSide(policy.include, user, context.index, false).length === 0) continue;
    const exclusions = matchSide(policy.exclude, user, context.index, true);
    if (exclusions.length > 0) {
      if (policy.role !== "optional") excludedBy.push({ policy: policy.ref, policyState: policy.state, reasons: exclusions });
      continue;
    }
    switch (policy.role) {
      case "enforcing":
        enforcedBy.push({ kind: "policy", policy: policy.ref, otherControls: policy.otherControls });
        break;
      case "partial": {
        const match = { policy: policy.ref, limitedTo: policy.limitedTo };
        partialBy.push(match);
        if (policy.scope) combinable.push({ match, scope: policy.scope });
        break;
      }
      case "reportOnly":
        reportOnlyBy.push({ policy: policy.ref, limitedTo: policy.limitedTo });
        break;
      case "optional":
        optionalBy.push(policy.ref);
        break;
    }
  }
  if (perUserMfaState === "enforced") enforcedBy.push({ kind: "perUserMfa", state: perUserMfaState });

  // Per-user MFA `enabled` asks for MFA on modern authentication only: the user "can still use their password for
  // legacy authentication" (learn.microsoft.com/entra/identity/authentication/howto-mfa-userstates). Sign-ins that
  // are blocked need no MFA. So "yes" may take several sources, judged per client app and application.
  const perUserEnabled = perUserMfaState === "enabled";
  const blocks = context.blocks.filter((b) => applies(b, user, context));
  if (enforcedBy.length === 0 && (combinable.length > 0 || perUserEnabled)) {
    const mfaScopes = [...combinable.map((c) => c.scope), ...(perUserEnabled ? [MODERN_SIGN_INS] : [])];
    const uncovered = uncoveredClientApps([...mfaScopes, ...blocks.map((b) => b.scope)]);
    if (uncovered.length === 0) {
      enforcedBy.push({
        kind: "combined",
        policies: combinable.map((c) => c.match),
        ...(perUserEnabled ? { perUserMfa: "enabled" as const } : {}),
        blockedBy: blocks.map((b) => ({ policy: b.ref, limitedTo: b.limitedTo })),
      });
      partialBy = partialBy.filter((m) => !combinable.some((c) => c.match === m));
    }
  }

  const mfaEnforced: MfaVerdict =
    enforcedBy.length > 0 ? "yes" : partialBy.length > 0 || perUserEnabled ? "partial" : reportOnlyBy.length > 0 ? "reportOnly" : "no";

  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName ?? null,
    accountEnabled: user.accountEnabled !== false,
    userType: isGuest(user) ? "guest" : "member",
    adminRoles,
    mfaEnforced,
    verdictReason: verdictReason(mfaEnforced, { enforcedBy, partialBy, reportOnlyBy, excludedBy, perUserEnabled }),
    enforcedBy,
    partialBy,
    reportOnlyBy,
    optionalBy,
    excludedBy,
    perUserMfaState,
    mfaRegistered: registration ? registration.isMfaRegistered : null,
    mfaCapable: registration ? registration.isMfaCapable : null,
    methodsRegistered: registration ? [...(registration.methodsRegistered ?? [])] : null,
    systemPreferred: {
      applies: systemPreferredApplies(record, context),
      enabledForUser: registration?.isSystemPreferredAuthenticationMethodEnabled ?? null,
      methods: registration?.systemPreferredAuthenticationMethods ? [...registration.systemPreferredAuthenticationMethods] : null,
    },
  };
}

function systemPreferredApplies(record: UserRecord, context: ReportContext): SystemPreferredApplies {
  const prefs = context.systemPreferred;
  if (!prefs) return "unknown";
  if (prefs.state === "default") return "microsoftManaged";
  if (prefs.state !== "enabled") return "no";
  const included = matchSide(prefs.include, record.user, context.index, false).length > 0;
  const excluded = matchSide(prefs.exclude, record.user, context.index, true).length > 0;
  return included && !excluded ? "yes" : "no";
}

/** Included and not excluded. */
function applies(policy: { include: TargetSide; exclude: TargetSide }, user: UserRecord["user"], context: ReportContext): boolean {
  return matchSide(policy.include, user, context.index, false).length > 0 && matchSide(policy.exclude, user, context.index, true).length === 0;
}

interface ReasonFacts {
  enforcedBy: EnforcementSource[];
  partialBy: ScopedPolicyMatch[];
  reportOnlyBy: ScopedPolicyMatch[];
  excludedBy: PolicyExclusion[];
  /** Per-user MFA `enabled`: on a verdict short of `yes`, legacy clients are left open (modern ones it covers). */
  perUserEnabled: boolean;
}

function verdictReason(verdict: MfaVerdict, facts: ReasonFacts): string {
  const { enforcedBy, partialBy, reportOnlyBy, excludedBy } = facts;
  const excluded = excludedBy.length ? ` Excluded from ${excludedBy.map((x) => exclusionText(x)).join("; ")}.` : "";
  switch (verdict) {
    case "yes":
      return `MFA required on every sign-in by ${enforcedBy.map((x) => sourceText(x)).join(", ")}.`;
    case "partial": {
      const perUser = facts.perUserEnabled
        ? ["per-user MFA (enabled, not enforced: the password alone still works for legacy authentication clients, Exchange ActiveSync and other, and nothing blocks them for this user)"]
        : [];
      return `MFA required only for some sign-ins, by ${[...partialBy.map((x) => scopedText(x)), ...perUser].join(", ")}.${excluded}`;
    }
    case "reportOnly":
      return `Only report-only policies would require MFA, nothing enforces it: ${reportOnlyBy.map((x) => scopedText(x)).join(", ")}.${excluded}`;
    case "no":
      return `No policy requires MFA.${excluded}`;
  }
}
