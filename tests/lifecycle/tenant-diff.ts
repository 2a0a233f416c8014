// Compares two emulator dumps of a tenant, leaving out what the server stamps on every write, so a test can ask
// "is the tenant as it was?" and be told exactly where it is not.
import type { TenantFixture } from "../../emulator";

/** Set by the server on every write, whoever makes it: they say when, not what. */
const SERVER_STAMPS = new Set(["createdDateTime", "modifiedDateTime", "lastModifiedDateTime"]);

type Value = unknown;

function normalised(value: Value): Value {
  if (Array.isArray(value)) {
    const items = value.map(normalised);
    // Collections are sets in Graph: order is not meaning.
    return items.every((i) => typeof i !== "object" || i === null) ? [...items].sort() : items;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !SERVER_STAMPS.has(key))
        .map(([key, v]) => [key, normalised(v)]),
    );
  }
  return value;
}

const idOf = (v: Value): string | undefined =>
  v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : undefined;

function differences(path: string, a: Value, b: Value, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b) && a.every(idOf) && b.every(idOf)) {
    const byId = (list: Value[]) => new Map(list.map((v) => [idOf(v)!, v]));
    const before = byId(a);
    const after = byId(b);
    for (const [id, v] of before) differences(`${path}[${id}]`, v, after.get(id), out);
    for (const id of after.keys()) if (!before.has(id)) out.push(`${path}[${id}]: added`);
    return;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) differences(`${path}.${key}`, (a as any)[key], (b as any)[key], out);
    return;
  }
  if (b === undefined && a !== undefined) out.push(`${path}: removed (was ${JSON.stringify(a)})`);
  else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
}

/** Every place `after` differs from `before`, as `path: old → new` lines; [] when the tenant is as it was. */
export function tenantDifferences(before: TenantFixture, after: TenantFixture): string[] {
  const out: string[] = [];
  differences("tenant", normalised(before), normalised(after), out);
  return out;
}
