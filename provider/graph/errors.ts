import { GraphClientError } from "@microsoft/microsoft-graph-client";
import { pathOf } from "./paths";
import { permissionsFor } from "./permissions";

/**
 * - `response`: Graph answered with an error status.
 * - `timeout` / `connection`: no answer (timed out, connection dropped or refused).
 * - `authentication`: no token could be obtained from the identity platform.
 */
export type GraphFailureKind = "response" | "timeout" | "connection" | "authentication";

export interface GraphRequestErrorInit {
  kind: GraphFailureKind;
  method: string;
  /** Absolute URL or path as sent. */
  url: string;
  status?: number;
  code?: string;
  graphMessage?: string;
  requestId?: string;
  date?: string;
  /** For transport and authentication failures: what went wrong. */
  detail?: string;
  /** The request may have been applied although no success was seen (POST + 5xx, timeout or drop). */
  outcomeUnknown?: boolean;
  /** Identity-platform error code, e.g. AADSTS7000215. */
  aadstsCode?: string;
  tenantId?: string;
  clientId?: string;
  /** For authentication failures: the connection's describe() (credential source, hosts; never a secret). */
  connection?: string;
}

/** The one error type of the Graph layer: what was asked, what Graph said, and what to do about a 403. */
export class GraphRequestError extends Error {
  override name = "GraphRequestError";
  readonly kind: GraphFailureKind;
  readonly method: string;
  /** The URL path including the version segment, e.g. `/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`. */
  readonly path: string;
  readonly status?: number;
  readonly code?: string;
  readonly graphMessage?: string;
  readonly requestId?: string;
  readonly date?: string;
  readonly detail?: string;
  readonly outcomeUnknown: boolean;
  readonly aadstsCode?: string;
  readonly tenantId?: string;
  readonly clientId?: string;
  /** On a 403: the application permission(s) the call probably lacks. */
  readonly missingPermissions?: readonly string[];

  constructor(readonly init: GraphRequestErrorInit) {
    super();
    this.kind = init.kind;
    this.method = init.method.toUpperCase();
    this.path = pathOf(init.url);
    this.status = init.status;
    this.code = init.code;
    this.graphMessage = init.graphMessage;
    this.requestId = init.requestId;
    this.date = init.date;
    this.detail = init.detail;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.aadstsCode = init.aadstsCode;
    this.tenantId = init.tenantId;
    this.clientId = init.clientId;
    this.missingPermissions = init.status === 403 ? permissionsFor(this.method, init.url) : undefined;
    this.message = this.render();
  }

  /** True for Graph's "not found" answer. */
  get isNotFound(): boolean {
    return this.kind === "response" && this.status === 404;
  }

  private render(): string {
    const request = `${this.method} ${this.path}`;
    switch (this.kind) {
      case "authentication": {
        const who = this.init.connection ?? `tenant ${this.tenantId}${this.clientId ? `, client id ${this.clientId}` : ""}`;
        return `${request} → could not get a token: ${this.detail} (${who})`;
      }
      case "timeout":
      case "connection": {
        const landed = this.outcomeUnknown ? "; the request may or may not have been applied" : "";
        return `${request} → no response (${this.detail})${landed}`;
      }
      case "response": {
        const facts = [
          this.requestId && `request-id ${this.requestId}`,
          this.date && `date ${this.date}`,
          this.missingPermissions && `probably missing application permission ${this.missingPermissions.join(" and ")}`,
          this.outcomeUnknown && "the request may or may not have been applied",
        ].filter(Boolean);
        const what = [this.code, this.graphMessage].filter(Boolean).join(": ");
        return `${request} → ${this.status}${what ? ` ${what}` : ""}${facts.length ? ` (${facts.join(", ")})` : ""}`;
      }
    }
  }
}

interface ODataError {
  code?: string;
  message?: string;
  innerError?: Record<string, unknown>;
  innererror?: Record<string, unknown>;
}

/** Builds the error for a Graph error answer: the OData error body, falling back to response headers. */
export function errorFromResponse(
  method: string,
  url: string,
  status: number,
  headers: Headers | Record<string, string> | undefined,
  body: unknown,
  outcomeUnknown = false,
): GraphRequestError {
  const header = (name: string) => headerOf(headers, name);
  const error = (typeof body === "object" && body !== null ? (body as { error?: ODataError }).error : undefined) ?? {};
  const inner = error.innerError ?? error.innererror ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return new GraphRequestError({
    kind: "response",
    method,
    url,
    status,
    code: error.code,
    graphMessage: error.message ?? (typeof body === "string" && body ? body.slice(0, 500) : undefined),
    requestId: str(inner["request-id"]) ?? header("request-id"),
    date: str(inner.date) ?? header("date"),
    outcomeUnknown,
  });
}

/** A header by case-insensitive name, from fetch Headers or a `$batch` item's plain object. */
export function headerOf(headers: Headers | Record<string, string> | undefined, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers![key];
}

// GraphRequest turns whatever a middleware or credential throws into a GraphError, losing its fields, unless it is
// a GraphClientError. So failures we want to surface intact travel inside one.
const CARRIED = Symbol("entra-mfa.carried");

export function carry(payload: unknown): GraphClientError {
  const e = new GraphClientError(payload instanceof Error ? payload.message : String(payload));
  (e as unknown as Record<symbol, unknown>)[CARRIED] = payload;
  return e;
}

export function carried(e: unknown): unknown {
  return typeof e === "object" && e !== null && CARRIED in e ? (e as Record<symbol, unknown>)[CARRIED] : undefined;
}

/** Resolves to undefined when Graph answers 404 ("does not exist"); other failures still reject. */
export async function unlessNotFound<T>(op: Promise<T>): Promise<T | undefined> {
  try {
    return await op;
  } catch (e) {
    if (e instanceof GraphRequestError && e.isNotFound) return undefined;
    throw e;
  }
}
