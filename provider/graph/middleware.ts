// Our place in the Graph SDK chain: AuthenticationHandler → ResilienceHandler → TelemetryHandler → HTTPMessageHandler.
// It replaces the SDK's RetryHandler, which re-sends a POST that got a 503 (and may have created something).
import { randomUUID } from "node:crypto";
import type { Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { carry, GraphRequestError, type GraphFailureKind } from "./errors";
import { isConditionalAccessPath, type Pacer } from "./pacer";
import { pathOf, resourcePath } from "./paths";
import { backoffMs, RETRY_STATUSES, type RetryOptions, retryAfterMs, sleep } from "./retry";

/** Per-request setting: may this request be sent again when its outcome is unknown? Default: all but POST. */
export class RequestPolicy implements MiddlewareOptions {
  constructor(readonly idempotent: boolean) {}
}

export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

interface Transport {
  kind: Extract<GraphFailureKind, "timeout" | "connection">;
  detail: string;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Nobody there (refused, no such host): worth one more try, not a minute of them, when Graph never answered yet. */
const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/;

export class ResilienceHandler implements Middleware {
  private next?: Middleware;
  /** Whether Graph answered any request of this client: until it has, an unreachable host is not a blip. */
  private answered = false;

  constructor(
    private readonly retry: RetryOptions,
    /** Paces Conditional Access calls; absent = no pacing. */
    private readonly pacer: Pacer | undefined,
    private readonly onRetry?: (event: RetryEvent) => void,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const options = (context.options ??= {});
    const method = (options.method ?? "GET").toUpperCase();
    const idempotent = policyOf(context)?.idempotent ?? method !== "POST";
    const paced = this.pacer && isConditionalAccessPath(resourcePath(url)) ? this.pacer : undefined;
    // The telemetry handler appends to SdkVersion on every pass; start each attempt from the caller's headers, with
    // one client-request-id for all attempts so Graph's logs tie them together.
    const headers = { "client-request-id": randomUUID(), ...(options.headers as Record<string, string> | undefined) };
    let waited = 0;
    let transport: Transport | undefined;
    for (let attempt = 1; ; attempt++) {
      const release = await paced?.acquire();
      // Everything after the turn is taken sits inside the try: a throw that skipped release() would stall every
      // paced request of the tenant in this process (AbortSignal.timeout throws for a timeoutMs it cannot take).
      try {
        options.headers = { ...headers };
        options.signal = AbortSignal.timeout(this.retry.timeoutMs);
        transport = await this.attempt(context);
      } finally {
        release?.();
      }
      const status = transport ? undefined : context.response!.status;
      const retryable = transport ? idempotent : RETRY_STATUSES.has(status!) && (status === 429 || idempotent);
      if (!retryable) break;
      if (transport && !this.answered && attempt >= 2 && UNREACHABLE.test(transport.detail)) break;
      const advised = transport ? undefined : retryAfterMs(context.response!.headers.get("retry-after"));
      const delayMs = advised ?? backoffMs(attempt, this.retry);
      if (status === 429) paced?.holdUntil(Date.now() + delayMs);
      if (attempt >= this.retry.maxAttempts || waited + delayMs > this.retry.maxTotalWaitMs) break;
      const reason = transport ? `${transport.kind}: ${transport.detail}` : `HTTP ${status}`;
      this.onRetry?.({ method, path: pathOf(url), attempt, delayMs, reason });
      await sleep(delayMs);
      waited += delayMs;
    }
    if (transport) throw carry(new GraphRequestError({ ...transport, method, url, outcomeUnknown: !idempotent }));
  }

  /** One pass down the chain. Reads the whole body, so the timeout covers it too. */
  private async attempt(context: Context): Promise<Transport | undefined> {
    context.response = undefined;
    try {
      await this.next!.execute(context);
      const raw = context.response!;
      const body = NULL_BODY_STATUSES.has(raw.status) ? null : await raw.arrayBuffer();
      context.response = new Response(body, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
      this.answered = true;
      return undefined;
    } catch (e) {
      context.response = undefined;
      return classify(e, this.retry.timeoutMs);
    }
  }
}

function policyOf(context: Context): RequestPolicy | undefined {
  return context.middlewareControl?.getMiddlewareOptions(RequestPolicy) as RequestPolicy | undefined;
}

function classify(e: unknown, timeoutMs: number): Transport {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") {
    return { kind: "timeout", detail: `timed out after ${timeoutMs} ms` };
  }
  const cause = err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
  return { kind: "connection", detail: `connection failed: ${cause}` };
}
