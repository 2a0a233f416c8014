// Which ManagedMfaPolicy, SecurityDefaultsOff and SystemPreferredMfa declare what a tenant holds today. Pure: the
// take-over planner itself judges whether adopting a policy changes nothing, so the program generated can be
// trusted to write nothing on its first `pulumi up`.
import type { ConditionalAccessPolicy } from "../graph/types";
import { MAX_BREAK_GLASS_ACCOUNTS } from "../plan/handover";
import { validateManagedMfaPolicy, type ManagedMfaPolicyArgs, type ManagedPolicyState, type SystemPreferredState, type SystemPreferredTarget } from "../plan/inputs";
import { mfaGrantOf } from "../plan/mfa-controls";
import { normalizeGuid, normalizeIdSet } from "../plan/normalize";
import { planMfaTakeover } from "../plan/takeover";
import type { TakeoverPlan, TenantSnapshot } from "../plan/takeover-plan";
import { targetsOf } from "../plan/targets";
import type { ImportSnapshot } from "./snapshot";

/** ManagedMfaPolicy inputs with a plan of what they would do to the tenant. */
export interface PlannedPolicy {
  args: ManagedMfaPolicyArgs;
  plan: TakeoverPlan;
  /** The existing policy the inputs adopt. */
  adopts?: ConditionalAccessPolicy;
}

export type ManagedPolicyDecision =
  /** A policy already requires MFA of all users, and adopting it as it is changes nothing. */
  | { kind: "asIs"; chosen: PlannedPolicy; otherCandidates: ConditionalAccessPolicy[] }
  /** None does: the choice between adopting the closest (when there is an MFA policy at all) and creating one. */
  | { kind: "choose"; closest?: PlannedPolicy; create: PlannedPolicy };

export type SecurityDefaultsDecision =
  /** Off, and the adopted policy protects everyone: keep it off, declaring who the policy may leave out. */
  | { kind: "keepOff"; breakGlassAccounts?: string[]; leftOut: string[] }
  /**
   * On: the cut-over is a choice the program's reader makes (a commented block). `leftOut`: whom the managed policy
   * to be created would leave out, the break-glass accounts the hand-over must name.
   */
  | { kind: "cutOver"; leftOut: string[] }
  /** Off, with no policy protecting everyone: nothing to declare yet. */
  | { kind: "offUnprotected" };

/** SystemPreferredMfa's inputs, one target each at most. */
export interface SystemPreferredDeclaration {
  state: SystemPreferredState;
  includeTarget?: SystemPreferredTarget;
  excludeTarget?: SystemPreferredTarget;
}

export type SystemPreferredDecision = { kind: "declare"; args: SystemPreferredDeclaration } | { kind: "unmanageable"; why: string };

export interface ImportDecision {
  managedPolicy: ManagedPolicyDecision;
  securityDefaults: SecurityDefaultsDecision;
  systemPreferred: SystemPreferredDecision;
}

const STATES: Record<ConditionalAccessPolicy["state"], ManagedPolicyState> = {
  enabled: "enabled",
  enabledForReportingButNotEnforced: "reportOnly",
  disabled: "disabled",
};

/** The inputs that declare `policy` exactly as it is, adopted (object ids, as Graph holds them). */
export function adoptAsItIs(policy: ConditionalAccessPolicy): ManagedMfaPolicyArgs {
  const t = targetsOf(policy.conditions.users!);
  const grant = mfaGrantOf(policy.grantControls);
  const apps = normalizeIdSet(policy.conditions.applications?.includeApplications);
  const lists = (entries: [keyof ManagedMfaPolicyArgs, string[]][]) => Object.fromEntries(entries.filter(([, ids]) => ids.length));
  const keywords = normalizeIdSet(policy.conditions.users?.excludeUsers).filter((id) => id === "GuestsOrExternalUsers");
  return {
    adoptPolicyId: normalizeGuid(policy.id),
    displayName: policy.displayName,
    ...(t.includeAllUsers
      ? { includeAllUsers: true }
      : lists([["includeUsers", t.includeUsers], ["includeGroups", t.includeGroups], ["includeRoles", t.includeRoles]])),
    ...lists([["excludeUsers", [...t.excludeUsers, ...keywords]], ["excludeGroups", t.excludeGroups]]),
    ...(policy.state === "enabled" ? {} : { state: STATES[policy.state] }),
    ...(apps.length === 1 && apps[0] === "All" ? {} : { applications: apps }),
    ...(grant.kind !== "none" && grant.via.type === "strength" ? { authenticationStrengthId: grant.via.strengthId } : {}),
    takeOver: { mfaPolicies: "leave" },
  };
}

function planned(tenant: TenantSnapshot, args: ManagedMfaPolicyArgs, adopts?: ConditionalAccessPolicy): PlannedPolicy | undefined {
  const checked = validateManagedMfaPolicy(args);
  if (checked.failures.length) return undefined;
  return { args, plan: planMfaTakeover(tenant, checked.spec), ...(adopts ? { adopts } : {}) };
}

const changesNothing = (p: PlannedPolicy | undefined): p is PlannedPolicy => p !== undefined && p.plan.steps.length === 0 && p.plan.errors.length === 0;

/** Policies whose grant involves MFA at all, with a user condition (workload-identity policies have none). */
const mfaPolicies = (snapshot: ImportSnapshot) =>
  snapshot.policies.filter((p) => p.conditions?.users && mfaGrantOf(p.grantControls).kind !== "none");

/**
 * The closest policy to adopt when none qualifies as it is: all users before some, enabled before report-only
 * before disabled, MFA alone before MFA with more, then the fewest steps to become the managed policy for everyone.
 */
