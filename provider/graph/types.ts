// Shapes of the Microsoft Graph objects this library reads and writes, as Graph returns them
// (see ../shared/reference/graph.md). Index signatures keep unknown properties: Graph adds fields over time,
// and anything we round-trip (a policy we restore, a fixture we load) must not lose them.

export type Guid = string;

export interface SecurityDefaultsPolicy {
  id: string;
  displayName?: string;
  description?: string;
  isEnabled: boolean;
  [unknown: string]: unknown;
}

export type ConditionalAccessPolicyState = "enabled" | "disabled" | "enabledForReportingButNotEnforced";

export type ConditionalAccessGrantControl =
  | "block"
  | "mfa"
  | "compliantDevice"
  | "domainJoinedDevice"
  | "approvedApplication"
  | "compliantApplication"
  | "passwordChange"
  | "riskRemediation"
  | "unknownFutureValue";

export interface ConditionalAccessUsers {
  /** Object ids, or one of the keywords `All`, `None`, `GuestsOrExternalUsers`. */
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  /** Role *template* ids. */
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
  [unknown: string]: unknown;
}

export interface ConditionalAccessGuestsOrExternalUsers {
  /** Flags enum serialised as a comma-separated string, e.g. "internalGuest,b2bCollaborationGuest". */
  guestOrExternalUserTypes: string;
  externalTenants?: { membershipKind?: "all" | "enumerated" | "unknownFutureValue"; members?: string[]; [unknown: string]: unknown } | null;
  [unknown: string]: unknown;
}

export interface ConditionalAccessApplications {
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences?: string[];
  applicationFilter?: unknown;
  [unknown: string]: unknown;
}

export interface ConditionalAccessConditionSet {
  users?: ConditionalAccessUsers | null;
  applications?: ConditionalAccessApplications | null;
  clientAppTypes: string[];
  signInRiskLevels?: string[];
  userRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  platforms?: unknown;
  locations?: unknown;
  devices?: unknown;
  clientApplications?: unknown;
  authenticationFlows?: unknown;
  insiderRiskLevels?: unknown;
  [unknown: string]: unknown;
}

export interface AuthenticationStrengthRef {
  id: Guid;
  displayName?: string;
  requirementsSatisfied?: string;
  [unknown: string]: unknown;
}

export interface ConditionalAccessGrantControls {
  operator: "AND" | "OR" | string;
  builtInControls: ConditionalAccessGrantControl[];
  customAuthenticationFactors: string[];
  termsOfUse: string[];
  authenticationStrength?: AuthenticationStrengthRef | null;
  [unknown: string]: unknown;
}

/** The policy's known properties; Graph adds others over time, which ConditionalAccessPolicy keeps. */
interface ConditionalAccessPolicyProperties {
  id: Guid;
  displayName: string;
  description?: string | null;
  state: ConditionalAccessPolicyState;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  templateId?: string | null;
  conditions: ConditionalAccessConditionSet;
  grantControls?: ConditionalAccessGrantControls | null;
  sessionControls?: unknown;
}

export interface ConditionalAccessPolicy extends ConditionalAccessPolicyProperties {
  [unknown: string]: unknown;
}

/**
 * What a create (POST) or update (PATCH) may carry: server-owned fields left out, and every part optional, because
 * Graph fills omitted collections on create and a PATCH sends only what it changes. Built from the known
 * properties: an `Omit` over a type with an index signature keeps only the index signature and checks nothing.
 */
export type ConditionalAccessPolicyWrite = Partial<
  Omit<ConditionalAccessPolicyProperties, "id" | "createdDateTime" | "modifiedDateTime" | "conditions" | "grantControls">
> & {
  conditions?: Partial<Omit<ConditionalAccessConditionSet, "users" | "applications">> & {
    users?: Partial<ConditionalAccessUsers> | null;
    applications?: Partial<ConditionalAccessApplications> | null;
  };
  grantControls?: Partial<ConditionalAccessGrantControls> | null;
};

export type AuthenticationMethodTargetType = "user" | "group" | "unknownFutureValue";

export interface AuthenticationMethodTarget {
  /** An object id, or the special id `all_users` with targetType `group`. */
  id: string;
  targetType: AuthenticationMethodTargetType;
  [unknown: string]: unknown;
}

export type AdvancedConfigState = "default" | "enabled" | "disabled" | "unknownFutureValue";

export interface SystemCredentialPreferences {
  state: AdvancedConfigState;
  includeTargets: AuthenticationMethodTarget[];
  excludeTargets: AuthenticationMethodTarget[];
  [unknown: string]: unknown;
}

export interface AuthenticationMethodsPolicy {
  id: string;
  displayName?: string;
  description?: string;
  lastModifiedDateTime?: string;
  policyVersion?: string;
  /** Beta only. */
  systemCredentialPreferences?: SystemCredentialPreferences;
  [unknown: string]: unknown;
}

export interface User {
  id: Guid;
  userPrincipalName: string;
  displayName?: string | null;
  accountEnabled?: boolean;
  userType?: "Member" | "Guest" | string | null;
  [unknown: string]: unknown;
}

export interface Group {
  id: Guid;
  displayName?: string;
  /** Direct member object ids (users or groups). Fixture-only: Graph exposes members through navigation. */
  members?: Guid[];
  [unknown: string]: unknown;
}

export interface DirectoryObject {
  "@odata.type": string;
  id: Guid;
  [unknown: string]: unknown;
}

export interface DirectoryRole {
  id: Guid;
  roleTemplateId: Guid;
  displayName?: string;
  [unknown: string]: unknown;
}

export type PerUserMfaState = "disabled" | "enabled" | "enforced" | "unknownFutureValue";

export interface StrongAuthenticationRequirements {
  perUserMfaState: PerUserMfaState;
  [unknown: string]: unknown;
}

export interface UserRegistrationDetails {
  id: Guid;
  userPrincipalName: string;
  userDisplayName?: string;
  isAdmin?: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  methodsRegistered: string[];
  isSystemPreferredAuthenticationMethodEnabled?: boolean;
  systemPreferredAuthenticationMethods?: string[];
  userPreferredMethodForSecondaryAuthentication?: string;
  userType?: "member" | "guest" | string;
  [unknown: string]: unknown;
}

/** Graph's error body (OData v4). */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: { date?: string; "request-id"?: string; "client-request-id"?: string; [k: string]: unknown };
  };
}
