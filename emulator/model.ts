// Shapes the emulator stores and serves. Defined here, not imported from provider/: the emulator is the
// independent oracle the product is tested against, so it must not share the product's assumptions.

/** A Graph object as Graph returns it. Unknown properties are kept and served back unchanged. */
export type GraphObject = { [property: string]: unknown };

export type GraphVersion = "v1.0" | "beta";

export interface FederatedCredential {
  issuer: string;
  subject: string;
  /** Defaults to ["api://AzureADTokenExchange"]. */
  audiences?: string[];
  name?: string;
}

export interface AppFixture {
  clientId: string;
  displayName?: string;
  clientSecret?: string;
  /** PEM certificate (or public key) whose private key signs client assertions. */
  certificatePem?: string;
  federatedCredentials?: FederatedCredential[];
  /** Application permissions granted (and admin-consented) to the app, e.g. "Policy.Read.All". */
  roles: string[];
}

export interface GroupFixture extends GraphObject {
  id: string;
  displayName?: string;
  /** Direct member object ids (users or groups). Fixture-only: served through members/transitiveMembers. */
  members?: string[];
}

export interface DirectoryRoleFixture extends GraphObject {
  id: string;
  roleTemplateId: string;
  displayName?: string;
  /** Direct member object ids (users, or role-assignable groups). */
  members?: string[];
}

export type PerUserMfaState = "disabled" | "enabled" | "enforced";

export type PerUserMfaOnUsers = "served" | "omitted" | "unknownProperty";

export interface TenantFixture {
  tenantId: string;
  displayName?: string;
  /** Extra names the identity endpoints accept in place of the tenant id, e.g. "contoso.onmicrosoft.com". */
  domains?: string[];
  apps: AppFixture[];
  /** The identitySecurityDefaultsEnforcementPolicy object, or just its isEnabled flag. */
  securityDefaults?: GraphObject | boolean;
  conditionalAccessPolicies?: GraphObject[];
  /** As the beta endpoint returns it (v1.0 responses leave out beta-only properties). */
  authenticationMethodsPolicy?: GraphObject;
  users?: GraphObject[];
  groups?: GroupFixture[];
  directoryRoles?: DirectoryRoleFixture[];
  /** userId → per-user (legacy) MFA state; users not listed are "disabled". */
  perUserMfa?: Record<string, PerUserMfaState>;
  /**
   * How user reads answer `$select=…,perUserMfaState` (v1.0 and beta): `served` (default, as Graph does since 2025),
   * `omitted` (every user comes back without the property) or `unknownProperty` (the `$select` is refused with 400,
   * as by a cloud that does not have it). For testing a client's fallback.
   */
  perUserMfaOnUsers?: PerUserMfaOnUsers;
  /** Users (id or userPrincipalName) whose entries come back without `perUserMfaState` even when it is served. */
  perUserMfaOmittedFor?: string[];
  registrationDetails?: GraphObject[];
  /** userId → beta signInPreferences; users not listed get their registration details' values, else defaults. */
  signInPreferences?: Record<string, GraphObject>;
}

export interface FixtureFile {
  tenants: TenantFixture[];
}
