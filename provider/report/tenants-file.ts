// The tenants file of a fleet report: YAML or JSON, one entry per tenant with its name and how to reach it. Secrets
// are never in the file (it gets shared, committed, pasted into tickets): only where to find them, a file or an
// environment variable.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { load } from "js-yaml";
import type { ConnectionInput } from "../graph";
import type { FleetTenant } from "./fleet-summary";

export class TenantsFileError extends Error {
  override name = "TenantsFileError";
}

/** Fields an entry (or `defaults`) may hold; paths are relative to the file. */
const PLAIN_FIELDS = ["clientId", "certificatePath", "cloud", "graphBaseUrl", "authorityHost", "useMsi", "msiClientId"] as const;
const SECRET_SOURCES = ["clientSecretFile", "clientSecretEnv", "certificatePasswordFile", "certificatePasswordEnv"] as const;
/** Secret values that must not be written in the file, and what to write instead. */
const INLINE_SECRETS: Record<string, string> = {
  clientSecret: "clientSecretFile: PATH or clientSecretEnv: VARIABLE",
  secret: "clientSecretFile: PATH or clientSecretEnv: VARIABLE",
  clientCertificate: "certificatePath: PATH",
  clientCertificatePassword: "certificatePasswordFile: PATH or certificatePasswordEnv: VARIABLE",
  certificatePassword: "certificatePasswordFile: PATH or certificatePasswordEnv: VARIABLE",
  oidcToken: "a managed identity (useMsi: true) or a client secret from a file",
};
const KNOWN = new Set<string>(["tenant", "name", ...PLAIN_FIELDS, ...SECRET_SOURCES]);

type Entry = Record<string, unknown>;

/**
 * Reads a tenants file:
 *
 *     defaults: { clientId: …, clientSecretEnv: FLEET_SECRET }   # optional, under every entry
 *     tenants:
 *       - { tenant: contoso.onmicrosoft.com, name: Contoso, clientSecretFile: secrets/contoso }
 *
 * (or a bare list of entries). Refuses inline secrets, unknown fields, missing names, and duplicate tenants.
 */
export function loadTenantsFile(file: string, env: NodeJS.ProcessEnv = process.env): FleetTenant[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new TenantsFileError(`tenants file ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = load(text, { filename: file });
  } catch (e) {
    throw new TenantsFileError(`tenants file ${file} is neither YAML nor JSON: ${(e as Error).message}`);
  }
  return tenantsOf(parsed, { file, baseDir: dirname(resolve(file)), env });
}

interface Where {
  file: string;
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

/** The entries of a parsed tenants document (exported for programs that build the document themselves). */
export function tenantsOf(document: unknown, where: Where): FleetTenant[] {
  const fail = (message: string): never => {
    throw new TenantsFileError(`tenants file ${where.file}: ${message}`);
  };
  const top = Array.isArray(document) ? { tenants: document } : document;
  if (!isObject(top) || !Array.isArray(top.tenants)) fail("expected a list of tenants, or an object with a 'tenants' list");
  const { tenants, defaults = {}, ...rest } = top as Entry;
  if (Object.keys(rest).length) fail(`unknown top-level field(s) ${Object.keys(rest).join(", ")} (expected tenants, defaults)`);
  if (!isObject(defaults)) fail("'defaults' must be an object");
  checkFields(defaults as Entry, "defaults", fail, ["tenant", "name"]);
  const list = tenants as unknown[];
  if (list.length === 0) fail("the tenants list is empty");
  const seen = new Map<string, string>();
  return list.map((raw, i) => {
    const label = isObject(raw) && typeof raw.name === "string" ? `tenants[${i}] (${raw.name})` : `tenants[${i}]`;
    if (!isObject(raw)) return fail(`${label} must be an object`);
    checkFields(raw, label, fail);
    const entry: Entry = { ...(defaults as Entry), ...raw };
    const tenant = text(entry.tenant, `${label}.tenant`, fail);
    const name = text(entry.name, `${label}.name`, fail);
    const previous = seen.get(tenant.toLowerCase());
    if (previous) fail(`${label} repeats tenant ${tenant} (already ${previous})`);
    seen.set(tenant.toLowerCase(), label);
    return { tenant, name, connection: connectionOf(entry, label, where, fail) };
  });
}

function checkFields(entry: Entry, label: string, fail: (m: string) => never, notHere: string[] = []): void {
  for (const key of Object.keys(entry)) {
    if (INLINE_SECRETS[key]) {
      fail(`${label}.${key}: secrets are never written in the tenants file (it is shared and committed); use ${INLINE_SECRETS[key]}`);
    }
    if (!KNOWN.has(key) || notHere.includes(key)) fail(`${label} has an unknown field '${key}' (known: ${[...KNOWN].filter((k) => !notHere.includes(k)).join(", ")})`);
  }
}

function connectionOf(entry: Entry, label: string, where: Where, fail: (m: string) => never): ConnectionInput {
  const path = (key: string) => resolve(where.baseDir, text(entry[key], `${label}.${key}`, fail));
  const secret = (fileKey: string, envKey: string): string | undefined => {
    if (entry[fileKey] !== undefined && entry[envKey] !== undefined) fail(`${label}: give ${fileKey} or ${envKey}, not both`);
    if (entry[fileKey] !== undefined) {
      const file = path(fileKey);
      let value: string;
      try {
        value = readFileSync(file, "utf8").trim();
      } catch (e) {
        return fail(`${label}.${fileKey}: ${(e as Error).message}`);
      }
      return value || fail(`${label}.${fileKey}: ${file} is empty`);
    }
    if (entry[envKey] !== undefined) {
      const variable = text(entry[envKey], `${label}.${envKey}`, fail);
      return where.env[variable] || fail(`${label}.${envKey}: the environment variable ${variable} is not set`);
    }
    return undefined;
  };
  const connection: ConnectionInput = {
    tenantId: text(entry.tenant, `${label}.tenant`, fail),
    clientId: optionalText(entry.clientId, `${label}.clientId`, fail),
    clientSecret: secret("clientSecretFile", "clientSecretEnv"),
    clientCertificatePath: entry.certificatePath !== undefined ? path("certificatePath") : undefined,
    clientCertificatePassword: secret("certificatePasswordFile", "certificatePasswordEnv"),
    useMsi: entry.useMsi === undefined ? undefined : entry.useMsi === true || fail(`${label}.useMsi must be true when given`),
    msiClientId: optionalText(entry.msiClientId, `${label}.msiClientId`, fail),
    cloud: optionalText(entry.cloud, `${label}.cloud`, fail),
    graphBaseUrl: optionalText(entry.graphBaseUrl, `${label}.graphBaseUrl`, fail),
    authorityHost: optionalText(entry.authorityHost, `${label}.authorityHost`, fail),
  };
  return Object.fromEntries(Object.entries(connection).filter(([, v]) => v !== undefined)) as ConnectionInput;
}

const isObject = (v: unknown): v is Entry => typeof v === "object" && v !== null && !Array.isArray(v);

function text(value: unknown, what: string, fail: (m: string) => never): string {
  if (typeof value === "string" && value.trim()) return value.trim();
  return fail(`${what} must be a non-empty string${value === undefined ? " (it is missing)" : ""}`);
}

function optionalText(value: unknown, what: string, fail: (m: string) => never): string | undefined {
  return value === undefined ? undefined : text(value, what, fail);
}
