// The life of one Graph request (top-level or $batch item): faults, routing, throttles, permissions, the route,
// the timeline, the request log.
import type { GraphRequest, GraphResponse } from "./exchange";
import { isWrite } from "./exchange";
import { errorResponse, forbidden, GraphFailure } from "./errors";
import type { EmulatorState } from "./state";
import type { TenantStore } from "./store";
import type { Route } from "./router";
import { PERMISSIONS, permits } from "./permissions";
import { resourceUnits } from "./throttle";

/** `mutation`: the tenant a committed write changed (recorded on its timeline). */
export type Outcome = { kind: "response"; response: GraphResponse; mutation?: TenantStore } | { kind: "drop" };

export type BatchHandler = (req: GraphRequest, state: EmulatorState) => Promise<Outcome>;

export async function serveGraph(state: EmulatorState, req: GraphRequest, batch: BatchHandler): Promise<Outcome> {
  const started = new Date();
  const isBatch = !req.batchItem && req.method === "POST" && /^\/\$batch\/?$/i.test(req.path);
  const outcome = await withFaults(state, req, () => (isBatch ? batch(req, state) : Promise.resolve(dispatch(state, req))));
  state.log.add(
    {
      method: req.method,
      path: `/${req.version}${req.path}`,
      query: req.query.toString(),
      version: req.version,
      status: outcome.kind === "drop" ? 0 : outcome.response.status,
      tenantId: req.tenantId,
      appId: req.appId,
      write: !isBatch && isWrite(req.method),
      batchItem: req.batchItem,
      durationMs: Date.now() - started.getTime(),
      requestId: req.requestId,
    },
    started,
  );
  return outcome;
}

/** An injected fault either replaces the request (status, drop) or its answer once it has been applied. */
async function withFaults(state: EmulatorState, req: GraphRequest, serve: () => Promise<Outcome>): Promise<Outcome> {
  const fail = (f: GraphFailure): Outcome => ({ kind: "response", response: errorResponse(f, req.requestId, req.clientRequestId) });
  const fault = state.faults.take(req.method, req.path);
  if (fault?.kind === "drop") return { kind: "drop" };
  if (fault?.kind === "status") return fail(faultFailure(fault.status, fault.retryAfter));
  const outcome = await serve();
  if (outcome.kind === "response" && outcome.mutation && state.settings.timeline) {
    const status = fault?.kind === "commit-then-status" ? fault.status : fault?.kind === "commit-then-drop" ? 0 : outcome.response.status;
    state.timeline.record(outcome.mutation, { method: req.method, path: `/${req.version}${req.path}`, status, requestId: req.requestId });
  }
  if (fault?.kind === "commit-then-drop") return { kind: "drop" };
  if (fault?.kind === "commit-then-status") return fail(faultFailure(fault.status));
  return outcome;
}

function dispatch(state: EmulatorState, req: GraphRequest): Outcome {
  const tenant = state.tenant(req.tenantId);
  if (!tenant) {
    const failure = new GraphFailure(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    return { kind: "response", response: errorResponse(failure, req.requestId, req.clientRequestId) };
  }
  const match = state.router.match(req.method, req.version, req.path);
  const response = "failure" in match ? errorResponse(match.failure, req.requestId, req.clientRequestId) : run(state, tenant, req, match.route, match.params);
  const committed = isWrite(req.method) && response.status < 300;
  return { kind: "response", response, ...(committed ? { mutation: tenant } : {}) };
}

function run(state: EmulatorState, tenant: TenantStore, req: GraphRequest, route: Route, params: Record<string, string>): GraphResponse {
  const fail = (f: GraphFailure) => errorResponse(f, req.requestId, req.clientRequestId);
  const throttleHeaders: Record<string, string> = {};
  const t = route.throttle;
  if (t.kind === "conditionalAccess") {
    if (state.caThrottle && !state.caThrottle.admit(tenant.tenantId)) return fail(new GraphFailure(429, "TooManyRequests", "Too many requests."));
  } else if (state.settings.directoryThrottle) {
    const verdict =
      t.kind === "reports"
        ? state.directoryThrottle.report(req.appId, tenant.tenantId)
        : state.directoryThrottle.directory(req.appId, tenant.tenantId, tenant.users.length, resourceUnits(t.units, req.query, isWrite(req.method)), isWrite(req.method));
    if (!verdict.ok) {
      return fail(new GraphFailure(429, "TooManyRequests", "Too many requests.", { "Retry-After": String(verdict.retryAfterSeconds), ...verdict.headers }));
    }
    Object.assign(throttleHeaders, verdict.headers);
  }
  if (!permits(PERMISSIONS[route.operation], req.roles)) return fail(forbidden());
  try {
    const response = route.handle({ req, params, tenant });
    return { ...response, headers: { ...response.headers, ...throttleHeaders } };
  } catch (err) {
    if (err instanceof GraphFailure) return fail(err);
    return fail(new GraphFailure(500, "InternalServerError", `emulator bug: ${(err as Error).stack ?? String(err)}`));
  }
}

function faultFailure(status: 429 | 503 | 504, retryAfter?: number): GraphFailure {
  const headers: Record<string, string> = retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {};
  if (status === 429) return new GraphFailure(429, "TooManyRequests", "Too many requests.", headers);
  if (status === 503) return new GraphFailure(503, "serviceNotAvailable", "The service is temporarily unavailable. Please try again later.", headers);
  return new GraphFailure(504, "UnknownError", "The gateway did not receive a timely response from the upstream server.", headers);
}
