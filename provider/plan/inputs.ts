// The inputs of the three resources, as a program writes them (…Args) and in normalised form (…Spec), with the
// checks Pulumi's Check runs. During preview any input may be Pulumi's unknown sentinel: a check that needs an
// unknown value is skipped (the property is listed in `unknowns`), never failed.

import type { AdvancedConfigState } from "../graph/types";
import { MAX_BREAK_GLASS_ACCOUNTS } from "./handover";
import { isGuid, isPlainObject, isUnknown, normalizeGuid, normalizeIdSet } from "./normalize";

export const DEFAULT_DISPLAY_NAME = "MFA (managed by Pulumi) - do not modify";
/** Conditional Access refuses longer display names. */
export const MAX_DISPLAY_NAME_LENGTH = 256;
export const ALL_USERS_TARGET = "all_users";

export type ManagedPolicyState = "enabled" | "reportOnly" | "disabled";
export type TakeOverMfaPolicies = "consolidate" | "leave";
/** Legacy per-user MFA: "migrate" moves covered users onto the managed policy (plan/per-user-mfa.ts). */
export type TakeOverPerUserMfa = "migrate" | "leave";

export interface ManagedMfaPolicyArgs {
  displayName?: string;
  includeAllUsers?: boolean;
  /** Object ids; user principal names are accepted here and resolved to ids by the handler before planning. */
  includeUsers?: string[];
  includeGroups?: string[];
  /** Role template ids. */
  includeRoles?: string[];
  excludeUsers?: string[];
  excludeGroups?: string[];
  state?: ManagedPolicyState;
  applications?: string[];
  authenticationStrengthId?: string;
  takeOver?: { securityDefaults?: boolean; mfaPolicies?: TakeOverMfaPolicies; perUserMfa?: TakeOverPerUserMfa };
  adoptPolicyId?: string;
  restoreOnDestroy?: boolean;
}

/** Whom the managed policy targets, as references (groups and roles are never expanded into users). */
export interface PolicyTargets {
  includeAllUsers: boolean;
  includeUsers: string[];
  includeGroups: string[];
  /** Role template ids. */
  includeRoles: string[];
  excludeUsers: string[];
  excludeGroups: string[];
}

export interface ManagedMfaPolicySpec extends PolicyTargets {
  displayName: string;
  state: ManagedPolicyState;
  applications: string[];
  authenticationStrengthId?: string;
  takeOver: { securityDefaults: boolean; mfaPolicies: TakeOverMfaPolicies; perUserMfa: TakeOverPerUserMfa };
  adoptPolicyId?: string;
  restoreOnDestroy: boolean;
}

export interface SecurityDefaultsOffArgs {
  handoverPolicyIds?: string[];
  /**
   * The emergency access accounts (object ids or user principal names) that the hand-over policies may exclude;
   * anyone else they leave out stops the cut-over. At most MAX_BREAK_GLASS_ACCOUNTS.
   */
  breakGlassAccounts?: string[];
  restoreOnDestroy?: boolean;
  allowUnprotected?: boolean;
}

export interface SecurityDefaultsOffSpec {
  handoverPolicyIds: string[];
  breakGlassAccounts: string[];
  restoreOnDestroy: boolean;
  allowUnprotected: boolean;
}

export type SystemPreferredTargetType = "group" | "user";
export interface SystemPreferredTarget {
  id: string;
  targetType: SystemPreferredTargetType;
}
export type SystemPreferredState = Exclude<AdvancedConfigState, "unknownFutureValue">;

export interface SystemPreferredMfaArgs {
  state?: SystemPreferredState;
  /** One target; a list is accepted only when it holds exactly one (the API takes no more). */
  includeTarget?: SystemPreferredTarget | SystemPreferredTarget[];
  excludeTarget?: SystemPreferredTarget | SystemPreferredTarget[];
  restoreOnDestroy?: boolean;
}

