// JSON batching (graph.md §5): up to 20 requests with unique ids, each routed, permission-checked and throttled
// like a top-level request; per-item status/headers/body inside an outer 200; failed dependencies answer 424.
import { randomUUID } from "node:crypto";
import type { GraphRequest, GraphResponse } from "./exchange";
import { decodePath, json, parseBody, UNPARSABLE } from "./exchange";
import { badRequest, errorResponse, GraphFailure } from "./errors";
import type { EmulatorState } from "./state";
import { serveGraph, type Outcome } from "./pipeline";
import { isPlainObject } from "./schema";

export const BATCH_LIMIT = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export async function serveBatch(req: GraphRequest, state: EmulatorState): Promise<Outcome> {
  let items: BatchItem[];
  try {
    items = parse(req.body);
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    return { kind: "response", response: errorResponse(err, req.requestId, req.clientRequestId) };
  }
  const results = new Map<string, GraphResponse>();
  const responses: unknown[] = [];
  for (const item of items) {
    const failedDependency = (item.dependsOn ?? []).find((d) => (results.get(d)?.status ?? 424) >= 400);
    let response: GraphResponse;
    if (failedDependency !== undefined) {
      response = errorResponse(new GraphFailure(424, "FailedDependency", "Failed dependency."), randomUUID(), req.clientRequestId);
    } else {
      const outcome = await serveGraph(state, innerRequest(req, item), () => Promise.reject(new Error("nested $batch")));
      if (outcome.kind === "drop") return outcome;
      response = outcome.response;
    }
    results.set(item.id, response);
    responses.push({ id: item.id, status: response.status, headers: response.headers, ...(response.body !== undefined ? { body: response.body } : {}) });
  }
  return { kind: "response", response: json(200, { responses }) };
}

function parse(body: unknown): BatchItem[] {
  if (body === UNPARSABLE || !isPlainObject(body) || !Array.isArray(body.requests)) throw badRequest("Invalid batch payload format.");
  const items = body.requests as BatchItem[];
  if (items.length > BATCH_LIMIT) throw badRequest(`Number of requests in the batch exceeds the maximum of ${BATCH_LIMIT}.`);
  const ids = new Set<string>();
  for (const item of items) {
    if (!isPlainObject(item) || typeof item.id !== "string" || item.id === "" || typeof item.method !== "string" || typeof item.url !== "string") {
      throw badRequest("Invalid batch payload format.");
    }
    if (ids.has(item.id)) throw badRequest(`Batch request contains duplicate request id '${item.id}'.`);
    ids.add(item.id);
    const headers = lowerKeys(item.headers);
    if (item.body !== undefined && !headers["content-type"]) {
      throw badRequest(`Write request id : ${item.id} does not contain Content-Type header or body.`);
    }
    for (const d of item.dependsOn ?? []) if (!ids.has(d) || d === item.id) throw badRequest(`Request id '${item.id}' depends on unknown or later request '${d}'.`);
  }
  return items;
}

const lowerKeys = (h: unknown): Record<string, string> =>
  isPlainObject(h) ? Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)])) : {};

function innerRequest(outer: GraphRequest, item: BatchItem): GraphRequest {
  // Items carry relative URLs ("/users?$top=5" or "users"); tolerate an absolute one by stripping origin and version.
  const relative = item.url.replace(/^https?:\/\/[^/]+/i, "").replace(/^\/?(v1\.0|beta)(?=\/|$)/i, "");
  const url = new URL(relative.startsWith("/") ? relative : `/${relative}`, "https://batch.invalid");
  const headers = lowerKeys(item.headers);
  return {
    ...outer,
    method: item.method.toUpperCase(),
    path: decodePath(url.pathname),
    rawPath: url.pathname,
    query: url.searchParams,
    headers,
    body: typeof item.body === "string" ? parseBody(item.body) : item.body,
    requestId: randomUUID(),
    clientRequestId: headers["client-request-id"] ?? outer.clientRequestId,
    batchItem: true,
  };
}
