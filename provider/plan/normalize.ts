// Canonical forms for comparing what we want with what Graph returns. Graph echoes ids in the case it
// stored them, fills omitted collections with [] and omitted complex values with null, and keeps lists in
// insertion order: none of that is a change, so every diff goes through `canonical` first.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pulumi's stand-in for a value not known yet during preview (any property type arrives as this string). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function isGuid(value: unknown): boolean {
  return typeof value === "string" && GUID.test(value.trim());
}

/** Object ids are case-insensitive; Graph stores whatever case it was sent. */
export function normalizeGuid(value: string): string {
  return value.trim().toLowerCase();
}

/** The item with this id (a policy in a list Graph returned, say), GUIDs compared case-insensitively. */
export function findById<T extends { id: string }>(items: readonly T[], id: string): T | undefined {
  const wanted = normalizeGuid(id);
  return items.find((item) => normalizeGuid(item.id) === wanted);
}

/** Keywords Graph accepts inside id lists, in the casing Graph returns them. */
const KEYWORDS = new Map(
  ["All", "None", "GuestsOrExternalUsers", "Office365", "MicrosoftAdminPortals"].map((k) => [k.toLowerCase(), k]),
);

function normalizeId(value: string): string {
  const trimmed = value.trim();
  // User principal names are case-insensitive too.
  if (GUID.test(trimmed) || trimmed.includes("@")) return trimmed.toLowerCase();
  return KEYWORDS.get(trimmed.toLowerCase()) ?? trimmed;
}

/** Trimmed, GUIDs lower-cased, keywords in Graph's casing, sorted, without duplicates or blanks. */
export function normalizeIdSet(ids: readonly string[] | null | undefined): string[] {
  return [...new Set((ids ?? []).map(normalizeId).filter((id) => id !== ""))].sort();
}

/**
 * A comparable form of any JSON value: null, undefined, [] and {} all vanish (Graph treats them alike),
 * OData annotations are dropped, strings are trimmed (GUIDs lower-cased), lists are treated as sets
 * (every list Graph returns for the objects we manage is one; string lists as id sets) and object keys are sorted.
 */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return GUID.test(value.trim()) ? normalizeGuid(value) : value.trim();
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string")) {
      const ids = normalizeIdSet(value as string[]);
      return ids.length ? ids : undefined;
    }
    const items = value.map(canonical).filter((v) => v !== undefined);
    // Keyed by their JSON, which is also the order: duplicates collapse and any two equal sets list alike.
    const byJson = new Map(items.map((v) => [JSON.stringify(v), v]));
    return byJson.size ? [...byJson.keys()].sort().map((k) => byJson.get(k)) : undefined;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key.includes("@odata")) continue;
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Dotted paths (`conditions.users.includeGroups`) where the canonical forms of `a` and `b` differ. */
export function diffPaths(a: unknown, b: unknown, prefix = ""): string[] {
  const ca = canonical(a);
  const cb = canonical(b);
  if (JSON.stringify(ca) === JSON.stringify(cb)) return [];
  if (isPlainObject(ca) && isPlainObject(cb)) {
    const keys = [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort();
    return keys.flatMap((k) => diffPaths(ca[k], cb[k], prefix ? `${prefix}.${k}` : k));
  }
  return [prefix || "(value)"];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface SpecDiff {
  /** Top-level input properties that differ (a nested property is reported by its top-level name). */
  changed: string[];
  /** The subset that needs a new resource. */
  replace: string[];
}

/**
 * Which inputs changed between two normalised specs. `unknowns` (from validation during preview, e.g.
 * "takeOver.mfaPolicies" or "includeGroups") count as changed; `replaceOn` names the properties that cannot be
 * changed in place.
 */
export function diffSpecs<S extends object>(
  oldSpec: S,
  newSpec: S,
  unknowns: readonly string[] = [],
  replaceOn: readonly string[] = [],
): SpecDiff {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const changed = new Set(keys.filter((k) => !sameValue((oldSpec as Record<string, unknown>)[k], (newSpec as Record<string, unknown>)[k])));
  for (const u of unknowns) changed.add(u.split(/[.[]/)[0]!);
  const sorted = [...changed].sort();
  return { changed: sorted, replace: sorted.filter((k) => replaceOn.includes(k)) };
}

export function sameId(a: string, b: string): boolean {
  return normalizeGuid(a) === normalizeGuid(b);
}