function closestToAdopt(tenant: TenantSnapshot, policies: readonly ConditionalAccessPolicy[]): PlannedPolicy | undefined {
  const options = policies.flatMap((policy) => {
    const asIs = adoptAsItIs(policy);
    const { includeUsers: _u, includeGroups: _g, includeRoles: _r, state: _s, takeOver: _t, ...kept } = asIs;
    const option = planned(tenant, { ...kept, includeAllUsers: true }, policy);
    if (!option) return [];
    const grant = mfaGrantOf(policy.grantControls);
    // Adopting a policy that asks for more than MFA (a compliant device) would drop the rest: it comes last.
    const asksMore = grant.kind === "required" && grant.otherControls.length > 0 ? 1 : 0;
    const rank = [
      targetsOf(policy.conditions.users!).includeAllUsers ? 0 : 1,
      ["enabled", "enabledForReportingButNotEnforced", "disabled"].indexOf(policy.state),
      asksMore,
      option.plan.errors.length,
      option.plan.steps.length,
    ];
    return [{ option, rank }];
  });
  options.sort((a, b) => byRank(a.rank, b.rank));
  return options[0]?.option;
}

function byRank(a: readonly number[], b: readonly number[]): number {
  const i = a.findIndex((r, k) => r !== b[k]);
  return i === -1 ? 0 : a[i]! - b[i]!;
}

function decideManagedPolicy(snapshot: ImportSnapshot, tenant: TenantSnapshot): ManagedPolicyDecision {
  const policies = mfaPolicies(snapshot);
  const asIs = policies
    .filter((p) => p.state === "enabled" && targetsOf(p.conditions.users!).includeAllUsers && mfaGrantOf(p.grantControls).kind === "required")
    .map((p) => planned(tenant, adoptAsItIs(p), p))
    .filter(changesNothing);
  if (asIs.length) {
    const chosen = asIs[0]!;
    return { kind: "asIs", chosen, otherCandidates: asIs.slice(1).map((c) => c.adopts!) };
  }
  const closest = closestToAdopt(tenant, policies);
  // The new policy leaves out whom the closest policy for everyone left out: usually the break-glass accounts.
  const exclusions = closest ? { excludeUsers: closest.args.excludeUsers, excludeGroups: closest.args.excludeGroups } : {};
  const createArgs: ManagedMfaPolicyArgs = Object.fromEntries(Object.entries({ includeAllUsers: true, ...exclusions }).filter(([, v]) => v !== undefined));
  return { kind: "choose", ...(closest ? { closest } : {}), create: planned(tenant, createArgs)! };
}

/** Everyone the adopted policy leaves out, as user principal names (object ids where none is known). */
function leftOutBy(snapshot: ImportSnapshot, args: ManagedMfaPolicyArgs): string[] {
  const users = (args.excludeUsers ?? []).filter((id) => id !== "GuestsOrExternalUsers").map((id) => snapshot.users[id] ?? id);
  const members = (args.excludeGroups ?? []).flatMap((id) => snapshot.groupUsers[id] ?? []);
  return [...new Map([...users, ...members].map((u) => [u.toLowerCase(), u])).values()];
}

function decideSecurityDefaults(snapshot: ImportSnapshot, managed: ManagedPolicyDecision): SecurityDefaultsDecision {
  if (snapshot.securityDefaultsEnabled) return { kind: "cutOver", leftOut: managed.kind === "choose" ? leftOutBy(snapshot, managed.create.args) : [] };
  if (managed.kind !== "asIs") return { kind: "offUnprotected" };
  const leftOut = leftOutBy(snapshot, managed.chosen.args);
  const groupsUnread = (managed.chosen.args.excludeGroups ?? []).some((id) => snapshot.groupUsers[id] === undefined);
  return leftOut.length <= MAX_BREAK_GLASS_ACCOUNTS && !groupsUnread ? { kind: "keepOff", breakGlassAccounts: leftOut, leftOut } : { kind: "keepOff", leftOut };
}

function decideSystemPreferred(snapshot: ImportSnapshot): SystemPreferredDecision {
  const found = snapshot.systemPreferred;
  if (!found) return { kind: "unmanageable", why: "the tenant's authentication methods policy has no systemCredentialPreferences" };
  if (found.includeTargets.length !== 1 || found.excludeTargets.length > 1)
    return { kind: "unmanageable", why: `it has ${found.includeTargets.length} include and ${found.excludeTargets.length} exclude targets; SystemPreferredMfa takes one of each at most` };
  const state = found.state === "unknownFutureValue" ? undefined : found.state;
  if (!state) return { kind: "unmanageable", why: `its state is ${found.state}` };
  const target = (t: { id: string; targetType: string }) => ({ id: t.id === "all_users" ? t.id : normalizeGuid(t.id), targetType: t.targetType as "group" | "user" });
  const include = target(found.includeTargets[0]!);
  const exclude = found.excludeTargets[0];
  return {
    kind: "declare",
    args: { state, ...(include.id === "all_users" ? {} : { includeTarget: include }), ...(exclude ? { excludeTarget: target(exclude) } : {}) },
  };
}

export function decideImport(snapshot: ImportSnapshot): ImportDecision {
  const tenant: TenantSnapshot = { securityDefaults: { isEnabled: snapshot.securityDefaultsEnabled }, policies: snapshot.policies };
  const managedPolicy = decideManagedPolicy(snapshot, tenant);
  return { managedPolicy, securityDefaults: decideSecurityDefaults(snapshot, managedPolicy), systemPreferred: decideSystemPreferred(snapshot) };
}
