import { createMarkOf, markOwner, type ConditionalAccessPolicy, type ConditionalAccessPolicyState, type ConditionalAccessPolicyWrite, type GraphApi } from "../graph";
import { validateManagedMfaPolicy, type ManagedMfaPolicyArgs, type ManagedMfaPolicySpec } from "../plan/inputs";
import { diffManagedPolicy, graphState, managedPolicyDrift, type ManagedPolicyBody } from "../plan/managed-policy";
import { comparableGrant, enforcesMfa } from "../plan/mfa-controls";
import { canonical, findById, normalizeGuid, sameId, sameValue } from "../plan/normalize";
import { readMarks } from "../plan/recovered-journal";
import { planRestore } from "../plan/restore";
import type { JournalEntry } from "../plan/steps";
import { namedPlan, namesOf } from "../plan/names";
import { planMfaTakeover } from "../plan/takeover";
import { managedPolicyIdOf, type TakeoverPlan } from "../plan/takeover-plan";
import { journalEntries, packJournal, type PerUserMfaEntries, type PerUserMfaJournal } from "../plan/per-user-journal";
import { applySteps, ApplyFailure } from "./apply";
import { afterPolicyApply, beforePolicyApply, PerUserMfaFailure, perUserMfaDrift, restorePerUserMfa, type PerUserMfaOutputs } from "./per-user-migration";
import { breakGlassProblems } from "./break-glass";
import { checkInputs, diffResult, label, validSpec, type CommonInputs, type CommonOutputs } from "./common";
import { graphFor, say, warn } from "./context";
import { PartialFailure } from "./errors";
import type { Handler } from "./handler";
import { readSnapshot, resolveUserNames } from "./tenant";
import { managedPolicyTenantFailures } from "./tenant-check";

// ---- inputs and outputs ------------------------------------------------------------------------------------------

type Inputs = ManagedMfaPolicyArgs & CommonInputs;

/** The managed policy as this resource last left it (canonical form): a refresh reports every part that differs. */
interface AppliedPolicy {
  displayName: string;
  state: ConditionalAccessPolicyState;
  conditions: unknown;
  grantControls: unknown;
}

interface Outputs extends ManagedMfaPolicySpec, CommonOutputs {
  policyId: string;
  /**
   * Every policy this resource changed and did not create, with what it was: destroy puts them back. The targets
   * each moved in stay in the managed policy on later updates (the plan unions them from here).
   */
  journal: JournalEntry[];
  /** What the policy should hold once handed over; a refresh compares the tenant with it to find drift. */
  applied: AppliedPolicy;
  /** The plan's warnings at the last create or update, for programs that export them. */
  warnings: string[];
  unmanagedMfaPolicies: { policyId: string; displayName: string }[];
  /** Parts of the policy found changed outside Pulumi by the last refresh; the next update repairs them. */
  drift: string[];
  /** Set when an apply failed part-way: the next update takes foreign policies over again. */
  takeOverPending?: boolean;
  /** Per-user MFA moved onto the managed policy (`takeOver.perUserMfa: "migrate"`): whom to put back at destroy. */
  perUserMfa?: PerUserMfaOutputs;
}

const KIND = "ManagedMfaPolicy";

// ---- validation --------------------------------------------------------------------------------------------------

const specOf = (inputs: Inputs): ManagedMfaPolicySpec => validSpec(validateManagedMfaPolicy(inputs));

function appliedOf(body: ManagedPolicyBody): AppliedPolicy {
  return { displayName: body.displayName, state: body.state, conditions: canonical(body.conditions), grantControls: comparableGrant(body.grantControls) };
}

// ---- planning and applying ---------------------------------------------------------------------------------------

interface Request {
  inputs: Inputs;
  declared: ManagedMfaPolicySpec;
  /** What to plan for; differs from `declared` when an update leaves foreign policies alone. */
  planSpec: ManagedMfaPolicySpec;
  existing?: { policyId: string; journal: JournalEntry[]; perUserMfa?: PerUserMfaJournal };
  /** A create: look in the tenant for a managed policy an earlier create made that the stack has no record of. */
  create?: boolean;
}

/**
 * Reads the tenant, plans, and applies the plan (rolled back on failure); returns the full outputs. A failure
 * whose rollback failed too is a partial failure carrying outputs for what the tenant now holds, so the next up
 * neither creates a second policy nor forgets a policy it changed.
 */
