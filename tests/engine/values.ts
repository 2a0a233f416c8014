// The wire encoding of property values that the Pulumi engine and its plugins share (see @pulumi/pulumi runtime/rpc.js).
import { createHash } from "node:crypto";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** What the engine sends for a value not known yet (an output of a resource that a preview would create). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PropertyMap = { [key: string]: Json };

export function secret(value: Json): Json {
  return { [SIG_KEY]: SECRET_SIG, value };
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: Json | undefined): value is { [key: string]: Json } {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

function isResourceReference(value: Json | undefined): value is { [key: string]: Json } {
  return isObject(value) && value[SIG_KEY] === RESOURCE_SIG;
}

export function containsSecret(value: Json | undefined): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  return isObject(value) && Object.values(value).some(containsSecret);
}

/**
 * The value as a plugin that accepts neither secrets nor resource references receives it: secrets unwrapped, a
 * resource reference replaced by its id (custom resource) or URN (component), as the engine does for such plugins.
 */
export function reveal(value: Json): Json {
  if (isSecret(value)) return reveal(value.value ?? null);
  if (isResourceReference(value)) return typeof value.id === "string" && value.id !== "" ? value.id : value.urn ?? null;
  if (Array.isArray(value)) return value.map(reveal);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

export function revealAll(props: PropertyMap): PropertyMap {
  return reveal(props) as PropertyMap;
}

/** Top-level keys whose value holds a secret anywhere inside: the engine tracks secretness per top-level property. */
export function secretKeysOf(props: PropertyMap): Set<string> {
  return new Set(Object.keys(props).filter((key) => containsSecret(props[key])));
}

/** Re-marks as secret every top-level property named in `keys` (the engine's annotateSecrets). */
export function markSecret(props: PropertyMap, keys: Iterable<string>): PropertyMap {
  const marked: PropertyMap = { ...props };
  for (const key of keys) {
    const value = marked[key];
    if (value !== undefined && !isSecret(value)) marked[key] = secret(value);
  }
  return marked;
}

/** Deep equality of two wire values, secretness ignored (a value turning secret is no change for a provider). */
export function sameValue(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(canonical(a === undefined ? undefined : reveal(a))) ===
    JSON.stringify(canonical(b === undefined ? undefined : reveal(b)));
}

function canonical(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => canonical(v) ?? null);
  if (isObject(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k]) ?? null]));
  }
  return value;
}

export interface PropertyDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** The engine's own input diff, used when the provider gives no detailed diff (dynamic providers never do). */
export function diffProperties(olds: PropertyMap, news: PropertyMap): PropertyDiff {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
  const diff: PropertyDiff = { added: [], removed: [], changed: [] };
  for (const key of keys) {
    if (!(key in olds)) diff.added.push(key);
    else if (!(key in news)) diff.removed.push(key);
    else if (!sameValue(olds[key], news[key])) diff.changed.push(key);
  }
  return diff;
}

export function diffNames(diff: PropertyDiff): string[] {
  return [...diff.added, ...diff.removed, ...diff.changed].sort();
}

/** A GUID-shaped id that is the same for the same seed, for the fake ids of non-dynamic resources. */
export function deterministicGuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
