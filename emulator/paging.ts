// OData collection responses: $top validation, $select projection, and server-driven paging with an opaque
// $skiptoken in an absolute https @odata.nextLink (graph-client's PageIterator only follows https links).
import type { GraphRequest } from "./exchange";
import type { GraphObject } from "./model";
import { GraphFailure } from "./errors";

export interface PageOptions<T> {
  /** e.g. "users" → "@odata.context": "<origin>/v1.0/$metadata#users". */
  context: string;
  defaultTop?: number;
  maxTop?: number;
  /** Applied to each item of the page (projection, @odata.type). */
  shape?: (item: T) => GraphObject;
}

const requestError = (message: string) => new GraphFailure(400, "Request_BadRequest", message);

export function contextUrl(req: GraphRequest, context: string): string {
  return `${req.origin}/${req.version}/$metadata#${context}`;
}

export function page<T = GraphObject>(req: GraphRequest, items: readonly T[], opts: PageOptions<T>): GraphObject {
  const max = opts.maxTop ?? 999;
  const top = topOf(req, opts.defaultTop ?? 100, max);
  const offset = skipOf(req);
  const slice = items.slice(offset, offset + top).map((i) => (opts.shape ? opts.shape(i) : (i as GraphObject)));
  const body: GraphObject = { "@odata.context": contextUrl(req, opts.context) };
  if (offset + top < items.length) body["@odata.nextLink"] = nextLink(req, offset + top);
  body.value = slice;
  return body;
}

function topOf(req: GraphRequest, fallback: number, max: number): number {
  const raw = req.query.get("$top");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > max) {
    throw requestError(`Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return n;
}

const TOKEN_PREFIX = "RFNwdAoAAQAAAA";

function skipOf(req: GraphRequest): number {
  const token = req.query.get("$skiptoken");
  if (token === null) return 0;
  const offset = token.startsWith(TOKEN_PREFIX) ? Number(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8").split(":")[1]) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw requestError("Invalid skip token.");
  return offset;
}

function nextLink(req: GraphRequest, offset: number): string {
  const params = new URLSearchParams(req.query);
  params.delete("$skiptoken");
  params.set("$skiptoken", TOKEN_PREFIX + Buffer.from(`emu:${offset}:${req.tenantId}`).toString("base64url"));
  const query = params.toString().replace(/%24/g, "$").replace(/%2C/gi, ",");
  return `${req.origin}/${req.version}${req.rawPath}?${query}`;
}

/** Names in $select, or undefined when absent. */
export function selected(req: GraphRequest): string[] | undefined {
  const raw = req.query.get("$select");
  if (raw === null) return undefined;
  return raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Projects an object on $select (or on a default property set), keeping @odata.type. Properties a stored object
 * lacks come back null, as Graph returns unset properties.
 */
export function project(item: GraphObject, fields: readonly string[] | undefined): GraphObject {
  if (!fields) return item;
  const out: GraphObject = {};
  if (item["@odata.type"] !== undefined) out["@odata.type"] = item["@odata.type"];
  for (const f of fields) {
    const key = Object.keys(item).find((k) => k.toLowerCase() === f.toLowerCase()) ?? f;
    out[key] = item[key] === undefined ? null : item[key];
  }
  return out;
}

/** Rejects $select names a type does not have, as Graph does. */
export function checkSelect(fields: readonly string[] | undefined, known: ReadonlySet<string>, type: string): void {
  for (const f of fields ?? []) {
    if (!known.has(f.toLowerCase())) throw requestError(`Could not find a property named '${f}' on type 'microsoft.graph.${type}'.`);
  }
}
