// Reading a write request's JSON body and rejecting members a type does not define.
import { UNPARSABLE, type GraphRequest } from "../exchange";
import type { GraphObject } from "../model";
import { invalidJson, unknownProperty } from "../errors";
import { isAnnotation, isPlainObject } from "../schema";

export function readBody(req: GraphRequest): GraphObject {
  if (req.body === UNPARSABLE || !isPlainObject(req.body)) throw invalidJson();
  return req.body;
}

/** `ignored` are read-only members Graph accepts and ignores (a GET payload sent back). */
export function rejectUnknown(body: GraphObject, writable: readonly string[], type: string, ignored: readonly string[] = []): void {
  for (const key of Object.keys(body)) {
    if (isAnnotation(key) || writable.includes(key) || ignored.includes(key)) continue;
    throw unknownProperty(key, type);
  }
}
