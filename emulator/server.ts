// The HTTPS front: reads each request, adds the configured latency, and hands it to the control surface, the
// identity endpoints or the Graph pipeline; writes Graph's standard headers on every answer.
import type * as http from "node:http";
import { randomUUID } from "node:crypto";
import type { EmulatorState } from "./state";
import type { EmulatorControl } from "./control";
import type { GraphRequest, GraphResponse } from "./exchange";
import { decodePath, isWrite, parseBody } from "./exchange";
import { errorResponse, GraphFailure } from "./errors";
import { serveGraph } from "./pipeline";
import { serveBatch } from "./batch";
import { authenticateCaller, WWW_AUTHENTICATE } from "./graph-auth";
import { isIdentityPath, serveIdentity } from "./identity";
import { serveControl } from "./control-http";
import type { GraphVersion } from "./model";

export function requestListener(state: EmulatorState, control: EmulatorControl): http.RequestListener {
  return (req, res) => {
    handle(state, control, req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`emulator bug: ${(err as Error).stack ?? String(err)}`);
    });
  };
}

async function handle(state: EmulatorState, control: EmulatorControl, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = new Date();
  const host = req.headers.host ?? "127.0.0.1";
  const origin = `https://${host}`;
  const url = new URL(req.url ?? "/", origin);
  const method = (req.method ?? "GET").toUpperCase();
  const text = await readText(req);
  const requestId = randomUUID();
  const clientRequestId = header(req, "client-request-id") ?? requestId;
  const standard = { "request-id": requestId, "client-request-id": clientRequestId };

  if (url.pathname.startsWith("/_emulator/")) {
    const answer = serveControl(control, method, url.pathname.slice("/_emulator".length), url.searchParams, text);
    return send(res, { status: answer.status, headers: { "Content-Type": "application/json" }, body: answer.body });
  }
  if (state.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, state.settings.latencyMs));

  const segments = url.pathname.split("/").filter(Boolean);
  const version = segments[0]?.toLowerCase() === "v1.0" ? "v1.0" : segments[0]?.toLowerCase() === "beta" ? "beta" : undefined;
  if (version) return serveGraphHttp(state, req, res, { version, url, method, text, requestId, clientRequestId, origin, started });

  if (isIdentityPath(segments)) {
    const form = new URLSearchParams(text);
    for (const [k, v] of url.searchParams) if (!form.has(k)) form.set(k, v);
    const answer = serveIdentity(state, { method, segments, form, origin, clientRequestId: header(req, "client-request-id") ?? url.searchParams.get("client-request-id") ?? undefined });
    state.log.add(
      {
        method,
        path: url.pathname,
        query: url.search.slice(1),
        version: "identity",
        status: answer.status,
        tenantId: state.tenant(segments[0])?.tenantId,
        appId: form.get("client_id") ?? undefined,
        write: false,
        batchItem: false,
        durationMs: Date.now() - started.getTime(),
        requestId,
      },
      started,
    );
    return send(res, { status: answer.status, headers: { "Content-Type": "application/json; charset=utf-8", ...standard, "Cache-Control": "no-store, no-cache" }, body: answer.body });
  }
  send(res, { ...errorResponse(new GraphFailure(400, "BadRequest", "Invalid version."), requestId, clientRequestId), headers: standard });
}

interface GraphHttp {
  version: GraphVersion;
  url: URL;
  method: string;
  text: string;
  requestId: string;
  clientRequestId: string;
  origin: string;
  started: Date;
}

async function serveGraphHttp(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse, g: GraphHttp): Promise<void> {
  const standard = { "request-id": g.requestId, "client-request-id": g.clientRequestId };
  const rawPath = g.url.pathname.slice(g.version.length + 1) || "/";
  const caller = authenticateCaller(state, header(req, "authorization"));
  if (caller instanceof GraphFailure) {
    const response = errorResponse(caller, g.requestId, g.clientRequestId);
    state.log.add(
      { method: g.method, path: g.url.pathname, query: g.url.search.slice(1), version: g.version, status: 401, write: isWrite(g.method), batchItem: false, durationMs: Date.now() - g.started.getTime(), requestId: g.requestId },
      g.started,
    );
    return send(res, { ...response, headers: { ...response.headers, ...standard, "WWW-Authenticate": WWW_AUTHENTICATE } });
  }
  const request: GraphRequest = {
    method: g.method,
    version: g.version,
    path: decodePath(rawPath),
    rawPath,
    query: g.url.searchParams,
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : (v ?? "")])),
    body: parseBody(g.text),
    tenantId: caller.tenantId,
    appId: caller.appId,
    roles: caller.roles,
    requestId: g.requestId,
    clientRequestId: g.clientRequestId,
    origin: g.origin,
    batchItem: false,
  };
  const outcome = await serveGraph(state, request, serveBatch);
  if (outcome.kind === "drop") {
    req.socket.destroy();
    return;
  }
  send(res, { ...outcome.response, headers: { ...outcome.response.headers, ...standard } });
}

function send(res: http.ServerResponse, response: GraphResponse): void {
  const body = response.body === undefined ? undefined : JSON.stringify(response.body);
  res.writeHead(response.status, response.headers);
  res.end(body);
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function readText(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
