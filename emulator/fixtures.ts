// Loading fixture files: validate everything (naming the tenant, the object and what is wrong), then normalise
// into what a TenantStore holds. Objects stay as Graph returns them; unknown properties are kept.
import * as fs from "node:fs";
import { createPublicKey } from "node:crypto";
import type { AppFixture, FixtureFile, GraphObject, TenantFixture } from "./model";
import { TenantStore } from "./store";
import { clone, fillDefaults, isPlainObject, validate } from "./schema";
import { conditionalAccessPolicy, POLICY_STATES } from "./ca-schema";
import { defaultAuthenticationMethodsPolicy, defaultSecurityDefaults } from "./defaults";
import { resolveStrength, stripGrantAnnotations } from "./ca-policies";

export class FixtureError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid emulator fixture:\n  - ${problems.join("\n  - ")}`);
  }
}

const PER_USER_STATES = ["disabled", "enabled", "enforced"];
const PERMISSION_NAME = /^[A-Z][A-Za-z0-9-]*(\.[A-Z][A-Za-z0-9-]*)+$/;

function readFixture(source: FixtureFile | TenantFixture | string): TenantFixture[] {
  let data: unknown = source;
  if (typeof source === "string") {
    try {
      data = JSON.parse(fs.readFileSync(source, "utf8"));
    } catch (err) {
      throw new FixtureError([`${source}: ${(err as Error).message}`]);
    }
  }
  if (isPlainObject(data) && Array.isArray(data.tenants)) return data.tenants as TenantFixture[];
  if (isPlainObject(data) && "tenantId" in data) return [data as unknown as TenantFixture];
  throw new FixtureError([`expected { "tenants": [...] } or a single tenant object with a tenantId`]);
}

/** Validates and builds the stores of every tenant in a fixture; throws FixtureError listing all problems. */
export function loadTenants(source: FixtureFile | TenantFixture | string): TenantStore[] {
  const tenants = readFixture(source);
  const problems: string[] = [];
  const seen = new Set<string>();
  const stores: TenantStore[] = [];
  tenants.forEach((t, i) => {
    const label = isPlainObject(t) && typeof t.tenantId === "string" ? `tenant "${t.tenantId}"` : `tenants[${i}]`;
    if (isPlainObject(t) && typeof t.tenantId === "string") {
      if (seen.has(t.tenantId.toLowerCase())) problems.push(`${label}: tenantId is used twice`);
      seen.add(t.tenantId.toLowerCase());
    }
    const result = buildTenant(t);
    if (Array.isArray(result)) problems.push(...result.map((p) => `${label} › ${p}`));
    else stores.push(result);
  });
  if (problems.length > 0) throw new FixtureError(problems);
  return stores;
}

function buildTenant(raw: unknown): TenantStore | string[] {
  if (!isPlainObject(raw)) return ["must be an object"];
  const t = clone(raw) as unknown as TenantFixture;
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(typeof t.tenantId === "string" && t.tenantId.length > 0, "tenantId must be a non-empty string");
  for (const key of ["apps", "conditionalAccessPolicies", "users", "groups", "directoryRoles", "registrationDetails", "domains"] as const) {
    need(t[key] === undefined || Array.isArray(t[key]), `${key} must be an array`);
  }
  if (problems.length > 0) return problems;

  const apps = (t.apps ?? []).map((a, i) => checkApp(a, `apps[${i}]`, problems));
  const users = checkObjects(t.users ?? [], "users", problems, (u, where) => {
    need(typeof u.userPrincipalName === "string", `${where}: userPrincipalName must be a string`);
    need(u.accountEnabled === undefined || typeof u.accountEnabled === "boolean", `${where}: accountEnabled must be a boolean`);
  });
  const userIds = new Set(users.map((u) => String(u.id).toLowerCase()));
  const groups = checkObjects(t.groups ?? [], "groups", problems, (g, where) =>
    need(!userIds.has(g.id.toLowerCase()), `${where}: id is also a user's (directory object ids are unique)`),
  );
  const objectIds = new Set([...userIds, ...groups.map((g) => String(g.id).toLowerCase())]);
  const checkMembers = (o: GraphObject, where: string) => {
    if (o.members === undefined) return;
    if (!Array.isArray(o.members) || o.members.some((m) => typeof m !== "string")) return problems.push(`${where}: members must be an array of ids`);
    for (const m of o.members as string[]) need(objectIds.has(m.toLowerCase()), `${where}: member "${m}" is neither a user nor a group of this tenant`);
  };
  groups.forEach((g, i) => checkMembers(g, describe(g, `groups[${i}]`)));
  const roles = checkObjects(t.directoryRoles ?? [], "directoryRoles", problems, (r, where) => {
    need(typeof r.roleTemplateId === "string", `${where}: roleTemplateId must be a string`);
    checkMembers(r, where);
  });

  const securityDefaults = checkSecurityDefaults(t.securityDefaults, problems);
  const strengths: GraphObject[] = [];
  const policies = checkObjects(t.conditionalAccessPolicies ?? [], "conditionalAccessPolicies", problems, (p, where) => {
    for (const pr of validate(p, conditionalAccessPolicy, "fixture")) problems.push(`${where}: ${pr.path} ${pr.message}`);
  }).map((p, i) => normalisePolicy(p, strengths, describe(p, `conditionalAccessPolicies[${i}]`), problems));

  const userIdByKey = new Map<string, string>();
  for (const u of users) {
    for (const k of [u.id, u.userPrincipalName]) if (!userIdByKey.has(String(k).toLowerCase())) userIdByKey.set(String(k).toLowerCase(), String(u.id));
  }
  const byUser = <V>(key: "perUserMfa" | "signInPreferences", check: (value: V, where: string) => void): Record<string, V> => {
    const out: Record<string, V> = {};
    const given = t[key];
    if (given !== undefined && !isPlainObject(given)) problems.push(`${key} must be an object keyed by user id`);
    for (const [who, value] of Object.entries((given ?? {}) as Record<string, V>)) {
      const id = userIdByKey.get(who.toLowerCase());
      need(id !== undefined, `${key}: "${who}" is not a user of this tenant`);
      check(value, `${key}["${who}"]`);
      if (id !== undefined) out[id] = value;
    }
    return out;
  };
  const perUserMfa = byUser<"disabled" | "enabled" | "enforced">("perUserMfa", (state, where) =>
    need(PER_USER_STATES.includes(state), `${where}: must be one of ${PER_USER_STATES.join(", ")}`),
  );
  const ON_USERS = ["served", "omitted", "unknownProperty"];
  need(t.perUserMfaOnUsers === undefined || ON_USERS.includes(t.perUserMfaOnUsers), `perUserMfaOnUsers must be one of ${ON_USERS.join(", ")}`);
  const omittedFor = t.perUserMfaOmittedFor ?? [];
  if (!Array.isArray(omittedFor)) problems.push("perUserMfaOmittedFor must be an array of user ids");
  const perUserMfaOmittedFor = (Array.isArray(omittedFor) ? omittedFor : []).flatMap((who) => {
    const id = userIdByKey.get(String(who).toLowerCase());
    need(id !== undefined, `perUserMfaOmittedFor: "${String(who)}" is not a user of this tenant`);
    return id ?? [];
  });
  const signInPreferences = byUser<GraphObject>("signInPreferences", (prefs, where) => need(isPlainObject(prefs), `${where}: must be an object`));
  const registrationDetails = checkObjects(t.registrationDetails ?? [], "registrationDetails", problems);
  if (t.authenticationMethodsPolicy !== undefined && !isPlainObject(t.authenticationMethodsPolicy)) {
    problems.push("authenticationMethodsPolicy must be an object");
  }
  if (problems.length > 0) return problems;

  const store = new TenantStore({
    tenantId: t.tenantId,
    displayName: t.displayName,
    domains: t.domains ?? [],
    apps,
    securityDefaults,
    conditionalAccessPolicies: policies,
    authenticationMethodsPolicy: { ...defaultAuthenticationMethodsPolicy(), ...withoutContext(t.authenticationMethodsPolicy ?? {}) },
    users,
    groups: groups as TenantFixture["groups"] & object,
    directoryRoles: roles as TenantFixture["directoryRoles"] & object,
    perUserMfa,
    perUserMfaOnUsers: t.perUserMfaOnUsers ?? "served",
    perUserMfaOmittedFor,
    registrationDetails,
    signInPreferences,
  });
  store.authenticationStrengths = strengths;
  return store;
}

