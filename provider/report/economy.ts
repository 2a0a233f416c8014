// The fewest Graph requests that can read what the MFA status report needs, per call class. The collector is built to
// meet it; the bench and the tests hold the collector to it. Counted are HTTP requests sent to Graph: a `$batch` is
// one request however many items it carries (items are counted apart); token requests are not Graph requests.
import { BATCH_LIMIT } from "../graph/batch";
import { documentedResourceUnits, REPORTS_PER_WINDOW, THROTTLE_WINDOW_MS } from "../graph/budget";

/** Graph's largest page for users, group members and (as the emulator honours `$top`) registration details. */
export const PAGE_SIZE = 999;
/** Graph's limit on requests in one `$batch`. */
export const BATCH_SIZE = BATCH_LIMIT;
/** Conditional Access lists every policy (at most 195) in one page. */
const POLICY_PAGE = 1000;

/** What the request count depends on. */
export interface TenantShape {
  users: number;
  /** Rows of the registration report (one per user in a real tenant). */
  registrations: number;
  policies: number;
  /** Activated directory roles. */
  activatedRoles: number;
  /** Transitive member objects (users and nested groups) of each group an MFA policy or system-preferred MFA names. */
  referencedGroups: number[];
  /** Transitive member objects of each group that holds a role and is not among `referencedGroups`. */
  roleHoldingGroups: number[];
  /**
   * Users whose listing entry did not carry `perUserMfaState` (graph.md §4), so it is read for each of them; default 0,
   * as Graph serves it on v1.0 and beta.
   */
  usersWithoutListedMfa?: number;
}

