import { createGraphApi, resolveConnection, type ConfigSource, type ConnectionInput, type GraphApi, type RetryEvent, type RetryOptions } from "../graph";

// Stack config arrives once per provider process through the `configure` hook. Credentials are resolved from it (and
// from the environment) at every call, so nothing about them is ever captured in the serialized provider.
let stackConfig: ConfigSource | undefined;

export function setStackConfig(config: ConfigSource): void {
  stackConfig = config;
}

/** A positive number from stack config (`entra-mfa:<key>`) or else the environment; undefined when neither sets it. */
function positiveSetting(config: ConfigSource | undefined, key: string, env: string): number | undefined {
  const raw = config?.get(`entra-mfa:${key}`) ?? process.env[env];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`entra-mfa:${key} (or ${env}) must be a positive number, got '${raw}'`);
  return value;
}

/**
 * Graph's 1 request/second for Conditional Access unless told otherwise, and the Graph client's retry defaults
 * unless told otherwise (tests against the emulator shorten both; a tenant with a higher limit may raise the rate).
 */
function graphOptions(config: ConfigSource | undefined) {
  const retry: Partial<RetryOptions> = {};
  const maxAttempts = positiveSetting(config, "graphMaxAttempts", "ENTRA_MFA_GRAPH_MAX_ATTEMPTS");
  const baseDelayMs = positiveSetting(config, "graphRetryBaseDelayMs", "ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS");
  if (maxAttempts) retry.maxAttempts = Math.floor(maxAttempts);
  if (baseDelayMs) retry.baseDelayMs = baseDelayMs;
  return {
    conditionalAccessRequestsPerSecond: positiveSetting(config, "conditionalAccessRequestsPerSecond", "ENTRA_MFA_CA_REQUESTS_PER_SECOND"),
    retry,
    onRetry: (event: RetryEvent) => retryListeners.forEach((listener) => listener(event)),
  };
}

type RetryListener = (event: RetryEvent) => void;
const retryListeners = new Set<RetryListener>();

/** Hears every Graph retry of this process (the CLI says them on stderr). Returns the function that stops listening. */
export function onGraphRetry(listener: RetryListener): () => void {
  retryListeners.add(listener);
  return () => retryListeners.delete(listener);
}

/** A Graph API for one resource's connection: its `connection` input, then stack config, then the environment. */
export function graphFor(connection: ConnectionInput | undefined, config: ConfigSource | undefined = stackConfig): GraphApi {
  const resolved = resolveConnection(connection, config, process.env);
  return createGraphApi(resolved, graphOptions(config));
}

/** The tenant a connection points at, without calling Graph (for diffs). */
export function tenantOf(connection: ConnectionInput | undefined): string {
  return resolveConnection(connection, stackConfig, process.env).tenantId.toLowerCase();
}

export interface Progress {
  level: "info" | "warning";
  resource: string;
  message: string;
}

const listeners = new Set<(event: Progress) => void>();

/**
 * Hears every progress message and warning as it is emitted, before the Graph call it announces (a test uses this
 * to inject a fault at an exact step). Returns the function that stops listening.
 */
export function onProgress(listener: (event: Progress) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: Progress): void {
  for (const listener of listeners) listener(event);
}

/** Progress and warnings: the engine passes a provider's console output through to the user. */
export function say(resource: string, message: string): void {
  emit({ level: "info", resource, message });
  console.log(`${resource}: ${message}`);
}

export function warn(resource: string, message: string): void {
  emit({ level: "warning", resource, message });
  console.warn(`warning: ${resource}: ${message}`);
}
