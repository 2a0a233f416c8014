// A small structural schema language for Graph complex types: validate a payload (listing every problem with
// its path) and fill the defaults Graph returns for omitted members ([] for collections, null otherwise).
import type { GraphObject } from "./model";

export type Field =
  | { kind: "string"; required?: boolean }
  | { kind: "bool" }
  | { kind: "int" }
  | { kind: "enum"; values: readonly string[]; required?: boolean }
  /** A flags enum serialised as a comma-separated string. */
  | { kind: "flags"; values: readonly string[] }
  | { kind: "strings" }
  | { kind: "enums"; values: readonly string[] }
  | { kind: "object"; type: ComplexType; required?: boolean }
  | { kind: "objects"; type: ComplexType }
  /** Accepted as any JSON value (complex members the emulator does not interpret); `optional` ones are not filled. */
  | { kind: "any"; optional?: boolean }
  /** Server-owned: accepted and ignored on writes, kept from fixtures. */
  | { kind: "readOnly" };

export interface ComplexType {
  name: string;
  fields: Record<string, Field>;
}

/** "patch" is a write whose top-level members are all optional. */
export type Mode = "write" | "patch" | "fixture";

export interface Problem {
  path: string;
  message: string;
}

/** An OData instance annotation ("@odata.type", "x@odata.context"): allowed anywhere, never part of the schema. */
export const isAnnotation = (key: string) => key.includes("@");

export function validate(value: unknown, type: ComplexType, mode: Mode, path = ""): Problem[] {
  if (!isPlainObject(value)) return [{ path: path || "(body)", message: `expected a ${type.name} object` }];
  const problems: Problem[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (isAnnotation(key)) continue;
    const field = type.fields[key];
    const at = path ? `${path}.${key}` : key;
    if (!field) {
      if (mode !== "fixture") problems.push({ path: at, message: `is not a property of ${type.name}` });
      continue;
    }
    problems.push(...validateField(member, field, mode, at));
  }
  const topLevelOfPatch = mode === "patch" && path === "";
  for (const [key, field] of Object.entries(type.fields)) {
    if (topLevelOfPatch) break;
    if ("required" in field && field.required && (value[key] === undefined || value[key] === null)) {
      problems.push({ path: path ? `${path}.${key}` : key, message: "is required" });
    }
  }
  return problems;
}

function validateField(value: unknown, field: Field, mode: Mode, path: string): Problem[] {
  const wrong = (message: string) => [{ path, message }];
  const nullable = !(field.kind === "strings" || field.kind === "enums" || field.kind === "objects");
  if (value === null) return nullable ? [] : wrong("must be a collection, not null");
  switch (field.kind) {
    case "string":
      return typeof value === "string" ? [] : wrong("must be a string");
    case "bool":
      return typeof value === "boolean" ? [] : wrong("must be a boolean");
    case "int":
      return Number.isInteger(value) ? [] : wrong("must be an integer");
    case "enum":
      return typeof value === "string" && field.values.includes(value) ? [] : wrong(`must be one of ${field.values.join(", ")}`);
    case "flags":
      return typeof value === "string" && value.split(",").every((v) => field.values.includes(v.trim()))
        ? []
        : wrong(`must be a comma-separated list of ${field.values.join(", ")}`);
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? [] : wrong("must be an array of strings");
    case "enums":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && field.values.includes(v))
        ? []
        : wrong(`must be an array of ${field.values.join(", ")}`);
    case "object":
      return validate(value, field.type, mode === "patch" ? "write" : mode, path);
    case "objects":
      return Array.isArray(value)
        ? value.flatMap((v, i) => validate(v, field.type, mode, `${path}[${i}]`))
        : wrong(`must be an array of ${field.type.name}`);
    case "any":
    case "readOnly":
      return [];
  }
}

/** Adds what Graph returns for omitted members, recursively into present complex members; never removes anything. */
export function fillDefaults(value: GraphObject, type: ComplexType): GraphObject {
  const out: GraphObject = { ...value };
  for (const [key, field] of Object.entries(type.fields)) {
    const current = out[key];
    if (current === undefined && (field.kind === "readOnly" || (field.kind === "any" && field.optional))) continue;
    if (current === undefined) out[key] = field.kind === "strings" || field.kind === "enums" || field.kind === "objects" ? [] : null;
    else if (field.kind === "object" && isPlainObject(current)) out[key] = fillDefaults(current, field.type);
    else if (field.kind === "objects" && Array.isArray(current)) {
      out[key] = current.map((item) => (isPlainObject(item) ? fillDefaults(item, field.type) : item));
    }
  }
  return out;
}

/** Drops read-only members and annotations from a write payload (Graph ignores them). */
export function writable(value: GraphObject, type: ComplexType): GraphObject {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !isAnnotation(key) && type.fields[key]?.kind !== "readOnly"),
  );
}

export function isPlainObject(value: unknown): value is GraphObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const clone = <T>(value: T): T => structuredClone(value);