export interface SystemPreferredMfaSpec {
  state: SystemPreferredState;
  includeTarget: SystemPreferredTarget;
  excludeTarget?: SystemPreferredTarget;
  restoreOnDestroy: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface Checked<S> {
  spec: S;
  failures: CheckFailure[];
  warnings: string[];
  /** Properties whose value (or part of it) is not known yet; the spec holds a default or the sentinel there. */
  unknowns: string[];
}

/** Collects failures and unknowns while reading one resource's inputs. */
class Reader {
  readonly failures: CheckFailure[] = [];
  readonly warnings: string[] = [];
  readonly unknowns: string[] = [];

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** False (and recorded) when the value is unknown, so callers skip checks that need it. */
  known(property: string, value: unknown): boolean {
    if (!isUnknown(value)) return true;
    if (!this.unknowns.includes(property)) this.unknowns.push(property);
    return false;
  }

  boolean(property: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null || !this.known(property, value)) return fallback;
    if (typeof value === "boolean") return value;
    this.fail(property, `${property} must be true or false, not ${JSON.stringify(value)}.`);
    return fallback;
  }

  choice<T extends string>(property: string, value: unknown, allowed: readonly T[], fallback: T, aliases: Record<string, T> = {}): T {
    if (value === undefined || value === null || !this.known(property, value)) return fallback;
    const match = typeof value === "string" ? (allowed.find((a) => a === value.trim()) ?? aliases[value.trim()]) : undefined;
    if (match) return match;
    this.fail(property, `${property} is ${JSON.stringify(value)}; allowed values are ${allowed.map((a) => `"${a}"`).join(", ")}.`);
    return fallback;
  }

  optionalGuid(property: string, value: unknown, what: string): string | undefined {
    if (value === undefined || value === null || value === "" || !this.known(property, value)) return undefined;
    if (isGuid(value)) return normalizeGuid(value as string);
    this.fail(property, `${property} ${JSON.stringify(value)} is not ${what} (a GUID such as 00000000-0000-0000-0000-000000000002).`);
    return undefined;
  }

  /**
   * A normalised id list. `problem` returns why one entry is unacceptable, or undefined. Unknown entries stay in
   * the list (so a diff sees a change) and skip the check.
   */
  idList(property: string, value: unknown, problem: (id: string) => string | undefined): string[] {
    if (value === undefined || value === null || !this.known(property, value)) return [];
    if (!Array.isArray(value)) {
      this.fail(property, `${property} must be a list of ids, not ${JSON.stringify(value)}.`);
      return [];
    }
    const ids: string[] = [];
    value.forEach((entry, index) => {
      if (!this.known(property, entry)) return void ids.push(entry as string);
      const reason = typeof entry === "string" ? problem(entry.trim()) : "is not a string";
      if (reason) this.fail(property, `${property}[${index}] ${JSON.stringify(entry)} ${reason}.`);
      else ids.push(entry as string);
    });
    return normalizeIdSet(ids);
  }

  /**
   * Keys the resource does not take: a misspelt key (`excludeUser`) would otherwise be dropped without a word, and
   * the list it was meant for would stay empty. Keys set to undefined count as not given.
   */
  keys(prefix: string, value: Record<string, unknown>, known: readonly string[]): void {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || known.includes(key)) continue;
      const property = `${prefix}${key}`;
      const nearest = nearestKey(key, known);
      this.fail(
        property,
        `${property} is not an input of this resource, so it would be ignored` +
          (nearest ? `: did you mean ${prefix}${nearest}? ` : `. `) +
          `Known ${prefix ? `${prefix.slice(0, -1)} ` : ""}inputs: ${known.filter((k) => !HIDDEN_KEYS.includes(k)).join(", ")}.`,
      );
    }
  }

  /** A nested object input: empty when absent or unknown; a failure (and empty) when it is not an object. */
  record(property: string, value: unknown, example: string): Record<string, unknown> {
    if (value === undefined || value === null || !this.known(property, value)) return {};
    if (isPlainObject(value)) return value;
    this.fail(property, `${property} must be an object like ${example}, not ${JSON.stringify(value)}.`);
    return {};
  }

  result<S>(spec: S): Checked<S> {
    return { spec, failures: this.failures, warnings: this.warnings, unknowns: this.unknowns };
  }
}

/** Keys every resource carries that the program does not write (set by the resource class and the dynamic provider). */
const HIDDEN_KEYS = ["resourceName", "__provider"];