async function planAndApply(graph: GraphApi, who: string, request: Request): Promise<Outputs> {
  const { inputs, declared, planSpec } = request;
  const { spec, resolved } = await resolveUserNames(graph, planSpec);
  const read = await readSnapshot(graph, request.existing?.policyId);
  const existing = request.existing ? stillThere(request.existing, read.policies, inputs.resourceName, declared, who) : request.create && !declared.adoptPolicyId ? earlierCreate(read.policies, inputs.resourceName, declared, who) : undefined;
  const snapshot = existing ? { ...read, managedPolicyId: existing.policyId } : read;
  const journaled = existing?.journal ?? [];
  const { recovered, unattributed } = readMarks({ policies: snapshot.policies, managedPolicyId: managedPolicyIdOf(snapshot, declared) }, journaled);
  for (const e of recovered) warn(who, `"${e.displayName}" (${e.policyId}) carries the mark of a take-over this resource's journal does not hold (a run interrupted after it changed the policy): journaled again, so a destroy puts it back`);
  for (const w of unattributed) warn(who, w);
  const all = [...journaled, ...recovered];
  const names = namesOf(resolved);
  const planned = planMfaTakeover(snapshot, spec, all);
  const plan = namedPlan({ ...planned, errors: [...planned.errors, ...(await breakGlassProblems(graph, spec, planned, snapshot, names))] }, names);
  const givenBack = new Set(plan.givenBack.map(normalizeGuid));
  const earlier = all.filter((e) => !givenBack.has(normalizeGuid(e.policyId)));
  if (plan.errors.length) throw new Error(`nothing was changed: ${plan.errors.join(" ")}`);
  for (const w of plan.warnings) warn(who, w);
  for (const left of plan.leftAlone) say(who, `leaving "${left.displayName}" (${left.policyId}) as it is: ${left.reason}`);
  const outputs = (policyId: string, journal: JournalEntry[]) => outputsOf(inputs, declared, graph, plan, policyId, journal);
  const willApply = { id: plan.managedPolicy.policyId ?? "", ...plan.managedPolicy.body, state: graphState(plan.managedPolicy.finalState) };
  const perUser = await beforePolicyApply(graph, who, declared.takeOver.perUserMfa, request.existing?.perUserMfa, willApply, snapshot.securityDefaults.isEnabled);
  let done: Outputs;
  try {
    const applied = await applySteps(graph, plan.steps, who, snapshot.policies.map((p) => p.id), inputs.resourceName);
    const policyId = applied.createdPolicyId ?? plan.managedPolicy.policyId;
    if (!policyId) throw new Error("the plan neither created nor found the managed policy");
    if (plan.securityDefaults.handoverRequired)
      say(who, `the policy is report-only while Security Defaults is on: a SecurityDefaultsOff with handoverPolicyIds [${policyId}] turns it on`);
    done = outputs(policyId, [...earlier, ...plan.journal]);
  } catch (error) {
    if (!(error instanceof ApplyFailure) || error.rolledBack) throw error;
    const kept = error.stillApplied;
    const policyId = kept.some((s) => s.kind === "createPolicy") ? error.applied.createdPolicyId : plan.managedPolicy.policyId;
    if (!policyId) throw error;
    const held = new Set(kept.flatMap((s) => (s.kind === "updatePolicy" ? [normalizeGuid(s.policyId)] : [])));
    // An entry given back stays in the journal unless its restore held; an adoption always stays (the policy is not
    // ours to delete, whatever else held).
    const stillOurs = all.filter((e) => !givenBack.has(normalizeGuid(e.policyId)) || !held.has(normalizeGuid(e.policyId)));
    const outs = { ...outputs(policyId, [...stillOurs, ...plan.journal.filter((e) => e.action === "adopt" || held.has(normalizeGuid(e.policyId)))]), takeOverPending: true, perUserMfa: unfinished(perUser.journal) };
    throw new PartialFailure(error.message, policyId, outs as unknown as Record<string, unknown>);
  }
  try {
    return { ...done, perUserMfa: await afterPolicyApply(graph, who, done.policyId, perUser) };
  } catch (error) {
    // The policy holds; only per-user MFA is unfinished. Everyone journaled stays journaled (a restore skips those
    // already in their state), so destroy can still put back whoever this run switched off.
    const perUserMfa = error instanceof PerUserMfaFailure ? error.outputs : unfinished(perUser.journal);
    const message = error instanceof Error ? error.message : String(error);
    throw new PartialFailure(`the managed policy is in place, but moving users off per-user MFA did not finish: ${message}`, done.policyId, { ...done, perUserMfa } as unknown as Record<string, unknown>);
  }
}

const unfinished = (journal: PerUserMfaEntries): PerUserMfaOutputs => ({ journal: packJournal(journal), notCovered: 0, pending: "the last run failed part-way" });