function checkApp(a: AppFixture, where: string, problems: string[]): AppFixture {
  if (!isPlainObject(a) || typeof a.clientId !== "string" || a.clientId === "") {
    problems.push(`${where}: clientId must be a non-empty string`);
    return a;
  }
  where = `${where} (${a.displayName ?? a.clientId})`;
  const roles = a.roles ?? [];
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== "string")) problems.push(`${where}: roles must be an array of permission names`);
  else for (const r of roles.filter((r) => !PERMISSION_NAME.test(r))) problems.push(`${where}: "${r}" does not look like a Graph permission name (e.g. "Policy.Read.All")`);
  if (a.clientSecret !== undefined && typeof a.clientSecret !== "string") problems.push(`${where}: clientSecret must be a string`);
  if (a.certificatePem !== undefined) {
    try {
      createPublicKey(a.certificatePem);
    } catch (err) {
      problems.push(`${where}: certificatePem is not a PEM certificate or public key (${(err as Error).message})`);
    }
  }
  for (const [i, fc] of (a.federatedCredentials ?? []).entries()) {
    if (!isPlainObject(fc) || typeof fc.issuer !== "string" || typeof fc.subject !== "string") {
      problems.push(`${where}: federatedCredentials[${i}] needs string issuer and subject`);
    }
  }
  return { ...a, roles };
}

