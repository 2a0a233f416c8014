// What `entra-mfa import` reads of a tenant: the plain data the program text is generated from (generate.ts), so
// the generation is a pure function that tests can feed hand-built tenants.
import type { ConditionalAccessPolicy, SystemCredentialPreferences } from "../graph/types";

export interface ImportSnapshot {
  tenantId: string;
  securityDefaultsEnabled: boolean;
  policies: ConditionalAccessPolicy[];
  /** Normalised object id → user principal name, for the users the MFA policies name. */
  users: Record<string, string>;
  /** Normalised object id → display name, for the groups the MFA policies and system-preferred MFA name. */
  groups: Record<string, string>;
  /** Normalised group id → user principal names of its users (nested groups expanded), for excluded groups. */
  groupUsers: Record<string, string[]>;
  /** Role template id → display name, for the activated directory roles. */
  roles: Record<string, string>;
  /** undefined when the tenant's authentication methods policy has none (or it could not be read). */
  systemPreferred?: SystemCredentialPreferences;
  /** How many users have legacy per-user MFA on; undefined when it was not read. */
  perUserMfa?: { enabled: number; enforced: number };
}

/** How the stack reaches the tenant: what its config must hold (the secret itself never). */
export interface StackConnection {
  tenantId: string;
  clientId?: string;
  /** How the app signs in; decides which secret the config needs. */
  credential: "clientSecret" | "clientCertificate" | "managedIdentity" | "other";
  /** A path the user gave for the secret, to read it from in the `pulumi config set --secret` line. */
  clientSecretFile?: string;
  clientCertificatePath?: string;
  /** Set for a national cloud. */
  cloud?: string;
  /** Set for an emulator or another non-default endpoint. */
  graphBaseUrl?: string;
  authorityHost?: string;
}
