// One Graph connection: the SDK client with our middleware, plus request / paging helpers that turn every failure
// into a GraphRequestError.
import type { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { ResolvedConnection } from "./connection";
import { isAuthenticationFailure } from "./credential";
import { carried, errorFromResponse, GraphRequestError } from "./errors";
import { RequestPolicy, ResilienceHandler, type RetryEvent } from "./middleware";
import { type Pacer, pacerFor } from "./pacer";
import { DEFAULT_RETRY, type RetryOptions } from "./retry";

export type GraphVersion = "v1.0" | "beta";
export type GraphMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
  version?: GraphVersion;
  /** OData and other query parameters; values are URL-encoded here. */
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A POST that is safe to send again when its outcome is unknown (e.g. a `$batch` of reads). */
  idempotent?: boolean;
}

export interface GraphHttpOptions {
  retry?: Partial<RetryOptions>;
  /** Conditional Access pacing per connection key; `false` turns it off. Default 1 (Graph's documented limit). */
  conditionalAccessRequestsPerSecond?: number | false;
  /** Called before each retry wait, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
}

export interface Page<T> {
  value?: T[];
  "@odata.nextLink"?: string;
  [annotation: string]: unknown;
}

/** A page's `@odata.nextLink`, or undefined on the last page. */
export function nextPageLink(page: Page<unknown>, listing: string): string | undefined {
  const next = page["@odata.nextLink"];
  // The SDK treats a link that is not https as a relative path and requests nonsense (graph.md §7).
  if (next && !/^https:\/\//i.test(next)) throw new Error(`GET ${listing}: Graph returned a non-https @odata.nextLink '${next}'`);
  return next;
}

export class GraphHttp {
  readonly client: Client;
  readonly retry: RetryOptions;
  /** Spaces this connection's Conditional Access requests; undefined when pacing is off. */
  readonly conditionalAccessPacer: Pacer | undefined;

  constructor(
    readonly connection: ResolvedConnection,
    credential: TokenCredential,
    options: GraphHttpOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    const rate = options.conditionalAccessRequestsPerSecond ?? 1;
    // Shared by every client of this connection key in the process: the limit is the tenant's, not the client's.
    this.conditionalAccessPacer = rate === false ? undefined : pacerFor(connection.key, rate);
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [connection.scope] });
    this.client = Client.initWithMiddleware({
      baseUrl: `${connection.graphBaseUrl}/`,
      middleware: [
        new AuthenticationHandler(authProvider),
        new ResilienceHandler(this.retry, this.conditionalAccessPacer, options.onRetry),
        new TelemetryHandler(),
        new HTTPMessageHandler(),
      ],
      // Without this the SDK sends no Authorization header to hosts other than Microsoft's Graph hosts.
      customHosts: new Set([new URL(connection.graphBaseUrl).hostname]),
    });
  }

  /** Sends one request; resolves to the parsed body (undefined for 204), rejects with GraphRequestError. */
  async request<T>(method: GraphMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const absolute = /^https:\/\//i.test(path);
    const version = options.version ?? "v1.0";
    const shown = absolute ? path : `/${version}${path.startsWith("/") ? "" : "/"}${path}`;
    const idempotent = options.idempotent ?? method !== "POST";
    let request = this.client.api(path).responseType(ResponseType.RAW).middlewareOptions([new RequestPolicy(idempotent)]);
    if (!absolute) request = request.version(version);
    const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined);
    if (query.length) request = request.query(query.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&"));
    if (options.headers) request = request.headers(options.headers);
    let response: Response;
    try {
      response = await sendWith(request, method, options.body);
    } catch (e) {
      throw this.explain(e, method, shown);
    }
    const body = await parse(response);
    if (!response.ok) {
      const unknown = !idempotent && response.status >= 500;
      throw errorFromResponse(method, shown, response.status, response.headers, body, unknown);
    }
    return body as T;
  }

  /** Every page of a collection, following `@odata.nextLink` verbatim; `headers` are sent with every page. */
  async *pages<T>(path: string, options: RequestOptions = {}): AsyncGenerator<T[]> {
    let page = await this.request<Page<T>>("GET", path, options);
    for (;;) {
      yield page.value ?? [];
      const next = nextPageLink(page, path);
      if (!next) return;
      page = await this.request<Page<T>>("GET", next, { headers: options.headers });
    }
  }

  /** Every item of a collection, one at a time. */
  async *items<T>(path: string, options: RequestOptions = {}): AsyncGenerator<T> {
    for await (const page of this.pages<T>(path, options)) yield* page;
  }

  /** Every item of a collection, as one array. */
  async listAll<T>(path: string, options: RequestOptions = {}): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages<T>(path, options)) all.push(...page);
    return all;
  }

  private explain(e: unknown, method: string, url: string): unknown {
    const payload = carried(e);
    if (payload instanceof GraphRequestError) return payload;
    if (isAuthenticationFailure(payload)) {
      return new GraphRequestError({
        kind: "authentication",
        method,
        url,
        tenantId: payload.tenantId,
        clientId: payload.clientId,
        aadstsCode: payload.aadstsCode,
        detail: payload.detail,
        connection: payload.connection,
      });
    }
    return e;
  }
}

type Sendable = ReturnType<Client["api"]>;

function sendWith(request: Sendable, method: GraphMethod, body: unknown): Promise<Response> {
  switch (method) {
    case "GET":
      return request.get();
    case "POST":
      return request.post(body ?? {});
    case "PATCH":
      return request.patch(body ?? {});
    case "DELETE":
      return request.delete();
  }
}

async function parse(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return withoutContext(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Drops the top-level `@odata.context`: it describes the response, not the object, and an object read here may be
 * written back (a policy restored), where Graph does not expect it. Other annotations (`@odata.type`,
 * `@odata.nextLink`) carry meaning and stay.
 */
export function withoutContext<T>(body: T): T {
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("@odata.context" in body)) return body;
  const { "@odata.context": _context, ...rest } = body as Record<string, unknown>;
  return rest as T;
}
