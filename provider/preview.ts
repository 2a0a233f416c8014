import * as pulumi from "@pulumi/pulumi";
import { createMarkOf, type ConditionalAccessPolicy, type ConfigSource, type ConnectionInput, type GraphApi } from "./graph";
import { graphFor } from "./handlers/context";
import { breakGlassProblems } from "./handlers/break-glass";
import { readSnapshot, resolveUserNames } from "./handlers/tenant";
import { validateManagedMfaPolicy } from "./plan/inputs";
import { inferJournal } from "./plan/inferred-journal";
import { readMarks } from "./plan/recovered-journal";
import { nameIds, namedPlan, namesOf } from "./plan/names";
import { graphState } from "./plan/managed-policy";
import { planPerUserMfa, type PerUserLeft, type PerUserMfaPlan, type PerUserMove } from "./plan/per-user-mfa";
import { renderPerUserMfa, renderPlan } from "./plan/render";
import { readPerUserStates, readScopeMembers } from "./handlers/per-user-mfa";
import { planMfaTakeover } from "./plan/takeover";
import { managedPolicyIdOf, type LeftAlonePolicy, type TakeoverPlan, type TakenOverPolicy } from "./plan/takeover-plan";
import type { ManagedMfaPolicyArgs } from "./resources/managed-mfa-policy";

/** What a ManagedMfaPolicy with these inputs would change in the tenant, as plain data and as readable text. */
export interface TakeoverPreview {
  tenantId: string;
  /** The plan as a person reads it in a pull request. */
  summary: string;
  steps: string[];
  takenOver: TakenOverPolicy[];
  leftAlone: LeftAlonePolicy[];
  warnings: string[];
  /** Reasons the resource would refuse to apply. */
  errors: string[];
  securityDefaultsEnabled: boolean;
  /** With takeOver.perUserMfa "migrate": whom the managed policy would move off per-user MFA, and whom not, why. */
  perUserMfa?: PerUserMfaPreview;
}

export interface PerUserMfaPreview {
  move: PerUserMove[];
  left: PerUserLeft[];
  heldBack?: string;
  notes: string[];
}

/** Stack config as the program sees it, read raw so secret values (credentials) log no warning. */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/** Plain inputs (no Outputs) of a ManagedMfaPolicy, as a program or the `entra-mfa plan` command has them. */
export type PlainManagedMfaPolicyArgs = pulumi.Unwrap<ManagedMfaPolicyArgs> & { connection?: ConnectionInput };

/**
 * Reads the tenant (never writes) and plans the take-over. The managed policy is recognised by its display name
 * (or adoptPolicyId), so once it exists the preview shows what a re-run would still change. The journal of an
 * earlier take-over lives in stack state, which a preview does not have: it is read back from the tenant
 * (plan/inferred-journal.ts), so the targets moved in are not shown as removed.
 */
export async function planTakeover(args: PlainManagedMfaPolicyArgs, config: ConfigSource = programConfig): Promise<TakeoverPreview> {
  const graph = graphFor(args.connection, config);
  const checked = validateManagedMfaPolicy(args);
  const tenantId = graph.connection.tenantId;
  if (checked.failures.length)
    return { tenantId, summary: "", steps: [], takenOver: [], leftAlone: [], warnings: checked.warnings, errors: checked.failures.map((f) => f.reason), securityDefaultsEnabled: false };
  const { spec, resolved } = await resolveUserNames(graph, checked.spec);
  const snapshot = await readSnapshot(graph);
  // By name, or by the create mark when the program renames it (an apply knows it from the stack's state).
  const byName = snapshot.policies.find((p) => p.displayName === spec.displayName);
  const byMark = byName ? undefined : snapshot.policies.find((p) => createMarkOf(p.description));
  const managed = byName ?? byMark;
  const names = namesOf(resolved);
  const planned = { ...snapshot, ...(managed && !spec.adoptPolicyId ? { managedPolicyId: managed.id } : {}) };
  const inferred = inferJournal(planned, spec);
  const raw = planMfaTakeover(planned, spec, inferred);
  const plan = namedPlan({ ...raw, errors: [...raw.errors, ...(await breakGlassProblems(graph, spec, raw, planned, names))] }, names);
  const perUser = spec.takeOver.perUserMfa === "migrate" ? await previewPerUserMfa(graph, plan, snapshot.securityDefaults.isEnabled) : undefined;
  const summary = [renderPlan(plan), ...(perUser ? [renderPerUserMfa(perUser)] : [])].join("\n");
  return {
    tenantId,
    summary: nameIds(summary, names),
    steps: plan.steps.map((s) => s.description),
    takenOver: plan.takenOver,
    leftAlone: plan.leftAlone,
    warnings: [
      ...checked.warnings,
      ...(byMark && !spec.adoptPolicyId ? [renamedManagedPolicy(byMark)] : []),
      ...readMarks({ ...planned, managedPolicyId: managedPolicyIdOf(planned, spec) }, inferred).unattributed,
      ...plan.warnings,
    ],
    errors: plan.errors,
    securityDefaultsEnabled: plan.securityDefaults.isEnabled,
    ...(perUser ? { perUserMfa: { move: perUser.move, left: perUser.left, ...(perUser.heldBack ? { heldBack: perUser.heldBack } : {}), notes: perUser.notes } } : {}),
  };
}

/** A preview cannot tell which resource it is for: the one managed policy of the tenant is taken as its own. */
function renamedManagedPolicy(policy: ConditionalAccessPolicy): string {
  const owner = createMarkOf(policy.description)?.owner;
  return (
    `"${policy.displayName}" (${policy.id}) is taken as the managed policy: pulumi-entra-mfa made it${owner ? ` for ManagedMfaPolicy '${owner}'` : ""} under another ` +
    "name, so this previews renaming it. If it is another resource's, this is not what an apply would do: a tenant has one ManagedMfaPolicy."
  );
}

/** Who would move off per-user MFA once the planned policy applies (reads only; no journal in a preview). */
async function previewPerUserMfa(graph: GraphApi, plan: TakeoverPlan, securityDefaultsOn: boolean): Promise<PerUserMfaPlan> {
  const policy = { id: plan.managedPolicy.policyId ?? "", ...plan.managedPolicy.body, state: graphState(plan.managedPolicy.finalState) };
  // Quiet: `entra-mfa plan` prints the plan on stdout.
  const states = await readPerUserStates(graph, () => {});
  return planPerUserMfa({ users: states.users, policy, securityDefaultsOn, members: await readScopeMembers(graph, policy.conditions.users), journal: new Map() });
}

/**
 * A read-only function for programs: export its result as a stack output and `pulumi preview` shows the take-over
 * plan before anything is written. The result holds no credential, so it is not kept secret even when the
 * connection is.
 */
export function previewMfaTakeover(args: ManagedMfaPolicyArgs): pulumi.Output<TakeoverPreview> {
  return pulumi.unsecret(pulumi.output(args).apply((plain) => planTakeover(plain as PlainManagedMfaPolicyArgs)));
}
