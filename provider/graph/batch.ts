// JSON batching for many small reads, and for idempotent PATCHes (the same body twice leaves the same object): 20
// requests per `$batch`, each item with its own status. Items Graph throttled (429, or 503/504) are sent again in a
// later batch; other failures come back per item, not thrown.
// Not for Conditional Access reads: their 1 request/second limit applies per item, so a batch of them would only
// collect 429s; read those directly, where the pacer spaces them.
import { errorFromResponse, GraphRequestError, headerOf } from "./errors";
import { type GraphHttp, type GraphVersion, withoutContext } from "./http";
import { backoffMs, RETRY_STATUSES, retryAfterMs, sleep } from "./retry";

/** Graph's limit on requests in one batch (graph.md §5). */
export const BATCH_LIMIT = 20;

export interface BatchGet {
  /** Path relative to the version, e.g. `/users/{id}?$select=id`. */
  url: string;
  headers?: Record<string, string>;
}

/** A PATCH whose repetition changes nothing more (e.g. setting a state), so a throttled item can be sent again. */
export interface BatchPatch extends BatchGet {
  method: "PATCH";
  body: Record<string, unknown>;
}

type BatchRequest = BatchGet | BatchPatch;
const methodOf = (request: BatchRequest) => ("method" in request ? request.method : "GET");

export interface BatchItemResult<T> {
  request: BatchGet;
  status: number;
  body?: T;
  /** Set when status is not 2xx. */
  error?: GraphRequestError;
}

interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Sends GETs in batches; results come back in the order of `requests`. */
export function batchGet<T>(http: GraphHttp, requests: readonly BatchGet[], version: GraphVersion = "v1.0"): Promise<BatchItemResult<T>[]> {
  return batchSend<T>(http, requests, version);
}

/** Sends idempotent PATCHes in batches; results (204s, or errors per item) come back in the order of `requests`. */
export function batchPatch(http: GraphHttp, requests: readonly BatchPatch[], version: GraphVersion = "v1.0"): Promise<BatchItemResult<unknown>[]> {
  return batchSend<unknown>(http, requests, version);
}

async function batchSend<T>(http: GraphHttp, requests: readonly BatchRequest[], version: GraphVersion): Promise<BatchItemResult<T>[]> {
  const last = new Map<number, BatchResponseItem>();
  let pending = requests.map((_, i) => i);
  let waited = 0;
  for (let round = 1; pending.length > 0; round++) {
    const again: number[] = [];
    let delayMs = 0;
    for (let start = 0; start < pending.length; start += BATCH_LIMIT) {
      const chunk = pending.slice(start, start + BATCH_LIMIT);
      for (const item of await sendChunk(http, requests, chunk, version)) {
        const i = Number(item.id);
        last.set(i, item);
        if (RETRY_STATUSES.has(item.status)) {
          again.push(i);
          delayMs = Math.max(delayMs, retryAfterMs(headerOf(item.headers, "retry-after")) ?? backoffMs(round, http.retry));
        }
      }
    }
    const giveUp = round >= http.retry.maxAttempts || waited + delayMs > http.retry.maxTotalWaitMs;
    pending = giveUp ? [] : again;
    if (pending.length > 0) {
      await sleep(delayMs);
      waited += delayMs;
    }
  }
  return requests.map((request, i) => toResult<T>(request, last.get(i), version));
}

async function sendChunk(
  http: GraphHttp,
  requests: readonly BatchRequest[],
  chunk: readonly number[],
  version: GraphVersion,
): Promise<BatchResponseItem[]> {
  const body = {
    requests: chunk.map((i) => {
      const request = requests[i]!;
      if (!("method" in request)) return { id: String(i), method: "GET", url: request.url, headers: request.headers };
      return { id: String(i), method: request.method, url: request.url, headers: { ...request.headers, "Content-Type": "application/json" }, body: request.body };
    }),
  };
  const response = await http.request<{ responses?: BatchResponseItem[] }>("POST", "/$batch", {
    version,
    body,
    idempotent: true,
  });
  return response?.responses ?? [];
}

function toResult<T>(request: BatchRequest, item: BatchResponseItem | undefined, version: GraphVersion): BatchItemResult<T> {
  const url = `/${version}/${request.url.replace(/^\//, "")}`;
  const method = methodOf(request);
  if (!item) {
    const error = new GraphRequestError({ kind: "response", method, url, status: 0, graphMessage: "no response in $batch" });
    return { request, status: 0, error };
  }
  if (item.status >= 200 && item.status < 300) return { request, status: item.status, body: withoutContext(item.body) as T };
  return { request, status: item.status, error: errorFromResponse(method, url, item.status, item.headers, item.body) };
}
