// One Graph request as the routes see it (a top-level HTTP request or one item of a $batch), and the answer.
import type { GraphVersion } from "./model";

export interface GraphRequest {
  method: string;
  version: GraphVersion;
  /** Path after the version segment, starting with "/", percent-decoded (see decodePath). */
  path: string;
  /** The same path as the client wrote it (still percent-encoded), for links back to it. */
  rawPath: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  tenantId: string;
  appId: string;
  roles: readonly string[];
  requestId: string;
  clientRequestId: string;
  /** "https://host:port" as the client addressed us: used for absolute nextLinks and @odata.context. */
  origin: string;
  batchItem: boolean;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** Absent for 204. */
  body?: unknown;
}

const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { "Content-Type": ODATA_JSON, ...headers }, body };
}

export function noContent(): GraphResponse {
  return { status: 204, headers: {} };
}

export const isWrite = (method: string): boolean => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());

/** Stands in for a body that was sent but is not JSON: only routes that read a body reject it. */
export const UNPARSABLE = Symbol("unparsable body");

/** A request body as routes see it: undefined when empty, UNPARSABLE when not JSON. */
export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return UNPARSABLE;
  }
}

/** A request path as routes, faults and the log see it, for top-level requests and $batch items alike. */
export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
