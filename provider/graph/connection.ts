// Where a Graph connection's settings come from. Pure: reads only its arguments, so it can be unit-tested and the
// provider can call it at every operation (nothing is captured in serialized state).
import { type Cloud, cloudNamed, CLOUDS } from "./clouds";
import { Secret } from "./secret";

/** The per-resource `connection` input. Every field optional: what is left out comes from config or environment. */
export interface ConnectionInput {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM text holding the certificate and its private key. */
  clientCertificate?: string;
  clientCertificatePath?: string;
  clientCertificatePassword?: string;
  oidcToken?: string;
  oidcTokenFilePath?: string;
  useOidc?: boolean;
  useMsi?: boolean;
  msiClientId?: string;
  /** public | usgovernment | dod | china (azuread `environment` spellings also accepted). */
  cloud?: string;
  /** Scheme, host and port of Graph, e.g. an emulator's `https://127.0.0.1:8443`. */
  graphBaseUrl?: string;
  authorityHost?: string;
}

export type ConnectionField = keyof ConnectionInput;

/** Pulumi stack config, e.g. `new pulumi.Config()` wrapped, or the `configure()` request's config map. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export type Credentials =
  | { kind: "clientSecret"; clientId: string; clientSecret: Secret }
  | { kind: "clientCertificate"; clientId: string; certificatePem?: Secret; certificatePath?: string; password?: Secret }
  | { kind: "oidcToken"; clientId: string; token: Secret }
  | { kind: "oidcTokenFile"; clientId: string; tokenFilePath: string }
  | { kind: "managedIdentity"; clientId?: string }
  | { kind: "developerChain"; clientId?: string };

export interface ResolvedConnection {
  readonly tenantId: string;
  readonly clientId?: string;
  readonly credentials: Credentials;
  readonly cloud: Cloud;
  /** Scheme + host (+ port), no version segment. */
  readonly graphBaseUrl: string;
  readonly authorityHost: string;
  /** The `.default` scope of the cloud's Graph resource. */
  readonly scope: string;
  /** Tenant + Graph host: what pacing and caches are shared by. */
  readonly key: string;
  /** For each value, where it came from, e.g. `config azuread:clientSecret`. */
  readonly sources: Readonly<Partial<Record<ConnectionField, string>>>;
  /** A one-line summary for error messages. Never contains a secret. */
  describe(): string;
}

export class ConnectionError extends Error {
  override name = "ConnectionError";
}

type Layer = { label: (field: ConnectionField, key: string) => string; keys: Partial<Record<ConnectionField, string>> };

const CONFIG_KEYS: Partial<Record<ConnectionField, string>> = {
  tenantId: "azuread:tenantId",
  clientId: "azuread:clientId",
  clientSecret: "azuread:clientSecret",
  clientCertificate: "azuread:clientCertificate",
  clientCertificatePath: "azuread:clientCertificatePath",
  clientCertificatePassword: "azuread:clientCertificatePassword",
  useOidc: "azuread:useOidc",
  oidcToken: "azuread:oidcToken",
  oidcTokenFilePath: "azuread:oidcTokenFilePath",
  useMsi: "azuread:useMsi",
  cloud: "azuread:environment",
  graphBaseUrl: "entra-mfa:graphBaseUrl",
  authorityHost: "entra-mfa:authorityHost",
};

const AZURE_ENV: Partial<Record<ConnectionField, string>> = {
  tenantId: "AZURE_TENANT_ID",
  clientId: "AZURE_CLIENT_ID",
  clientSecret: "AZURE_CLIENT_SECRET",
  clientCertificatePath: "AZURE_CLIENT_CERTIFICATE_PATH",
  clientCertificatePassword: "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  oidcTokenFilePath: "AZURE_FEDERATED_TOKEN_FILE",
  authorityHost: "AZURE_AUTHORITY_HOST",
};

const ARM_ENV: Partial<Record<ConnectionField, string>> = {
  tenantId: "ARM_TENANT_ID",
  clientId: "ARM_CLIENT_ID",
  clientSecret: "ARM_CLIENT_SECRET",
  clientCertificatePath: "ARM_CLIENT_CERTIFICATE_PATH",
  clientCertificatePassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
  useOidc: "ARM_USE_OIDC",
  oidcToken: "ARM_OIDC_TOKEN",
  oidcTokenFilePath: "ARM_OIDC_TOKEN_FILE_PATH",
  useMsi: "ARM_USE_MSI",
  cloud: "ARM_ENVIRONMENT",
};

