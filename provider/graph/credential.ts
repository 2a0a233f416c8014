// @azure/identity credentials for a resolved connection. Credential objects hold MSAL's token cache, so they are
// kept per connection (and per credential fingerprint, so a rotated secret gets a new one); nothing else is kept.
import { createHmac, randomBytes } from "node:crypto";
import {
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { probeAuthority, withoutTraceIds, type AuthorityProblem } from "./authority-probe";
import { isKnownAuthorityHost } from "./clouds";
import { SECRET_HELP, type Credentials, type ResolvedConnection } from "./connection";
import { carry } from "./errors";
import { scrub, type Secret } from "./secret";

/** Why no token could be had; turned into a GraphRequestError (kind `authentication`) by the request that needed it. */
export interface AuthenticationFailure {
  authentication: true;
  tenantId: string;
  clientId?: string;
  aadstsCode?: string;
  detail: string;
  /** The connection's describe(): which credential from where, which hosts. */
  connection: string;
}

export function isAuthenticationFailure(v: unknown): v is AuthenticationFailure {
  return typeof v === "object" && v !== null && (v as AuthenticationFailure).authentication === true;
}

const cache = new Map<string, TokenCredential>();

/** The credential for a connection, wrapped so its failures name tenant, client id and AADSTS code, never a secret. */
export function credentialFor(connection: ResolvedConnection): TokenCredential {
  const key = `${connection.key}|${connection.authorityHost}|${fingerprint(connection.credentials)}`;
  let credential = cache.get(key);
  if (!credential) {
    credential = build(connection);
    cache.set(key, credential);
  }
  return explained(credential, connection);
}

function secretsOf(c: Credentials): (Secret | undefined)[] {
  switch (c.kind) {
    case "clientSecret":
      return [c.clientSecret];
    case "clientCertificate":
      return [c.certificatePem, c.password];
    case "oidcToken":
      return [c.token];
    default:
      return [];
  }
}

// Keyed with a random per-process key: a plain hash of a short secret, should a cache key ever be printed, could be
// guessed back offline; this one means nothing outside the process.
const FINGERPRINT_KEY = randomBytes(32);

function fingerprint(c: Credentials): string {
  const material = [c.kind, c.clientId ?? "", ...secretsOf(c).map((s) => s?.reveal() ?? "")];
  if (c.kind === "clientCertificate") material.push(c.certificatePath ?? "");
  if (c.kind === "oidcTokenFile") material.push(c.tokenFilePath);
  return createHmac("sha256", FINGERPRINT_KEY).update(material.join("\0")).digest("hex");
}

function build(connection: ResolvedConnection): TokenCredential {
  const { tenantId, credentials: c, authorityHost } = connection;
  // MSAL would otherwise ask login.microsoftonline.com whether a custom authority (an emulator) is genuine.
  const options = { authorityHost, disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost) };
  switch (c.kind) {
    case "clientSecret":
      return new ClientSecretCredential(tenantId, c.clientId, c.clientSecret.reveal(), options);
    case "clientCertificate": {
      const certificatePassword = c.password?.reveal();
      return c.certificatePem
        ? new ClientCertificateCredential(tenantId, c.clientId, { certificate: c.certificatePem.reveal(), certificatePassword }, options)
        : new ClientCertificateCredential(tenantId, c.clientId, { certificatePath: c.certificatePath!, certificatePassword }, options);
    }
    case "oidcToken": {
      const token = c.token;
      return new ClientAssertionCredential(tenantId, c.clientId, async () => token.reveal(), options);
    }
    case "oidcTokenFile":
      return new WorkloadIdentityCredential({ ...options, tenantId, clientId: c.clientId, tokenFilePath: c.tokenFilePath });
    case "managedIdentity":
      return c.clientId ? new ManagedIdentityCredential({ clientId: c.clientId }) : new ManagedIdentityCredential();
    case "developerChain":
      return new DefaultAzureCredential({ ...options, tenantId, managedIdentityClientId: c.clientId });
  }
}

/** Authorities (host + tenant) whose OpenID configuration was served in this process: probed once each. */
const reachable = new Set<string>();

/** Credentials that ask the connection's authority for a token (managed identity and the developer chain do not). */
const USES_AUTHORITY: ReadonlySet<Credentials["kind"]> = new Set(["clientSecret", "clientCertificate", "oidcToken", "oidcTokenFile"]);

function explained(inner: TokenCredential, connection: ResolvedConnection): TokenCredential {
  const secrets = secretsOf(connection.credentials);
  const fail = (detail: string, aadstsCode?: string): never => {
    const failure: AuthenticationFailure = {
      authentication: true,
      tenantId: connection.tenantId,
      clientId: connection.clientId,
      ...(aadstsCode ? { aadstsCode } : {}),
      detail: scrub(detail, secrets),
      connection: connection.describe(),
    };
    throw carry(failure);
  };
  const authority = `${connection.authorityHost}|${connection.tenantId.toLowerCase()}`;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      if (USES_AUTHORITY.has(connection.credentials.kind) && !reachable.has(authority)) {
        const problem = await probeAuthority(connection);
        if (problem) fail(problemText(problem), problem.aadstsCode);
        reachable.add(authority);
      }
      try {
        return await inner.getToken(scopes, options);
      } catch (e) {
        const raw = e instanceof Error ? e.message : String(e);
        if (connection.credentials.kind === "developerChain") fail(noCredential(connection, raw));
        return fail(essence(raw), /AADSTS\d+/.exec(raw)?.[0]);
      }
    },
  };
}

function problemText(problem: AuthorityProblem): string {
  return `${problem.cause}; ${problem.fix}`;
}

/** The developer chain is what is left when no secret, certificate or token was given: usually a forgotten secret. */
function noCredential(connection: ResolvedConnection, raw: string): string {
  const client = connection.clientId ? ` for client id ${connection.clientId}` : "";
  return (
    `no client secret, certificate or token was given${client}, and no signed-in identity was found ` +
    `(the DefaultAzureCredential chain: az login, managed identity…; it said: ${withoutTraceIds(raw)}). ` +
    `To use the app's client secret, ${SECRET_HELP}`
  );
}

/** From an identity-platform message, the `AADSTSnnn: what is wrong` part, without trace ids and timestamps. */
function essence(message: string): string {
  const from = message.search(/AADSTS\d+:/);
  return withoutTraceIds(from >= 0 ? message.slice(from) : message);
}
