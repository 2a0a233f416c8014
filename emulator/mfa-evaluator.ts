// The independent judge of "is every enabled user made to do MFA?", written from the rules in the brief rather than
// from the product's code. A user is protected when Security Defaults is on, when their legacy per-user MFA is
// enabled or enforced (it asks for MFA at every sign-in, registering first if need be), or when an enabled policy
// that requires MFA for all apps, without narrowing conditions, includes them and does not exclude them.
import type { GraphObject } from "./model";
import type { TenantStore } from "./store";

export interface Protection {
  /** Enabled users with no MFA enforcement, sorted. */
  unprotectedUserIds: string[];
  mfaEnforcedForAll: boolean;
}

export function evaluateProtection(tenant: TenantStore): Protection {
  if (tenant.securityDefaultsEnabled) return { unprotectedUserIds: [], mfaEnforcedForAll: true };
  const perUser = (u: GraphObject) => tenant.perUserMfa[String(u.id)] ?? "disabled";
  const enabledUsers = tenant.users.filter((u) => u.accountEnabled !== false && perUser(u) === "disabled");
  const enforcing = tenant.conditionalAccessPolicies.filter((p) => p.state === "enabled" && requiresMfa(p) && coversAllSignIns(p)).flatMap((p) => compile(p) ?? []);
  // Only the groups and roles the enforcing policies name are expanded: this runs after every mutation.
  const members = expandReferences(tenant, enforcing);
  const unprotected = enabledUsers
    .filter((u) => !enforcing.some((p) => appliesTo(p, u, members)))
    .map((u) => String(u.id))
    .sort();
  return { unprotectedUserIds: unprotected, mfaEnforcedForAll: unprotected.length === 0 };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const obj = (v: unknown): GraphObject | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as GraphObject) : undefined);

/** MFA (the built-in control or an authentication strength) that cannot be bypassed by an OR-ed alternative. */
function requiresMfa(policy: GraphObject): boolean {
  const grant = obj(policy.grantControls);
  if (!grant) return false;
  const controls = list(grant.builtInControls);
  if (!controls.includes("mfa") && !obj(grant.authenticationStrength)) return false;
  // Under OR, any other control is a way round MFA; `mfa` OR a strength is not (both are MFA).
  const others = controls.filter((c) => c !== "mfa").length + list(grant.customAuthenticationFactors).length + list(grant.termsOfUse).length;
  return others === 0 || String(grant.operator ?? "OR").toUpperCase() === "AND";
}

/** All cloud apps, and nothing that limits when the policy applies. */
function coversAllSignIns(policy: GraphObject): boolean {
  const c = obj(policy.conditions);
  if (!c) return false;
  const apps = obj(c.applications);
  if (!apps || !list(apps.includeApplications).includes("All")) return false;
  if (list(apps.excludeApplications).length > 0 || apps.applicationFilter) return false;
  const locations = obj(c.locations);
  if (locations && (list(locations.excludeLocations).length > 0 || !isAllOrEmpty(locations.includeLocations, "All"))) return false;
  const platforms = obj(c.platforms);
  if (platforms && (list(platforms.excludePlatforms).length > 0 || !isAllOrEmpty(platforms.includePlatforms, "all"))) return false;
  const devices = obj(c.devices);
  if (devices && Object.values(devices).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined))) return false;
  for (const risk of ["signInRiskLevels", "userRiskLevels", "servicePrincipalRiskLevels"]) if (list(c[risk]).length > 0) return false;
  if (c.insiderRiskLevels || c.authenticationFlows) return false;
  const clientApps = list(c.clientAppTypes);
  return clientApps.length === 0 || clientApps.includes("all");
}

const isAllOrEmpty = (v: unknown, all: string) => list(v).length === 0 || list(v).some((x) => x.toLowerCase() === all.toLowerCase());

/** One side (include or exclude) of a policy's user condition, ids lower-cased. */
interface Side {
  users: Set<string>;
  groups: string[];
  roles: string[];
  guests: boolean;
}

interface CompiledPolicy {
  include: Side & { all: boolean };
  exclude: Side;
}

function compile(policy: GraphObject): CompiledPolicy | undefined {
  const users = obj(obj(policy.conditions)?.users);
  if (!users) return undefined;
  const lower = (key: string) => list(users[key]).map((x) => x.toLowerCase());
  const side = (prefix: "include" | "exclude"): Side => {
    const ids = lower(`${prefix}Users`);
    return {
      users: new Set(ids),
      groups: lower(`${prefix}Groups`),
      roles: lower(`${prefix}Roles`),
      guests: ids.includes("guestsorexternalusers") || !!obj(users[`${prefix}GuestsOrExternalUsers`]),
    };
  };
  const include = side("include");
  return { include: { ...include, all: include.users.has("all") }, exclude: side("exclude") };
}

/** Group id / role template id (lower case) → the ids of its users, nested groups and role-holding groups expanded. */
interface Members {
  groups: Map<string, Set<string>>;
  roles: Map<string, Set<string>>;
}

function expandReferences(tenant: TenantStore, policies: readonly CompiledPolicy[]): Members {
  const userIds = (ids: readonly string[]) =>
    new Set(tenant.transitiveMembers(ids).flatMap((m) => (m.type === "user" ? [String(m.object.id).toLowerCase()] : [])));
  const groups = new Map<string, Set<string>>();
  const roles = new Map<string, Set<string>>();
  for (const p of policies)
    for (const side of [p.include, p.exclude]) {
      for (const g of side.groups) if (!groups.has(g)) groups.set(g, userIds([g]));
      for (const r of side.roles) if (!roles.has(r)) roles.set(r, userIds(tenant.roleByTemplate(r)?.members ?? []));
    }
  return { groups, roles };
}

function matches(side: Side, id: string, guest: boolean, members: Members): boolean {
  return (
    side.users.has(id) ||
    (guest && side.guests) ||
    side.groups.some((g) => members.groups.get(g)?.has(id)) ||
    side.roles.some((r) => members.roles.get(r)?.has(id))
  );
}

function appliesTo(policy: CompiledPolicy, user: GraphObject, members: Members): boolean {
  const id = String(user.id).toLowerCase();
  const guest = String(user.userType ?? "Member").toLowerCase() === "guest";
  return (policy.include.all || matches(policy.include, id, guest, members)) && !matches(policy.exclude, id, guest, members);
}
