import { createGraphApi, resolveConnection, type ConfigSource, type ConnectionInput, type GraphApi } from "../graph";

// Stack config arrives once per provider process through the `configure` hook. Credentials are resolved from it (and
// from the environment) at every call, so nothing about them is ever captured in the serialized provider.
let stackConfig: ConfigSource | undefined;

export function setStackConfig(config: ConfigSource): void {
  stackConfig = config;
}

/** `entra-mfa:conditionalAccessRequestsPerSecond` or ENTRA_MFA_CA_REQUESTS_PER_SECOND; default Graph's 1/s. */
function conditionalAccessRate(config: ConfigSource | undefined): number | undefined {
  const raw = config?.get("entra-mfa:conditionalAccessRequestsPerSecond") ?? process.env.ENTRA_MFA_CA_REQUESTS_PER_SECOND;
  if (raw === undefined || raw === "") return undefined;
  const rate = Number(raw);
  if (!(rate > 0)) throw new Error(`entra-mfa:conditionalAccessRequestsPerSecond must be a positive number, got '${raw}'`);
  return rate;
}

/** A Graph API for one resource's connection: its `connection` input, then stack config, then the environment. */
export function graphFor(connection: ConnectionInput | undefined, config: ConfigSource | undefined = stackConfig): GraphApi {
  const resolved = resolveConnection(connection, config, process.env);
  return createGraphApi(resolved, { conditionalAccessRequestsPerSecond: conditionalAccessRate(config) });
}

/** The tenant a connection points at, without calling Graph (for diffs). */
export function tenantOf(connection: ConnectionInput | undefined): string {
  return resolveConnection(connection, stackConfig, process.env).tenantId.toLowerCase();
}

/** Progress and warnings: the engine passes a provider's console output through to the user. */
export function say(resource: string, message: string): void {
  console.log(`${resource}: ${message}`);
}

export function warn(resource: string, message: string): void {
  console.warn(`warning: ${resource}: ${message}`);
}