function outputsOf(inputs: Inputs, declared: ManagedMfaPolicySpec, graph: GraphApi, plan: TakeoverPlan, policyId: string, journal: JournalEntry[]): Outputs {
  const { resourceName, connection } = inputs;
  // What the policy should look like by the end of this update: the hand-over (SecurityDefaultsOff) enables it.
  const applied = appliedOf({ ...plan.managedPolicy.body, state: graphState(plan.managedPolicy.finalState) });
  return {
    ...declared,
    resourceName,
    connection,
    tenantId: graph.connection.tenantId,
    policyId,
    journal,
    applied,
    warnings: [...plan.warnings, ...plan.leftAlone.map((l) => `"${l.displayName}" left as it is: ${l.reason}`)],
    unmanagedMfaPolicies: [],
    drift: [],
  };
}


/**
 * Report-only where enabled was planned, while Security Defaults is still on: the hand-over has not happened yet,
 * and no update could enable the policy before it does (Graph refuses), so this is not drift.
 */
async function awaitsHandover(graph: GraphApi, policy: ConditionalAccessPolicy, applied: AppliedPolicy): Promise<boolean> {
  if (policy.state !== graphState("reportOnly") || applied.state !== graphState("enabled")) return false;
  return (await graph.securityDefaults.get()).isEnabled;
}

/**
 * The managed policy an earlier run of this resource made, when the stack does not know of it (its state was
 * lost, or the process died before the engine saved the create): managed from here on, never duplicated. A policy
 * this library made for another resource means a second ManagedMfaPolicy for one tenant, which is refused.
 */
function earlierCreate(policies: readonly ConditionalAccessPolicy[], resourceName: string | undefined, declared: ManagedMfaPolicySpec, who: string): Request["existing"] {
  const { mine, other } = createdByThisLibrary(policies, resourceName, declared);
  if (other)
    throw new Error(
      `nothing was changed: this tenant already has a managed MFA policy made by pulumi-entra-mfa, "${other.policy.displayName}" (${other.policy.id})` +
        `${other.owner ? ` for ManagedMfaPolicy '${other.owner}'` : ""}. A tenant has one ManagedMfaPolicy: declare only one per tenant, ` +
        "take that policy under management with adoptPolicyId, or delete it if it is left over from a stack that no longer exists.",
    );
  if (!mine) return undefined;
  warn(
    who,
    `the tenant holds the managed policy "${mine.displayName}" (${mine.id}) that an earlier run of this resource made, but the stack has no record of it ` +
      "(state lost, or a run interrupted): managing it instead of creating a second one. Policies that run took over are journaled again from the marks it left in their descriptions.",
  );
  return { policyId: mine.id, journal: [] };
}

/** The policies this library created (create mark): the first of this resource's, and the first of another's. */
function createdByThisLibrary(policies: readonly ConditionalAccessPolicy[], resourceName: string | undefined, declared: ManagedMfaPolicySpec) {
  const owner = resourceName ? markOwner(resourceName) : undefined;
  const made = policies.flatMap((policy) => {
    const mark = createMarkOf(policy.description);
    return mark ? [{ policy, owner: mark.owner }] : [];
  });
  // A mark of an earlier version names no resource: the display name decides.
  const isMine = (m: (typeof made)[number]) => (m.owner ? m.owner === owner : m.policy.displayName === declared.displayName);
  return { mine: made.find(isMine)?.policy, other: made.find((m) => !isMine(m)) };
}

/**
 * The managed policy the stack knows, or, when it is gone from the tenant, the one an interrupted run of this
 * resource made again in its place (an update that created it anew and died before the engine saved it). Another
 * resource's policy is no reason to refuse here: without one of this resource's, the plan creates the policy again.
 */
function stillThere(known: NonNullable<Request["existing"]>, policies: readonly ConditionalAccessPolicy[], resourceName: string | undefined, declared: ManagedMfaPolicySpec, who: string): NonNullable<Request["existing"]> {
  if (findById(policies, known.policyId)) return known;
  const { mine } = createdByThisLibrary(policies, resourceName, declared);
  if (!mine) return known;
  warn(
    who,
    `the managed policy ${known.policyId} is gone from the tenant, and "${mine.displayName}" (${mine.id}), which an interrupted run of this resource made in its place, ` +
      "is there: managing that one instead of creating another.",
  );
  return { ...known, policyId: mine.id };
}

// ---- the provider's methods --------------------------------------------------------------------------------------

