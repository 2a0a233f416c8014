// conditionalAccessPolicy and its complex types, after the v1.0 CSDL (graph.md §2) plus the beta-only members
// real tenants return, so a policy read from Graph (or copied from Microsoft's docs) is accepted back.
import type { ComplexType, Field } from "./schema";

const strings: Field = { kind: "strings" };
const any: Field = { kind: "any" };
/** Members only some tenants or only beta return: accepted, not filled in. */
const optional: Field = { kind: "any", optional: true };
const str: Field = { kind: "string" };
const complex = (type: ComplexType): Field => ({ kind: "object", type });

export const POLICY_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const;
const CLIENT_APP_TYPES = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other", "unknownFutureValue"];
const GRANT_CONTROLS = ["block", "mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange", "unknownFutureValue", "riskRemediation"];
const RISK_LEVELS = ["low", "medium", "high", "hidden", "none", "unknownFutureValue"];
const PLATFORMS = ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "unknownFutureValue", "linux"];
const GUEST_TYPES = ["none", "internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider", "unknownFutureValue"];

const filter: ComplexType = { name: "conditionalAccessFilter", fields: { mode: { kind: "enum", values: ["include", "exclude"] }, rule: str } };

const externalTenants: ComplexType = {
  name: "conditionalAccessExternalTenants",
  fields: { membershipKind: { kind: "enum", values: ["all", "enumerated", "unknownFutureValue"] }, members: strings },
};

const guestsOrExternalUsers: ComplexType = {
  name: "conditionalAccessGuestsOrExternalUsers",
  fields: { guestOrExternalUserTypes: { kind: "flags", values: GUEST_TYPES }, externalTenants: complex(externalTenants) },
};

export const usersCondition: ComplexType = {
  name: "conditionalAccessUsers",
  fields: {
    includeUsers: strings,
    excludeUsers: strings,
    includeGroups: strings,
    excludeGroups: strings,
    includeRoles: strings,
    excludeRoles: strings,
    includeGuestsOrExternalUsers: complex(guestsOrExternalUsers),
    excludeGuestsOrExternalUsers: complex(guestsOrExternalUsers),
  },
};

const applicationsCondition: ComplexType = {
  name: "conditionalAccessApplications",
  fields: {
    includeApplications: strings,
    excludeApplications: strings,
    includeUserActions: strings,
    includeAuthenticationContextClassReferences: strings,
    applicationFilter: complex(filter),
    globalSecureAccess: optional,
    networkAccess: optional,
  },
};

export const conditionSet: ComplexType = {
  name: "conditionalAccessConditionSet",
  fields: {
    applications: complex(applicationsCondition),
    authenticationFlows: complex({ name: "conditionalAccessAuthenticationFlows", fields: { transferMethods: { kind: "flags", values: ["none", "deviceCodeFlow", "authenticationTransfer", "unknownFutureValue"] } } }),
    clientApplications: complex({
      name: "conditionalAccessClientApplications",
      fields: { includeServicePrincipals: strings, excludeServicePrincipals: strings, servicePrincipalFilter: complex(filter), includeAgentIdServicePrincipals: optional, excludeAgentIdServicePrincipals: optional, agentIdServicePrincipalFilter: optional },
    }),
    clientAppTypes: { kind: "enums", values: CLIENT_APP_TYPES },
    devices: complex({ name: "conditionalAccessDevices", fields: { includeDevices: strings, excludeDevices: strings, includeDeviceStates: strings, excludeDeviceStates: strings, deviceFilter: complex(filter) } }),
    insiderRiskLevels: { kind: "flags", values: ["minor", "moderate", "elevated", "unknownFutureValue"] },
    locations: complex({ name: "conditionalAccessLocations", fields: { includeLocations: strings, excludeLocations: strings } }),
    platforms: complex({ name: "conditionalAccessPlatforms", fields: { includePlatforms: { kind: "enums", values: PLATFORMS }, excludePlatforms: { kind: "enums", values: PLATFORMS } } }),
    servicePrincipalRiskLevels: { kind: "enums", values: RISK_LEVELS },
    signInRiskLevels: { kind: "enums", values: RISK_LEVELS },
    userRiskLevels: { kind: "enums", values: RISK_LEVELS },
    agentIdRiskLevels: optional,
    users: complex(usersCondition),
  },
};

export const grantControls: ComplexType = {
  name: "conditionalAccessGrantControls",
  fields: {
    operator: { kind: "enum", values: ["AND", "OR"] },
    builtInControls: { kind: "enums", values: GRANT_CONTROLS },
    customAuthenticationFactors: strings,
    termsOfUse: strings,
    authenticationStrength: complex({ name: "authenticationStrengthPolicy", fields: { id: { kind: "string", required: true } } }),
  },
};

export const sessionControls: ComplexType = {
  name: "conditionalAccessSessionControls",
  fields: {
    applicationEnforcedRestrictions: any,
    cloudAppSecurity: any,
    continuousAccessEvaluation: any,
    disableResilienceDefaults: { kind: "bool" },
    globalSecureAccessFilteringProfile: optional,
    networkAccessSecurity: optional,
    persistentBrowser: any,
    secureSignInSession: any,
    signInFrequency: any,
  },
};

export const conditionalAccessPolicy: ComplexType = {
  name: "conditionalAccessPolicy",
  fields: {
    id: { kind: "readOnly" },
    createdDateTime: { kind: "readOnly" },
    modifiedDateTime: { kind: "readOnly" },
    deletedDateTime: { kind: "readOnly" },
    displayName: { kind: "string", required: true },
    description: str,
    state: { kind: "enum", values: POLICY_STATES, required: true },
    templateId: str,
    partialEnablementStrategy: optional,
    conditions: { kind: "object", type: conditionSet, required: true },
    grantControls: complex(grantControls),
    sessionControls: complex(sessionControls),
  },
};