/** Every key of T, checked by the compiler in both directions, and what every resource takes besides. */
const keysOf = <T>(keys: Record<keyof T, true>): string[] => [...Object.keys(keys), "connection", ...HIDDEN_KEYS];

const MANAGED_MFA_POLICY_INPUTS = keysOf<ManagedMfaPolicyArgs>({
  displayName: true, includeAllUsers: true, includeUsers: true, includeGroups: true, includeRoles: true, excludeUsers: true,
  excludeGroups: true, state: true, applications: true, authenticationStrengthId: true, takeOver: true, adoptPolicyId: true,
  restoreOnDestroy: true,
});
const TAKE_OVER_INPUTS = ["securityDefaults", "mfaPolicies", "perUserMfa"];
const SECURITY_DEFAULTS_OFF_INPUTS = keysOf<SecurityDefaultsOffArgs>({
  handoverPolicyIds: true, breakGlassAccounts: true, restoreOnDestroy: true, allowUnprotected: true,
});
const SYSTEM_PREFERRED_MFA_INPUTS = keysOf<SystemPreferredMfaArgs>({ state: true, includeTarget: true, excludeTarget: true, restoreOnDestroy: true });
const TARGET_INPUTS = ["id", "targetType"];

/** The known key closest to a misspelt one (case, a letter or two), if one is close enough to be meant. */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    if (HIDDEN_KEYS.includes(candidate)) continue;
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

const notGuid = (what: string) => (id: string) => (isGuid(id) ? undefined : `is not ${what} (a GUID)`);
const NOT_A_USER = "is neither a user object id (GUID) nor a user principal name (name@domain)";
/** Entra's limit on a whole user principal name. */
const MAX_UPN_LENGTH = 113;
const UPN_NAME = /^[A-Za-z0-9'._!#^~-]+$/;
const UPN_DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * Why `value` (which has an @) cannot be a user principal name, after Entra's rules: one @ between a name of
 * letters, digits and ' . - _ ! # ^ ~ that does not end with a period, and a domain with a dot; 113 characters
 * at most. Undefined when it can be one.
 */
function upnProblem(value: string): string | undefined {
  const at = value.indexOf("@");
  const name = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (domain.includes("@")) return "has more than one @";
  if (/\s/.test(value)) return "contains a space";
  if (!name) return "has nothing before the @";
  if (!UPN_NAME.test(name)) return `has ${JSON.stringify(name.replace(/[A-Za-z0-9'._!#^~-]/g, "").slice(0, 1))} before the @ (allowed there: letters, digits and ' . - _ ! # ^ ~)`;
  if (name.endsWith(".")) return "has a period right before the @";
  if (!UPN_DOMAIN.test(domain)) return `has ${domain ? `"${domain}"` : "no domain"} after the @, which is not a domain name such as contoso.com`;
  if (value.length > MAX_UPN_LENGTH) return `is ${value.length} characters long (at most ${MAX_UPN_LENGTH})`;
  return undefined;
}

const breakGlassProblem = (id: string): string | undefined => {
  if (isGuid(id)) return undefined;
  if (!id.includes("@")) return NOT_A_USER;
  const problem = upnProblem(id);
  return problem && `is not a user principal name: it ${problem}. Write it as name@domain (alice@contoso.com) or use the user's object id`;
};
const userIdProblem = (id: string): string | undefined => {
  if (id.toLowerCase() === "guestsorexternalusers") return undefined;
  if (id.toLowerCase() === "all") return "is not allowed here: set includeAllUsers: true to target every user";
  return breakGlassProblem(id);
};
const APPLICATION_KEYWORDS = ["All", "Office365", "MicrosoftAdminPortals"];
const applicationProblem = (id: string): string | undefined =>
  isGuid(id) || APPLICATION_KEYWORDS.some((k) => k.toLowerCase() === id.toLowerCase())
    ? undefined
    : `is neither an application (client) id (GUID) nor one of ${APPLICATION_KEYWORDS.join(", ")}`;

/** One entry of an id list as the program wrote it, and the id it stands for (compared case-insensitively). */
export interface ListEntry {
  /** e.g. `excludeUsers[1]`. */
  path: string;
  value: string;
  id: string;
}

/** The known string entries of an id list input, with their positions. */
export function listEntries(property: string, value: unknown): ListEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, index) =>
    typeof entry === "string" && !isUnknown(entry) && entry.trim() ? [{ path: `${property}[${index}]`, value: entry, id: entry.trim().toLowerCase() }] : [],
  );
}

