import type {
  ConditionalAccessApplications,
  ConditionalAccessConditionSet,
  ConditionalAccessGrantControl,
  ConditionalAccessPolicy,
  ConditionalAccessPolicyState,
  ConditionalAccessUsers,
  PerUserMfaState,
  UserRegistrationDetails,
} from "../../provider/graph/types";
import type { DirectorySnapshot, DirectoryUser } from "../../provider/report/directory";
import { users } from "../plan/fixtures";

/** Hand-built tenants for report tests: every field a test does not name has Graph's "not configured" value. */

export const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
export const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";

export interface PolicySpec {
  id: string;
  displayName?: string;
  state?: ConditionalAccessPolicyState;
  users?: Partial<ConditionalAccessUsers>;
  applications?: Partial<ConditionalAccessApplications>;
  conditions?: Partial<ConditionalAccessConditionSet>;
  grant?: { operator?: "AND" | "OR"; controls?: ConditionalAccessGrantControl[]; strengthId?: string };
}

export function policy(spec: PolicySpec): ConditionalAccessPolicy {
  return {
    id: spec.id,
    displayName: spec.displayName ?? spec.id,
    state: spec.state ?? "enabled",
    conditions: {
      clientAppTypes: ["all"],
      users: users(spec.users ?? {}),
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [], ...spec.applications },
      ...spec.conditions,
    },
    grantControls: {
      operator: spec.grant?.operator ?? "OR",
      builtInControls: spec.grant?.controls ?? (spec.grant?.strengthId ? [] : ["mfa"]),
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: spec.grant?.strengthId ? { id: spec.grant.strengthId } : null,
    },
  };
}

export function member(id: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { id, userPrincipalName: `${id}@contoso.example`, displayName: `User ${id}`, accountEnabled: true, userType: "Member", ...extra };
}

export function guest(id: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return member(id, { userPrincipalName: `${id}_fabrikam.example#EXT#@contoso.example`, userType: "Guest", ...extra });
}

export function registered(id: string, methods: string[], extra: Partial<UserRegistrationDetails> = {}): UserRegistrationDetails {
  return {
    id,
    userPrincipalName: `${id}@contoso.example`,
    isMfaRegistered: methods.length > 0,
    isMfaCapable: methods.length > 0,
    methodsRegistered: methods,
    ...extra,
  };
}

export function tenant(spec: Partial<DirectorySnapshot> & { users: DirectoryUser[] }): DirectorySnapshot {
  const perUserMfa: Record<string, PerUserMfaState> = {};
  for (const u of spec.users) perUserMfa[u.id] = "disabled";
  return {
    tenantId: "contoso-tenant",
    securityDefaults: { isEnabled: false },
    policies: [],
    groups: {},
    directoryRoles: {},
    registrations: {},
    systemCredentialPreferences: { state: "disabled", includeTargets: [{ id: "all_users", targetType: "group" }], excludeTargets: [] },
    ...spec,
    perUserMfa: { ...perUserMfa, ...spec.perUserMfa },
  };
}