export interface MinimumRequests {
  securityDefaults: number;
  conditionalAccess: number;
  authenticationMethodsPolicy: number;
  directoryRoles: number;
  /** `$batch`es of role member reads: one item per activated role. */
  roleMemberBatches: number;
  /** `$batch`es of group reads: name + first member page per referenced group, first member page per role-holding group. */
  groupBatches: number;
  /** Member pages after the first, read one by one (a `@odata.nextLink` cannot be batched before it is known). */
  groupMemberPages: number;
  users: number;
  registrationDetails: number;
  /** `$batch`es of per-user MFA reads: one item per user whose listing did not carry the state. */
  perUserMfaBatches: number;
  total: number;
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const batches = (items: number) => Math.ceil(items / BATCH_SIZE);

/**
 * The minimum: 1 Security Defaults + 1 CA list + 1 beta authenticationMethodsPolicy + 1 directoryRoles list
 * + ⌈roles/20⌉ + ⌈(2·referenced groups + role-holding groups)/20⌉ + Σ groups (⌈members/999⌉ − 1)
 * + ⌈users/999⌉ (per-user MFA state included) + ⌈registrations/999⌉ + ⌈users without a listed state/20⌉. Role
 * members come before the groups that hold roles can be known, so those two batch series are not merged.
 */
export function minimumRequests(shape: TenantShape, pageSize: number = PAGE_SIZE): MinimumRequests {
  const groups = [...shape.referencedGroups, ...shape.roleHoldingGroups];
  const counts = {
    securityDefaults: 1,
    conditionalAccess: pages(shape.policies, POLICY_PAGE),
    authenticationMethodsPolicy: 1,
    directoryRoles: 1,
    roleMemberBatches: batches(shape.activatedRoles),
    groupBatches: batches(2 * shape.referencedGroups.length + shape.roleHoldingGroups.length),
    groupMemberPages: groups.reduce((sum, members) => sum + pages(members, pageSize) - 1, 0),
    users: pages(shape.users, pageSize),
    registrationDetails: pages(shape.registrations, pageSize),
    perUserMfaBatches: batches(shape.usersWithoutListedMfa ?? 0),
  };
  return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

/** The shortest wall time Graph's documented limits allow for reading a tenant of this shape, and what sets it. */
export interface WallTimeFloor {
  seconds: number;
  /** Per limit: the seconds that limit alone imposes. */
  byLimit: { registrationReport: number; resourceUnits: number; conditionalAccess: number };
}

/**
 * The floor, limit by limit, for the minimum's requests: n requests under "k per window" cannot all have started
 * before (⌈n/k⌉ − 1) windows have passed (the first k go at once). Latency and the client's own work come on top.
 * Registration report: 5 requests per 10 s. Resource units: the minimum's directory reads at their documented cost
 * with `$select` (users pages 1, member pages 4, other reads 1), against the tenant's budget per 10 s. Conditional
 * Access: 1 request per second.
 */
export function wallTimeFloor(shape: TenantShape, pageSize: number = PAGE_SIZE): WallTimeFloor {
  const m = minimumRequests(shape, pageSize);
  const windows = (n: number, perWindow: number) => Math.max(0, Math.ceil(n / perWindow) - 1);
  const groupFirstPages = shape.referencedGroups.length + shape.roleHoldingGroups.length;
  const units =
    m.securityDefaults + m.authenticationMethodsPolicy + m.directoryRoles + shape.activatedRoles +
    shape.referencedGroups.length + 4 * (groupFirstPages + m.groupMemberPages) + m.users + (shape.usersWithoutListedMfa ?? 0);
  const budget = documentedResourceUnits(shape.users);
  const windowSeconds = THROTTLE_WINDOW_MS / 1000;
  const byLimit = {
    registrationReport: windows(m.registrationDetails, REPORTS_PER_WINDOW) * windowSeconds,
    resourceUnits: windows(units, budget) * windowSeconds,
    conditionalAccess: windows(m.conditionalAccess, 1),
  };
  return { seconds: Math.max(...Object.values(byLimit)), byLimit };
}

/** The classes of the minimum a top-level Graph request falls in (the `$batch`es are one class, whatever they carry). */
export const REQUEST_CLASSES = [
  "securityDefaults",
  "conditionalAccess",
  "authenticationMethodsPolicy",
  "directoryRoles",
  "groupMemberPages",
  "users",
  "registrationDetails",
  "batches",
  "other",
] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

const CLASSES: [RegExp, RequestClass][] = [
  [/^\/(v1\.0|beta)\/\$batch$/i, "batches"],
  [/^\/v1\.0\/policies\/identitySecurityDefaultsEnforcementPolicy$/i, "securityDefaults"],
  [/^\/v1\.0\/identity\/conditionalAccess\/policies$/i, "conditionalAccess"],
  [/^\/beta\/policies\/authenticationMethodsPolicy$/i, "authenticationMethodsPolicy"],
  [/^\/v1\.0\/directoryRoles$/i, "directoryRoles"],
  [/^\/v1\.0\/groups\/[^/]+\/transitiveMembers$/i, "groupMemberPages"],
  [/^\/v1\.0\/users$/i, "users"],
  [/^\/v1\.0\/reports\/authenticationMethods\/userRegistrationDetails$/i, "registrationDetails"],
];

/** The class of a top-level Graph request, by its path after the host (version included). */
export function requestClass(path: string): RequestClass {
  return CLASSES.find(([pattern]) => pattern.test(path))?.[1] ?? "other";
}

/** The minimum per request class, as `requestClass` sorts requests (the three `$batch` series are one class). */
export function minimumByClass(m: MinimumRequests): Record<RequestClass, number> {
  return {
    securityDefaults: m.securityDefaults,
    conditionalAccess: m.conditionalAccess,
    authenticationMethodsPolicy: m.authenticationMethodsPolicy,
    directoryRoles: m.directoryRoles,
    groupMemberPages: m.groupMemberPages,
    users: m.users,
    registrationDetails: m.registrationDetails,
    batches: m.roleMemberBatches + m.groupBatches + m.perUserMfaBatches,
    other: 0,
  };
}

/** How many of these top-level request paths fall in each class. */
export function countByClass(paths: readonly string[]): Record<RequestClass, number> {
  const counts = Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<RequestClass, number>;
  for (const path of paths) counts[requestClass(path)]++;
  return counts;
}