const FIELDS: readonly ConnectionField[] = [
  "tenantId",
  "clientId",
  "clientSecret",
  "clientCertificate",
  "clientCertificatePath",
  "clientCertificatePassword",
  "oidcToken",
  "oidcTokenFilePath",
  "useOidc",
  "useMsi",
  "msiClientId",
  "cloud",
  "graphBaseUrl",
  "authorityHost",
];

/** Credential material, most specific first: which one wins when a single source supplies several. */
const MATERIAL: readonly ConnectionField[] = [
  "clientCertificate",
  "clientCertificatePath",
  "clientSecret",
  "oidcToken",
  "oidcTokenFilePath",
];

interface Found {
  value: string;
  from: string;
  /** Precedence of the source: 0 = resource input, 1 = stack config, 2 = AZURE_*, 3 = ARM_*. */
  rank: number;
}

type Lookup = (key: string) => string | undefined;

function nonEmpty(v: unknown): string | undefined {
  if (typeof v === "boolean") return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function layers(resource: ConnectionInput | undefined, config: ConfigSource | undefined, env: NodeJS.ProcessEnv) {
  const fromEnv: Lookup = (k) => env[k];
  const list: { lookup: Lookup; layer: Layer }[] = [
    {
      lookup: (k) => nonEmpty(resource?.[k as ConnectionField]),
      layer: { label: (f) => `resource connection.${f}`, keys: Object.fromEntries(FIELDS.map((f) => [f, f])) },
    },
    { lookup: (k) => config?.get(k), layer: { label: (_f, k) => `config ${k}`, keys: CONFIG_KEYS } },
    { lookup: fromEnv, layer: { label: (_f, k) => `env ${k}`, keys: AZURE_ENV } },
    { lookup: fromEnv, layer: { label: (_f, k) => `env ${k}`, keys: ARM_ENV } },
  ];
  return list;
}

function collect(resource: ConnectionInput | undefined, config: ConfigSource | undefined, env: NodeJS.ProcessEnv) {
  const found: Partial<Record<ConnectionField, Found>> = {};
  layers(resource, config, env).forEach(({ lookup, layer }, rank) => {
    for (const field of FIELDS) {
      const key = layer.keys[field];
      if (!key || found[field]) continue;
      const value = nonEmpty(lookup(key));
      if (value !== undefined) found[field] = { value, from: layer.label(field, key), rank };
    }
  });
  return found;
}

function flag(f: Found | undefined): boolean {
  if (!f) return false;
  const v = f.value.toLowerCase();
  if (["true", "1", "yes"].includes(v)) return true;
  if (["false", "0", "no"].includes(v)) return false;
  throw new ConnectionError(`${f.from} must be true or false, got '${f.value}'`);
}

export const TENANT_HELP =
  "set the resource's connection.tenantId, stack config azuread:tenantId (pulumi config set azuread:tenantId <id>), " +
  "or the environment variable AZURE_TENANT_ID or ARM_TENANT_ID";
export const CLIENT_HELP = "set connection.clientId, azuread:clientId, AZURE_CLIENT_ID or ARM_CLIENT_ID";
/** How to give a client secret; the command line says it in its own words (provider/cli/wording.ts). */
export const SECRET_HELP =
  "give it in one of three ways: the resource's connection.clientSecret (from a Pulumi secret), stack config " +
  "azuread:clientSecret (pulumi config set --secret azuread:clientSecret <secret>), or the environment variable " +
  "AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET";

function requireClientId(found: Partial<Record<ConnectionField, Found>>, what: string): string {
  const id = found.clientId?.value;
  if (!id) throw new ConnectionError(`${what} needs an application (client) id: ${CLIENT_HELP}`);
  return id;
}

interface ChosenCredentials {
  credentials: Credentials;
  /** Where the deciding value came from. */
  from?: string;
}

function credentialsOf(found: Partial<Record<ConnectionField, Found>>): ChosenCredentials {
  if (flag(found.useMsi)) {
    return {
      credentials: { kind: "managedIdentity", clientId: found.msiClientId?.value ?? found.clientId?.value },
      from: found.useMsi!.from,
    };
  }
  const oidc = (decidedBy: Found): ChosenCredentials => {
    const clientId = requireClientId(found, `OIDC (${decidedBy.from})`);
    if (found.oidcToken) {
      return { credentials: { kind: "oidcToken", clientId, token: new Secret(found.oidcToken.value) }, from: found.oidcToken.from };
    }
    if (found.oidcTokenFilePath) {
      return {
        credentials: { kind: "oidcTokenFile", clientId, tokenFilePath: found.oidcTokenFilePath.value },
        from: found.oidcTokenFilePath.from,
      };
    }
    throw new ConnectionError(
      `${decidedBy.from} asks for OIDC but no token was given: set oidcToken / oidcTokenFilePath ` +
        `(azuread:oidcToken, ARM_OIDC_TOKEN, AZURE_FEDERATED_TOKEN_FILE, ARM_OIDC_TOKEN_FILE_PATH)`,
    );
  };
  if (flag(found.useOidc)) return oidc(found.useOidc!);
  // The material from the highest-precedence source wins, so a secret in the resource input is not overridden by a
  // certificate path that happens to be in the environment.
  const material = MATERIAL.filter((f) => found[f]).sort((a, b) => found[a]!.rank - found[b]!.rank)[0];
  if (!material) return { credentials: { kind: "developerChain", clientId: found.clientId?.value } };
  const decidedBy = found[material]!;
  switch (material) {
    case "clientCertificate":
    case "clientCertificatePath": {
      const clientId = requireClientId(found, `The client certificate (${decidedBy.from})`);
      const password = found.clientCertificatePassword ? new Secret(found.clientCertificatePassword.value) : undefined;
      const source =
        material === "clientCertificate"
          ? { certificatePem: new Secret(decidedBy.value) }
          : { certificatePath: decidedBy.value };
      return { credentials: { kind: "clientCertificate", clientId, ...source, password }, from: decidedBy.from };
    }
    case "clientSecret": {
      const clientId = requireClientId(found, `The client secret (${decidedBy.from})`);
      return { credentials: { kind: "clientSecret", clientId, clientSecret: new Secret(decidedBy.value) }, from: decidedBy.from };
    }
    default:
      return oidc(decidedBy);
  }
}

function httpsBase(f: Found | undefined, fallback: string): string {
  if (!f) return fallback;
  let url: URL;
  try {
    url = new URL(f.value);
  } catch {
    throw new ConnectionError(`${f.from} is not a URL: '${f.value}'`);
  }
  // The Graph SDK attaches the token only to https URLs, and @azure/identity refuses http authorities.
  if (url.protocol !== "https:") throw new ConnectionError(`${f.from} must be an https URL, got '${f.value}'`);
  return url.origin;
}

const CREDENTIAL_LABEL: Record<Credentials["kind"], string> = {
  clientSecret: "client secret",
  clientCertificate: "client certificate",
  oidcToken: "OIDC token",
  oidcTokenFile: "OIDC token file",
  managedIdentity: "managed identity",
  developerChain: "DefaultAzureCredential chain",
};

/**
 * Resolves a connection, field by field: the resource's `connection` input, then stack config (the `azuread:` keys
 * @pulumi/azuread users already set, plus `entra-mfa:graphBaseUrl` / `entra-mfa:authorityHost`), then the AZURE_*
 * variables @azure/identity reads, then ARM_* (what Pulumi ESC azure-login exports).
 */
export function resolveConnection(
  resource?: ConnectionInput,
  config?: ConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConnection {
  const found = collect(resource, config, env);
  const tenantId = found.tenantId?.value;
  if (!tenantId) throw new ConnectionError(`No Entra tenant id: ${TENANT_HELP}.`);
  const cloud = found.cloud ? cloudNamed(found.cloud.value) : CLOUDS.public;
  if (!cloud) {
    throw new ConnectionError(
      `${found.cloud!.from} names an unknown cloud '${found.cloud!.value}' (expected one of ${Object.keys(CLOUDS).join(", ")})`,
    );
  }
  const { credentials, from: credentialFrom } = credentialsOf(found);
  const graphBaseUrl = httpsBase(found.graphBaseUrl, cloud.graphBaseUrl);
  const authorityHost = httpsBase(found.authorityHost, cloud.authorityHost);
  const sources = Object.fromEntries(
    Object.entries(found).map(([field, f]) => [field, f.from]),
  ) as Partial<Record<ConnectionField, string>>;
  const key = `${tenantId.toLowerCase()}|${new URL(graphBaseUrl).host.toLowerCase()}`;
  return {
    tenantId,
    clientId: credentials.clientId,
    credentials,
    cloud,
    graphBaseUrl,
    authorityHost,
    scope: `${cloud.graphResource}/.default`,
    key,
    sources,
    describe() {
      const from = (f: ConnectionField) => (found[f] ? ` (${found[f]!.from})` : "");
      const client = credentials.clientId ? `, client id ${credentials.clientId}${from("clientId")}` : "";
      const credential = `${CREDENTIAL_LABEL[credentials.kind]}${credentialFrom ? ` (${credentialFrom})` : ""}`;
      return (
        `tenant ${tenantId}${from("tenantId")}${client}, credential: ${credential}, ` +
        `cloud ${cloud.name}, graph ${graphBaseUrl}, authority ${authorityHost}`
      );
    },
  };
}