/**
 * Entries both included and excluded: Conditional Access lets the exclusion win, so the person (or group) meant to
 * be covered is silently left without MFA. `id` decides sameness, so a caller can pass ids resolved from names.
 */
export function overlapFailures(include: readonly ListEntry[], exclude: readonly ListEntry[]): CheckFailure[] {
  return exclude.flatMap((out) => {
    const both = include.find((inc) => inc.id === out.id);
    if (!both) return [];
    const property = out.path.replace(/\[\d+\]$/, "");
    const same = both.value.trim().toLowerCase() === out.value.trim().toLowerCase() ? "" : ` (${JSON.stringify(both.value)} is the same object)`;
    return [
      {
        property,
        reason:
          `${out.path} ${JSON.stringify(out.value)} is also included by ${both.path}${same}: an exclusion wins over an inclusion, so it would get no MFA from this policy. ` +
          `Remove it from ${property} if it must have MFA, or from ${both.path.replace(/\[\d+\]$/, "")} if it is a break-glass exclusion.`,
      },
    ];
  });
}

export function validateManagedMfaPolicy(args: ManagedMfaPolicyArgs): Checked<ManagedMfaPolicySpec> {
  const r = new Reader();
  const raw = args as Record<string, unknown>;
  r.keys("", raw, MANAGED_MFA_POLICY_INPUTS);
  let displayName = DEFAULT_DISPLAY_NAME;
  if (raw.displayName !== undefined && r.known("displayName", raw.displayName)) {
    const name = typeof raw.displayName === "string" ? raw.displayName.trim() : "";
    if (!name) r.fail("displayName", "displayName must be a non-empty string.");
    else if (name.length > MAX_DISPLAY_NAME_LENGTH)
      r.fail("displayName", `displayName is ${name.length} characters long; Conditional Access allows at most ${MAX_DISPLAY_NAME_LENGTH}.`);
    else displayName = name;
  }
  const includeAllUsers = r.boolean("includeAllUsers", raw.includeAllUsers, false);
  const includeUsers = r.idList("includeUsers", raw.includeUsers, userIdProblem);
  const includeGroups = r.idList("includeGroups", raw.includeGroups, notGuid("a group object id"));
  const includeRoles = r.idList(
    "includeRoles",
    raw.includeRoles,
    notGuid("a directory role template id; Conditional Access takes role template ids such as 62e90394-69f5-4237-9190-012177145e10 (Global Administrator)"),
  );
  const excludeUsers = r.idList("excludeUsers", raw.excludeUsers, userIdProblem);
  const excludeGroups = r.idList("excludeGroups", raw.excludeGroups, notGuid("a group object id"));
  const state = r.choice("state", raw.state, ["enabled", "reportOnly", "disabled"] as const, "enabled", {
    enabledForReportingButNotEnforced: "reportOnly",
  });
  const applications = raw.applications === undefined ? ["All"] : r.idList("applications", raw.applications, applicationProblem);
  const authenticationStrengthId = r.optionalGuid("authenticationStrengthId", raw.authenticationStrengthId, "an authentication strength policy id");
  const adoptPolicyId = r.optionalGuid("adoptPolicyId", raw.adoptPolicyId, "a Conditional Access policy id");
  const restoreOnDestroy = r.boolean("restoreOnDestroy", raw.restoreOnDestroy, true);
  const takeOverInput = r.record("takeOver", raw.takeOver, `{ securityDefaults: true, mfaPolicies: "consolidate" }`);
  r.keys("takeOver.", takeOverInput, TAKE_OVER_INPUTS);
  const takeOver = {
    securityDefaults: r.boolean("takeOver.securityDefaults", takeOverInput.securityDefaults, true),
    mfaPolicies: r.choice("takeOver.mfaPolicies", takeOverInput.mfaPolicies, ["consolidate", "leave"] as const, "consolidate"),
    // Default "leave": a stack written before this option existed keeps its behaviour.
    perUserMfa: r.choice("takeOver.perUserMfa", takeOverInput.perUserMfa, ["migrate", "leave"] as const, "leave"),
  };

  // A target list that is unknown, or was refused, may well hold targets: do not also call the policy empty.
  const targetsKnown = ["includeAllUsers", "includeUsers", "includeGroups", "includeRoles"].every(
    (p) => !r.unknowns.includes(p) && !r.failures.some((f) => f.property === p),
  );
  if (includeAllUsers) {
    for (const [property, list] of [["includeUsers", includeUsers], ["includeGroups", includeGroups], ["includeRoles", includeRoles]] as const)
      if (list.length)
        r.fail(property, `${property} conflicts with includeAllUsers: true (all users already includes them); remove one of the two.`);
    if (targetsKnown && !r.unknowns.includes("excludeUsers") && !r.unknowns.includes("excludeGroups") && !excludeUsers.length && !excludeGroups.length)
      r.warnings.push(
        "No break-glass account is declared (includeAllUsers is true and excludeUsers and excludeGroups are empty): if MFA itself " +
          "fails (an outage, an admin's lost phone) nobody can sign in. Exclusions carried over from policies the take-over " +
          "absorbs are not break-glass accounts. Exclude one or two monitored break-glass accounts with excludeUsers or excludeGroups.",
      );
  } else if (targetsKnown && !includeUsers.length && !includeGroups.length && !includeRoles.length) {
    r.fail("includeUsers", "The policy targets nobody: set includeAllUsers: true, or list includeUsers, includeGroups or includeRoles.");
  }
  for (const [include, exclude] of [["includeUsers", "excludeUsers"], ["includeGroups", "excludeGroups"]] as const)
    for (const f of overlapFailures(listEntries(include, raw[include]), listEntries(exclude, raw[exclude]))) r.fail(f.property, f.reason);
  if (applications.length === 0 && !r.unknowns.includes("applications"))
    r.fail("applications", `applications is empty; use ["All"] (the default) or list application ids.`);
  else if (applications.includes("All") && applications.length > 1)
    r.fail("applications", `applications lists "All" together with other entries; "All" already includes every application.`);

  return r.result<ManagedMfaPolicySpec>({
    displayName,
    includeAllUsers,
    includeUsers,
    includeGroups,
    includeRoles,
    excludeUsers,
    excludeGroups,
    state,
    applications,
    ...(authenticationStrengthId ? { authenticationStrengthId } : {}),
    takeOver,
    ...(adoptPolicyId ? { adoptPolicyId } : {}),
    restoreOnDestroy,
  });
}