function checkObjects<T extends GraphObject>(
  list: T[],
  key: string,
  problems: string[],
  more?: (o: T, where: string) => void,
): T[] {
  const ids = new Set<string>();
  list.forEach((o, i) => {
    if (!isPlainObject(o) || typeof o.id !== "string" || o.id === "") return problems.push(`${key}[${i}]: needs a string id`);
    const where = describe(o, `${key}[${i}]`);
    if (ids.has(o.id.toLowerCase())) problems.push(`${where}: id is used twice`);
    ids.add(o.id.toLowerCase());
    more?.(o, where);
  });
  return list;
}

const describe = (o: GraphObject, where: string) =>
  `${where} (id "${String(o.id)}"${typeof o.displayName === "string" ? `, "${o.displayName}"` : ""})`;

function checkSecurityDefaults(value: TenantFixture["securityDefaults"], problems: string[]): GraphObject {
  if (value === undefined || typeof value === "boolean") return defaultSecurityDefaults(value ?? false);
  if (!isPlainObject(value) || typeof value.isEnabled !== "boolean") {
    problems.push("securityDefaults must be a boolean or an object with a boolean isEnabled");
    return defaultSecurityDefaults(false);
  }
  return { ...defaultSecurityDefaults(value.isEnabled), ...withoutContext(value) };
}

function normalisePolicy(p: GraphObject, strengths: GraphObject[], where: string, problems: string[]): GraphObject {
  const filled = fillDefaults(stripGrantAnnotations(p), conditionalAccessPolicy);
  if (!POLICY_STATES.includes(filled.state as never)) return filled;
  const grant = filled.grantControls as GraphObject | null;
  const strength = grant?.authenticationStrength as GraphObject | null | undefined;
  if (grant && strength) {
    const known = resolveStrength(String(strength.id), strengths);
    if (known) grant.authenticationStrength = known;
    else if (typeof strength.displayName === "string") strengths.push(strength);
    else problems.push(`${where}: grantControls.authenticationStrength "${String(strength.id)}" is neither built in nor embedded with its displayName`);
  }
  return filled;
}

/** A singleton copied from a GET response carries the response's @odata.context; the emulator writes its own. */
const withoutContext = (o: GraphObject): GraphObject => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "@odata.context"));