export const managedMfaPolicyHandler: Handler<Inputs, Outputs> = {
  async check(_olds, news) {
    const checked = validateManagedMfaPolicy(news);
    for (const w of checked.warnings) warn(label(KIND, news), w);
    return checkInputs(KIND, news, checked, managedPolicyTenantFailures);
  },

  async diff(_id, olds, news) {
    const checked = validateManagedMfaPolicy(news);
    const diff = diffResult(diffManagedPolicy(validateManagedMfaPolicy(olds).spec, checked.spec, checked.unknowns), olds, news);
    const perUserPending = checked.spec.takeOver.perUserMfa === "migrate" && !!olds.perUserMfa?.pending;
    return olds.takeOverPending || perUserPending ? { ...diff, changes: true } : diff;
  },

  async create(inputs) {
    const declared = specOf(inputs);
    const outs = await planAndApply(graphFor(inputs.connection), label(KIND, inputs), { inputs, declared, planSpec: declared, create: true });
    return { id: outs.policyId, outs };
  },

  async read(id, props) {
    const who = label(KIND, props);
    const graph = graphFor(props.connection);
    const policyId = props.policyId ?? id;
    // One list serves both the managed policy and the others: Conditional Access allows ~1 request a second.
    const policies = await graph.conditionalAccess.list();
    const policy = findById(policies, policyId);
    if (!policy) {
      if (props.journal?.length)
        warn(
          who,
          `the managed policy ${policyId} was deleted outside Pulumi, so it leaves the stack. Policies whose MFA it had taken over may now ` +
            `require no MFA; this is what they were before (restore them by hand: a new managed policy covers only its declared targets): ${JSON.stringify(props.journal)}`,
        );
      return { id: "" };
    }
    const unmanagedMfaPolicies = policies
      .filter((p) => p !== policy && enforcesMfa(p))
      .map((p) => ({ policyId: p.id, displayName: p.displayName }));
    for (const p of unmanagedMfaPolicies)
      warn(who, `"${p.displayName}" (${p.policyId}) requires MFA outside the managed policy, so MFA reporting that relies on the managed policy is incomplete`);
    let drift = managedPolicyDrift(policy, props.applied as ConditionalAccessPolicyWrite);
    if (drift.includes("state") && (await awaitsHandover(graph, policy, props.applied))) {
      say(who, "the policy is report-only until Security Defaults is handed over to it (a SecurityDefaultsOff resource does that)");
      drift = drift.filter((d) => d !== "state");
    }
    if (validateManagedMfaPolicy(props).spec.takeOver.perUserMfa === "migrate" && (await perUserMfaDrift(graph, who, policy, props.perUserMfa?.journal))) drift = [...drift, "perUserMfa"];
    return { id, props: { ...props, drift, unmanagedMfaPolicies } };
  },

  async update(_id, olds, news) {
    const who = label(KIND, news);
    const declared = specOf(news);
    // The take-over happens on first apply; later updates change only the managed policy, unless takeOver changed.
    const caTakeOver = ({ securityDefaults, mfaPolicies }: ManagedMfaPolicySpec["takeOver"]) => ({ securityDefaults, mfaPolicies });
    const takeOverChanged = !sameValue(caTakeOver(validateManagedMfaPolicy(olds).spec.takeOver), caTakeOver(declared.takeOver));
    const planSpec = takeOverChanged || olds.takeOverPending ? declared : { ...declared, takeOver: { ...declared.takeOver, mfaPolicies: "leave" as const } };
    const existing = { policyId: olds.policyId, journal: olds.journal, perUserMfa: olds.perUserMfa?.journal };
    return { outs: await planAndApply(graphFor(news.connection), who, { inputs: news, declared, planSpec, existing }) };
  },

  async delete(_id, props) {
    const who = label(KIND, props);
    const graph = graphFor(props.connection);
    // An adopted policy that needed no change has no journal entry: adoptPolicyId says it was not created here.
    const adopted =
      (props.adoptPolicyId !== undefined && sameId(props.adoptPolicyId, props.policyId)) ||
      props.journal.some((e) => e.action === "adopt" && sameId(e.policyId, props.policyId));
    // Per-user MFA first: those users get it back while the managed policy still covers them.
    await restorePerUserMfa(graph, who, journalEntries(props.perUserMfa?.journal));
    if (props.restoreOnDestroy) {
      // Foreign policies get their MFA back before the managed policy goes, so nobody is without MFA in between:
      // the journaled ones, and any a killed update took over without living to journal it (its mark says so).
      const policies = await graph.conditionalAccess.list();
      const marks = readMarks({ policies, managedPolicyId: props.policyId }, props.journal);
      for (const w of marks.unattributed) warn(who, w);
      const journal = [...props.journal, ...marks.recovered];
      // Read only when it matters: whether a policy that is to be enabled again can be.
      const enables = journal.some((e) => e.previous.state === "enabled");
      const securityDefaultsOn = enables && (await graph.securityDefaults.get()).isEnabled;
      const restore = planRestore(journal, policies, securityDefaultsOn);
      for (const w of restore.warnings) warn(who, w);
      for (const step of restore.steps) {
        say(who, step.description);
        await graph.conditionalAccess.update(step.policyId, step.patch);
      }
    }
    if (adopted) return say(who, `the managed policy ${props.policyId} was adopted, not created: it stays in the tenant`);
    say(who, `deleting the managed policy ${props.policyId}`);
    await graph.conditionalAccess.delete(props.policyId);
  },
};
