// The managed Conditional Access policy: the body we create, the smallest PATCH that brings an existing policy
// to it, and which input changes need what.

import type {
  ConditionalAccessConditionSet,
  ConditionalAccessGrantControls,
  ConditionalAccessPolicy,
  ConditionalAccessPolicyState,
  ConditionalAccessPolicyWrite,
  ConditionalAccessUsers,
} from "../graph/types";
import type { ManagedMfaPolicySpec, ManagedPolicyState, PolicyTargets } from "./inputs";
import { comparableGrant } from "./mfa-controls";
import { canonical, diffSpecs, isPlainObject, normalizeIdSet, sameValue, type SpecDiff } from "./normalize";

/** Whom a policy applies to; exclusions carried in from other policies may include roles. */
export interface TargetSet extends PolicyTargets {
  excludeRoles: string[];
}

export const NO_TARGETS: TargetSet = {
  includeAllUsers: false,
  includeUsers: [],
  includeGroups: [],
  includeRoles: [],
  excludeUsers: [],
  excludeGroups: [],
  excludeRoles: [],
};

const LIST_KEYS = ["includeUsers", "includeGroups", "includeRoles", "excludeUsers", "excludeGroups", "excludeRoles"] as const;

export function unionTargets(...sets: readonly TargetSet[]): TargetSet {
  const out: TargetSet = { ...NO_TARGETS, includeAllUsers: sets.some((s) => s.includeAllUsers) };
  for (const key of LIST_KEYS) out[key] = normalizeIdSet(sets.flatMap((s) => s[key]));
  return out;
}

export function specTargets(spec: ManagedMfaPolicySpec): TargetSet {
  const { includeAllUsers, includeUsers, includeGroups, includeRoles, excludeUsers, excludeGroups } = spec;
  return { includeAllUsers, includeUsers, includeGroups, includeRoles, excludeUsers, excludeGroups, excludeRoles: [] };
}

const GRAPH_STATES: Record<ManagedPolicyState, ConditionalAccessPolicyState> = {
  enabled: "enabled",
  reportOnly: "enabledForReportingButNotEnforced",
  disabled: "disabled",
};

export function graphState(state: ManagedPolicyState): ConditionalAccessPolicyState {
  return GRAPH_STATES[state];
}

export function describeState(state: ConditionalAccessPolicyState): string {
  return state === "enabledForReportingButNotEnforced" ? "report-only" : state;
}

export function usersCondition(targets: TargetSet): ConditionalAccessUsers {
  const all = targets.includeAllUsers;
  return {
    includeUsers: all ? ["All"] : targets.includeUsers,
    excludeUsers: targets.excludeUsers,
    includeGroups: all ? [] : targets.includeGroups,
    excludeGroups: targets.excludeGroups,
    includeRoles: all ? [] : targets.includeRoles,
    excludeRoles: targets.excludeRoles,
  };
}

export function managedGrant(spec: Pick<ManagedMfaPolicySpec, "authenticationStrengthId">): ConditionalAccessGrantControls {
  const id = spec.authenticationStrengthId;
  return {
    operator: "OR",
    builtInControls: id ? [] : ["mfa"],
    customAuthenticationFactors: [],
    termsOfUse: [],
    ...(id ? { authenticationStrength: { id } } : {}),
  };
}

export type ManagedPolicyBody = ConditionalAccessPolicyWrite & {
  displayName: string;
  state: ConditionalAccessPolicyState;
  conditions: ConditionalAccessConditionSet & { users: ConditionalAccessUsers };
  grantControls: ConditionalAccessGrantControls;
};

/** The policy to POST: the spec's targets plus `extraTargets` (what was moved in from taken-over policies). */
export function managedPolicyBody(spec: ManagedMfaPolicySpec, extraTargets: TargetSet = NO_TARGETS): ManagedPolicyBody {
  return {
    displayName: spec.displayName,
    state: graphState(spec.state),
    conditions: {
      clientAppTypes: ["all"],
      applications: { includeApplications: spec.applications, excludeApplications: [], includeUserActions: [] },
      users: usersCondition(unionTargets(specTargets(spec), extraTargets)),
    },
    grantControls: managedGrant(spec),
  };
}

/** `desired` plus an empty value for every key only `actual` has, so a PATCH clears what we do not want. */
function withClears(desired: Record<string, unknown>, actual: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out = { ...desired };
  for (const [key, value] of Object.entries(actual ?? {}))
    if (!(key in out) && !key.includes("@odata") && canonical(value) !== undefined) out[key] = Array.isArray(value) ? [] : null;
  return out;
}

const SERVER_OWNED = new Set(["id", "createdDateTime", "modifiedDateTime", "deletedDateTime", "templateId"]);

/**
 * The smallest PATCH that turns `actual` (as Graph returned it) into `desired`, or null when they already agree
 * once normalised. Changed condition parts (users, applications) and grant controls are sent whole; conditions and
 * session controls the managed policy does not use are cleared.
 */
export function managedPolicyPatch(
  actual: ConditionalAccessPolicy,
  desired: ConditionalAccessPolicyWrite,
): ConditionalAccessPolicyWrite | null {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (key === "conditions" || key === "grantControls" || SERVER_OWNED.has(key)) continue;
    if (!sameValue(actual[key], value)) patch[key] = value;
  }
  const grant = (desired.grantControls ?? null) as ConditionalAccessGrantControls | null;
  if (!sameValue(comparableGrant(actual.grantControls), comparableGrant(grant))) patch.grantControls = grant;
  if (!("sessionControls" in desired) && canonical(actual.sessionControls) !== undefined) patch.sessionControls = null;

  const wanted = desired.conditions as Record<string, unknown> | undefined;
  if (wanted) {
    const have = (actual.conditions ?? {}) as Record<string, unknown>;
    const conditions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(withClears(wanted, have))) {
      const full = isPlainObject(value) ? withClears(value, have[key] as Record<string, unknown>) : value;
      if (!sameValue(have[key], full)) conditions[key] = full;
    }
    if (Object.keys(conditions).length) patch.conditions = conditions;
  }
  return Object.keys(patch).length ? (patch as ConditionalAccessPolicyWrite) : null;
}

/**
 * What was changed in `actual` since it was brought to `desired`: the parts the next PATCH would set back ("state",
 * "grantControls", "sessionControls", and each condition by name: "users", "locations", ...).
 */
export function managedPolicyDrift(actual: ConditionalAccessPolicy, desired: ConditionalAccessPolicyWrite): string[] {
  const patch = managedPolicyPatch(actual, desired);
  return Object.keys(patch ?? {}).flatMap((key) => (key === "conditions" ? Object.keys(patch!.conditions ?? {}) : [key]));
}

/**
 * Which inputs changed. Every Conditional Access property can be PATCHed in place, so only switching which
 * existing policy is adopted replaces the resource.
 */
export function diffManagedPolicy(oldSpec: ManagedMfaPolicySpec, newSpec: ManagedMfaPolicySpec, unknowns: readonly string[] = []): SpecDiff {
  return diffSpecs(oldSpec, newSpec, unknowns, ["adoptPolicyId"]);
}
