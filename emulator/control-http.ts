// The control surface over HTTP, for scripts in other processes (routes documented in README.md).
import type { EmulatorControl } from "./control";
import type { RequestFilter } from "./request-log";

export interface ControlResponse {
  status: number;
  body?: unknown;
}

type Handler = (control: EmulatorControl, body: any, params: string[], query: URLSearchParams) => unknown;

const ROUTES: [method: string, pattern: RegExp, handler: Handler][] = [
  ["GET", /^\/health$/, (c) => ({ ok: true, tenants: c.tenantIds() })],
  ["PUT", /^\/latency$/, (c, b) => c.setLatency(Number(b?.ms))],
  ["PUT", /^\/ca-throttle$/, (c, b) => c.setCaThrottle(b === false || b?.enabled === false ? false : { requestsPerSecond: Number(b?.requestsPerSecond) })],
  ["PUT", /^\/directory-throttle$/, (c, b) => c.setDirectoryThrottle(b?.enabled !== false)],
  ["GET", /^\/faults$/, (c) => c.faults()],
  ["POST", /^\/faults$/, (c, b) => c.injectFault(b)],
  ["DELETE", /^\/faults$/, (c) => c.clearFaults()],
  ["GET", /^\/requests$/, (c, _b, _p, q) => c.requests(filterOf(q))],
  ["DELETE", /^\/requests$/, (c) => c.resetRequests()],
  ["GET", /^\/tenants$/, (c) => c.tenantIds()],
  ["PUT", /^\/tenants$/, (c, b) => c.loadTenant(b)],
  ["GET", /^\/tenants\/([^/]+)$/, (c, _b, [id]) => c.dump(id)],
  ["GET", /^\/tenants\/([^/]+)\/timeline$/, (c, _b, [id]) => c.timeline(id)],
  ["GET", /^\/tenants\/([^/]+)\/protection$/, (c, _b, [id]) => c.protection(id)],
  ["PUT", /^\/tenants\/([^/]+)\/per-user-mfa-on-users$/, (c, b, [id]) => c.setPerUserMfaOnUsers(id, b?.mode, b?.omittedFor)],
  ["POST", /^\/tenants\/([^/]+)\/tokens$/, (c, b, [id]) => ({ access_token: c.issueToken(id, String(b?.clientId), b?.lifetimeSeconds) })],
];

function filterOf(q: URLSearchParams): RequestFilter {
  const bool = (k: string) => (q.has(k) ? q.get(k) === "true" : undefined);
  const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
  return {
    method: q.get("method") ?? undefined,
    pathPrefix: q.get("pathPrefix") ?? undefined,
    version: q.get("version") ?? undefined,
    tenantId: q.get("tenantId") ?? undefined,
    write: bool("write"),
    batchItem: bool("batchItem"),
    status: num("status"),
    sinceSeq: num("sinceSeq"),
  };
}

/** `path` is what follows "/_emulator". */
export function serveControl(control: EmulatorControl, method: string, path: string, query: URLSearchParams, bodyText: string): ControlResponse {
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    return { status: 400, body: { error: "body is not JSON" } };
  }
  for (const [m, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (!match || m !== method) continue;
    try {
      const result = handler(control, body, match.slice(1).map(decodeURIComponent), query);
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    } catch (err) {
      return { status: 400, body: { error: (err as Error).message } };
    }
  }
  return { status: 404, body: { error: `no control route ${method} /_emulator${path}` } };
}