export function validateSecurityDefaultsOff(args: SecurityDefaultsOffArgs): Checked<SecurityDefaultsOffSpec> {
  const r = new Reader();
  const raw = args as Record<string, unknown>;
  r.keys("", raw, SECURITY_DEFAULTS_OFF_INPUTS);
  const handoverPolicyIds = r.idList("handoverPolicyIds", raw.handoverPolicyIds, notGuid("a Conditional Access policy id"));
  const breakGlassAccounts = r.idList("breakGlassAccounts", raw.breakGlassAccounts, breakGlassProblem);
  if (breakGlassAccounts.length > MAX_BREAK_GLASS_ACCOUNTS)
    r.fail(
      "breakGlassAccounts",
      `breakGlassAccounts names ${breakGlassAccounts.length} accounts; break-glass accounts are a small set of emergency access accounts (Microsoft recommends two), ` +
        `at most ${MAX_BREAK_GLASS_ACCOUNTS} here. Everyone else must be covered by the hand-over policies.`,
    );
  const restoreOnDestroy = r.boolean("restoreOnDestroy", raw.restoreOnDestroy, true);
  const allowUnprotected = r.boolean("allowUnprotected", raw.allowUnprotected, false);
  const listKnown = !r.unknowns.includes("handoverPolicyIds") && !r.unknowns.includes("allowUnprotected");
  if (listKnown && handoverPolicyIds.length === 0 && !r.failures.some((f) => f.property === "handoverPolicyIds")) {
    if (allowUnprotected)
      r.warnings.push("No hand-over policy: turning Security Defaults off leaves every user without enforced MFA (allowUnprotected is set).");
    else
      r.fail(
        "handoverPolicyIds",
        "handoverPolicyIds is empty: turning Security Defaults off without a policy that takes over would leave every user without MFA. " +
          "Pass the ManagedMfaPolicy's policyId, or set allowUnprotected: true if you really mean it.",
      );
  }
  return r.result({ handoverPolicyIds, breakGlassAccounts, restoreOnDestroy, allowUnprotected });
}

