// What a tenant has before anyone configured it: the singleton policies' server-owned members.
import type { GraphObject } from "./model";

const SECURITY_DEFAULTS_ID = "00000000-0000-0000-0000-000000000005";

export function defaultSecurityDefaults(isEnabled: boolean): GraphObject {
  return {
    description:
      "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.",
    displayName: "Security Defaults",
    id: SECURITY_DEFAULTS_ID,
    isEnabled,
  };
}

export function defaultAuthenticationMethodsPolicy(): GraphObject {
  return {
    id: "authenticationMethodsPolicy",
    displayName: "Authentication Methods Policy",
    description:
      "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
    lastModifiedDateTime: "2024-01-01T00:00:00Z",
    policyVersion: "1.5",
    reconfirmationInDays: 0,
    policyMigrationState: "migrationComplete",
    registrationEnforcement: {
      authenticationMethodsRegistrationCampaign: {
        snoozeDurationInDays: 1,
        enforceRegistrationAfterAllowedSnoozes: true,
        state: "default",
        excludeTargets: [],
        includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
      },
    },
    reportSuspiciousActivitySettings: {
      state: "default",
      voiceReportingCode: 0,
      includeTarget: { id: "all_users", targetType: "group" },
    },
    systemCredentialPreferences: {
      state: "default",
      excludeTargets: [],
      includeTargets: [{ id: "all_users", targetType: "group" }],
    },
    authenticationMethodConfigurations: [
      { "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration", id: "MicrosoftAuthenticator", state: "enabled", excludeTargets: [], isSoftwareOathEnabled: false },
      { "@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration", id: "Fido2", state: "disabled", excludeTargets: [], isSelfServiceRegistrationAllowed: true, isAttestationEnforced: false },
      { "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration", id: "Sms", state: "disabled", excludeTargets: [] },
      { "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration", id: "TemporaryAccessPass", state: "disabled", excludeTargets: [], defaultLifetimeInMinutes: 60, defaultLength: 8, minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480, isUsableOnce: false },
    ],
  };
}