const TARGET_TYPES = ["group", "user"] as const;
const DEFAULT_INCLUDE_TARGET: SystemPreferredTarget = { id: ALL_USERS_TARGET, targetType: "group" };

export function validateSystemPreferredMfa(args: SystemPreferredMfaArgs): Checked<SystemPreferredMfaSpec> {
  const r = new Reader();
  const raw = args as Record<string, unknown>;
  r.keys("", raw, SYSTEM_PREFERRED_MFA_INPUTS);
  const state = r.choice("state", raw.state, ["enabled", "disabled", "default"] as const, "enabled");
  const restoreOnDestroy = r.boolean("restoreOnDestroy", raw.restoreOnDestroy, true);
  const includeTarget = readTarget(r, "includeTarget", raw.includeTarget, true) ?? DEFAULT_INCLUDE_TARGET;
  const excludeTarget = readTarget(r, "excludeTarget", raw.excludeTarget, false);
  if (excludeTarget?.id === ALL_USERS_TARGET)
    r.fail("excludeTarget", `excludeTarget cannot be "${ALL_USERS_TARGET}": to turn system-preferred MFA off for everyone use state: "disabled".`);
  else if (excludeTarget && excludeTarget.id === includeTarget.id && !isUnknown(excludeTarget.id))
    r.fail("excludeTarget", "excludeTarget is the same as includeTarget; exclusions win, so nobody would get system-preferred MFA.");
  return r.result<SystemPreferredMfaSpec>({ state, includeTarget, ...(excludeTarget ? { excludeTarget } : {}), restoreOnDestroy });
}

/** systemCredentialPreferences takes exactly one include target and at most one exclude target. */
function readTarget(r: Reader, property: string, value: unknown, include: boolean): SystemPreferredTarget | undefined {
  if (value === undefined || value === null || !r.known(property, value)) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 1 || (include && list.length === 0)) {
    r.fail(
      property,
      `${property} lists ${list.length} targets; system-preferred MFA takes ${include ? "exactly one include" : "at most one exclude"} target ` +
        `(use one group, nested or dynamic, to cover several).`,
    );
    return undefined;
  }
  if (list.length === 0) return undefined;
  const target: unknown = list[0];
  if (!isPlainObject(target)) {
    r.fail(property, `${property} must be an object like { id: "<group id>", targetType: "group" }, not ${JSON.stringify(target)}.`);
    return undefined;
  }
  r.keys(`${property}.`, target, TARGET_INPUTS);
  const targetType = r.choice(`${property}.targetType`, target.targetType, TARGET_TYPES, "group");
  const rawId = target.id;
  if (!r.known(`${property}.id`, rawId)) return { id: rawId as string, targetType };
  if (typeof rawId === "string" && rawId.trim().toLowerCase() === ALL_USERS_TARGET) {
    if (targetType !== "group")
      r.fail(`${property}.targetType`, `${property}.id "${ALL_USERS_TARGET}" is only valid with targetType "group".`);
    return { id: ALL_USERS_TARGET, targetType: "group" };
  }
  if (!isGuid(rawId)) {
    r.fail(`${property}.id`, `${property}.id ${JSON.stringify(rawId)} is not a ${targetType} object id (a GUID) nor "${ALL_USERS_TARGET}".`);
    return undefined;
  }
  return { id: normalizeGuid(rawId as string), targetType };
}
