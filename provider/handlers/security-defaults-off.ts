import { handoverMarkOf, withHandoverMark, withoutHandoverMark, type ConditionalAccessPolicy, type ConditionalAccessPolicyState, type GraphApi } from "../graph";
import { checkSecurityDefaultsHandover, exclusionProblems, handoverChangesSince, type HandoverExclusions } from "../plan/handover";
import { validateSecurityDefaultsOff, type SecurityDefaultsOffArgs, type SecurityDefaultsOffSpec } from "../plan/inputs";
import { findById, normalizeGuid, normalizeIdSet } from "../plan/normalize";
import { backoffMs, sleep } from "../graph/retry";
import { label, specCheckAndDiff, validSpec, type CommonInputs, type CommonOutputs } from "./common";
import { exclusionReader, resolveUpns } from "./tenant";
import { securityDefaultsOffTenantFailures } from "./tenant-check";
import { graphFor, say, warn } from "./context";
import { mayHaveLanded, PartialFailure } from "./errors";
import type { Handler } from "./handler";

// ---- inputs and outputs ------------------------------------------------------------------------------------------

type Inputs = SecurityDefaultsOffArgs & CommonInputs;

interface HandoverEntry {
  policyId: string;
  displayName: string;
  previousState: ConditionalAccessPolicyState;
}

interface Outputs extends SecurityDefaultsOffSpec, CommonOutputs {
  /** Security Defaults when this resource was created: what destroy puts back. */
  wasEnabled: boolean;
  /** Security Defaults as last read. */
  isEnabled: boolean;
  /** The hand-over policies this resource enabled, with their state before. */
  handoverJournal: HandoverEntry[];
  /**
   * Set by a refresh: `isEnabled` when Security Defaults is on again (the next update turns it off through the same
   * safe path), `handover:<id>` for a hand-over policy no longer enabled while Security Defaults is off (the next
   * update enables it again).
   */
  drift: string[];
}

const KIND = "SecurityDefaultsOff";
const SECURITY_DEFAULTS_PATH = "/policies/identitySecurityDefaultsEnforcementPolicy";
const idOf = (tenantId: string) => `${tenantId}/identitySecurityDefaultsEnforcementPolicy`;

// ---- validation --------------------------------------------------------------------------------------------------

const specOf = (inputs: Inputs): SecurityDefaultsOffSpec => validSpec(validateSecurityDefaultsOff(inputs));

function outputsOf(inputs: Inputs, spec: SecurityDefaultsOffSpec, graph: GraphApi, state: Omit<Outputs, keyof SecurityDefaultsOffSpec | keyof CommonOutputs | "drift">): Outputs {
  const { resourceName, connection } = inputs;
  return { ...spec, resourceName, connection, tenantId: graph.connection.tenantId, ...state, drift: state.isEnabled ? ["isEnabled"] : [] };
}

// ---- the cut-over ------------------------------------------------------------------------------------------------

/**
 * Turns Security Defaults off and the hand-over policies on, with at most one Graph round trip in between (the
 * first hand-over PATCH). If anything after the disable fails, Security Defaults goes back on first, then the
 * policies go back to what they were.
 */
async function cutOver(graph: GraphApi, spec: SecurityDefaultsOffSpec, who: string): Promise<HandoverEntry[]> {
  const policies = await graph.conditionalAccess.list();
  const problems = await handoverProblems(graph, policies, spec);
  if (problems.length) {
    if (!spec.allowUnprotected)
      throw new Error(
        `Security Defaults was left on, because turning it off now would leave users without MFA: ${problems.join(" ")} ` +
          "Fix the hand-over policies (or name the right ones in handoverPolicyIds), or set allowUnprotected: true to accept the risk.",
      );
    warn(who, `allowUnprotected is set, so Security Defaults goes off although: ${problems.join(" ")}`);
  }
  const handover = handoverPolicies(policies, spec.handoverPolicyIds);
  const toEnable = handover.filter((p) => p.state !== "enabled");
  const journal = toEnable.map(entryOf);

  // The hand-over PATCH is paced like every Conditional Access request. Waiting out the pace now, while Security
  // Defaults still protects everyone, lets it follow the Security Defaults PATCH at once instead of a second later.
  if (toEnable.length) await graph.conditionalAccess.untilFree();
  say(who, `turning Security Defaults off and enabling ${toEnable.length} hand-over polic${toEnable.length === 1 ? "y" : "ies"}`);
  // Every write is inside the try: a PATCH whose answer was lost may still have landed, so a failure anywhere,
  // the Security Defaults PATCH included, is rolled back, and a policy counts as touched from the moment it is sent.
  const touched: HandoverEntry[] = [];
  try {
    await disableSecurityDefaults(graph);
    await enableAndVerify(graph, toEnable, handover, touched, who, spec.allowUnprotected ? undefined : policies);
  } catch (error) {
    // Refused outright (a 403 on the Security Defaults PATCH): nothing changed, so there is nothing to roll back.
    if (touched.length === 0 && !mayHaveLanded(error) && (await stillOn(graph))) throw error;
    throw await rollBack(graph, touched, error, who, descriptionsOf(policies));
  }
  return journal;
}

/**
 * Everything that stands in the way of handing over to these policies: how each is written, and whom it leaves out
 * beyond the declared break-glass accounts (read from the tenant: excluded users, and members of excluded groups).
 */
async function handoverProblems(graph: GraphApi, policies: readonly ConditionalAccessPolicy[], spec: SecurityDefaultsOffSpec): Promise<string[]> {
  const written = checkSecurityDefaultsHandover(policies, spec.handoverPolicyIds);
  const exclusions = await readExclusions(graph, handoverPolicies(policies, spec.handoverPolicyIds));
  if (!exclusions.some((e) => e.users.size)) return written;
  const breakGlass = await resolveBreakGlass(graph, spec.breakGlassAccounts);
  const undeclared = normalizeIdSet(exclusions.flatMap((e) => [...e.users.keys()].filter((id) => !breakGlass.has(id)))).slice(0, 20);
  const names = await userNames(graph, undeclared);
  return [...written, ...exclusionProblems(exclusions, breakGlass, (id) => names.get(id) ?? id)];
}

async function readExclusions(graph: GraphApi, handover: readonly ConditionalAccessPolicy[]): Promise<HandoverExclusions[]> {
  const read = exclusionReader(graph);
  return Promise.all(handover.map(async (policy) => ({ policy, users: await read(policy.conditions?.users) })));
}

/** The declared break-glass accounts as object ids. */
async function resolveBreakGlass(graph: GraphApi, accounts: readonly string[]): Promise<Set<string>> {
  const resolved = await resolveUpns(graph, accounts, "breakGlassAccounts");
  return new Set(accounts.map((a) => resolved[a.toLowerCase()] ?? normalizeGuid(a)));
}

/** User principal names for a message; a user whose name cannot be read is shown by id. */
async function userNames(graph: GraphApi, userIds: readonly string[]): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const results = await graph.users.getMany(userIds, ["id", "userPrincipalName"]);
  return new Map(results.flatMap((r, i) => (r.body?.userPrincipalName ? [[userIds[i]!, r.body.userPrincipalName] as [string, string]] : [])));
}

function handoverPolicies(policies: readonly ConditionalAccessPolicy[], handoverPolicyIds: readonly string[]): ConditionalAccessPolicy[] {
  return handoverPolicyIds.map((id) => findById(policies, id)).filter((p) => p !== undefined);
}

const entryOf = (policy: ConditionalAccessPolicy): HandoverEntry => ({ policyId: policy.id, displayName: policy.displayName, previousState: policy.state });

/**
 * The description carries the state the policy had, in the same PATCH that enables it: if the process is killed
 * before the engine saves this resource's outputs, the next create still finds out that it was this resource that
 * switched Security Defaults off, and what to put back.
 */
async function enableHandover(graph: GraphApi, policy: ConditionalAccessPolicy, who: string): Promise<void> {
  say(who, `enabling hand-over policy "${policy.displayName}" (${policy.id})`);
  await graph.conditionalAccess.update(policy.id, { state: "enabled", description: withHandoverMark(policy.description, policy.state) });
}

/**
 * Enables `toEnable` and reads back that every hand-over policy is enabled and Security Defaults off, and, given the
 * policies as they were `checked`, that none was narrowed since (an administrator's edit between the check and the
 * write must roll the cut-over back). A policy counts as `touched` from the moment its PATCH is sent: one whose
 * answer was lost may still have landed.
 */
async function enableAndVerify(
  graph: GraphApi,
  toEnable: readonly ConditionalAccessPolicy[],
  handover: readonly ConditionalAccessPolicy[],
  touched: HandoverEntry[],
  who: string,
  checked: readonly ConditionalAccessPolicy[] | undefined,
): Promise<void> {
  for (const policy of toEnable) {
    touched.push(entryOf(policy));
    await enableHandover(graph, policy, who);
  }
  say(who, "verifying that Security Defaults reads as off and every hand-over policy as enabled and as it was checked");
  await verifyCutOver(graph, handover.map((p) => p.id), checked);
}

/** Puts a hand-over policy back to the state it had before the cut-over, and its description without the mark. */
async function restoreHandover(graph: GraphApi, entry: HandoverEntry, description: string | null | undefined): Promise<void> {
  await graph.conditionalAccess.update(entry.policyId, { state: entry.previousState, description: withoutHandoverMark(description) });
}

/**
 * Create found Security Defaults off. Either it was off before this stack, or a run of this resource was killed
 * after turning it off and before the engine saved the outcome. The hand-over marks and the hand-over policies'
 * states tell which: a marked policy was enabled by such a run; a hand-over policy not enabled while Security
 * Defaults is off means the run died mid-way, and the tenant is without enforced MFA until the hand-over is
 * finished. Returns the journal of a resumed cut-over, or undefined when Security Defaults was off before.
 */
async function resumeCutOver(graph: GraphApi, spec: SecurityDefaultsOffSpec, who: string): Promise<HandoverEntry[] | undefined> {
  const policies = await graph.conditionalAccess.list();
  const handover = handoverPolicies(policies, spec.handoverPolicyIds);
  const marked = handover.flatMap((p) => {
    const previousState = handoverMarkOf(p.description);
    return previousState ? [{ ...entryOf(p), previousState }] : [];
  });
  const lapsed = handover.filter((p) => p.state !== "enabled");
  if (!marked.length && !lapsed.length) return undefined;
  if (!lapsed.length) {
    say(who, "Security Defaults was turned off by an earlier run of this resource whose outcome was not saved; taking up its record");
    return marked;
  }
  warn(
    who,
    `Security Defaults is off while the hand-over polic${lapsed.length === 1 ? "y" : "ies"} ${lapsed.map((p) => `"${p.displayName}" (${p.id})`).join(", ")} ` +
      "enforce nothing: an earlier run was interrupted mid-way (or Security Defaults was turned off by hand). Finishing the hand-over; destroy turns Security Defaults back on.",
  );
  const problems = await handoverProblems(graph, policies, spec);
  if (problems.length && !spec.allowUnprotected) {
    say(who, "the hand-over policies would not protect everyone: turning Security Defaults back on instead");
    await graph.securityDefaults.setEnabled(true);
    throw new Error(
      `Security Defaults was off with nothing enforcing MFA in its place, and the hand-over policies would not protect everyone: ${problems.join(" ")} ` +
        "Security Defaults is on again. Fix the hand-over policies (or name the right ones in handoverPolicyIds) and run the update again.",
    );
  }
  const touched: HandoverEntry[] = [];
  try {
    await enableAndVerify(graph, lapsed, handover, touched, who, spec.allowUnprotected ? undefined : policies);
  } catch (error) {
    throw await rollBack(graph, touched, error, who, descriptionsOf(policies));
  }
  return [...marked, ...touched];
}

const descriptionsOf = (policies: readonly ConditionalAccessPolicy[]) => new Map(policies.map((p) => [normalizeGuid(p.id), p.description]));

/** Hand-over policies that exist but no longer enforce; a missing one cannot be brought back here (only warned of). */
async function lapsedHandovers(graph: GraphApi, handoverPolicyIds: readonly string[]): Promise<ConditionalAccessPolicy[]> {
  if (!handoverPolicyIds.length) return [];
  const wanted = new Set(handoverPolicyIds.map(normalizeGuid));
  return (await graph.conditionalAccess.list()).filter((p) => wanted.has(normalizeGuid(p.id)) && p.state !== "enabled");
}

async function stillOn(graph: GraphApi): Promise<boolean> {
  return graph.securityDefaults.get().then(
    (sd) => sd.isEnabled,
    () => false,
  );
}

/**
 * The one PATCH that leaves the tenant without MFA until the first hand-over policy is on, so it is never re-sent
 * blindly: after an unclear answer a read tells whether it landed, and it is sent again only while Security Defaults
 * still reads as on (the tenant protected meanwhile).
 */
async function disableSecurityDefaults(graph: GraphApi): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return void (await graph.http.request("PATCH", SECURITY_DEFAULTS_PATH, { body: { isEnabled: false }, idempotent: false }));
    } catch (error) {
      if (!mayHaveLanded(error) || attempt >= graph.http.retry.maxAttempts) throw error;
      if (!(await graph.securityDefaults.get()).isEnabled) return;
      await sleep(backoffMs(attempt, graph.http.retry));
    }
  }
}

/** One read of Security Defaults and one of the policies, however many hand-over policies there are. */
async function verifyCutOver(graph: GraphApi, policyIds: string[], checked: readonly ConditionalAccessPolicy[] | undefined): Promise<void> {
  if ((await graph.securityDefaults.get()).isEnabled) throw new Error("Security Defaults still reads as enabled after it was turned off.");
  if (!policyIds.length) return;
  const policies = await graph.conditionalAccess.list();
  for (const id of policyIds) {
    const policy = findById(policies, id);
    if (policy?.state !== "enabled") throw new Error(`Hand-over policy ${id} reads as ${policy?.state ?? "missing"} after it was enabled.`);
  }
  const changes = checked ? handoverChangesSince(checked, policies, policyIds) : [];
  if (changes.length) throw new Error(`A hand-over policy was changed during the cut-over, so it no longer protects everyone it was checked to: ${changes.join(" ")}`);
}

/** A cut-over that failed and could not be wholly undone: the tenant still holds `stillEnabled`. */
class CutOverLeftovers extends Error {
  constructor(
    message: string,
    readonly stillEnabled: HandoverEntry[],
    readonly securityDefaultsOn: boolean,
  ) {
    super(message);
  }
}

/** Rounds a rollback keeps at turning Security Defaults back on (each a full request with its own retries, then a read). */
const ROLLBACK_ROUNDS = 3;

/**
 * Security Defaults goes back on first, tried for a few rounds (a read after each failure tells whether it landed
 * anyway). Only once it is on do the hand-over policies go back to what they were: if it cannot be turned on, they
 * are what protects the tenant, so they stay enabled. Every message says what the tenant reads as afterwards, never
 * what was merely attempted.
 */
async function rollBack(graph: GraphApi, touched: HandoverEntry[], cause: unknown, who: string, descriptions: Map<string, string | null | undefined>): Promise<Error> {
  const reason = messageOf(cause);
  say(who, "rolling back the cut-over: turning Security Defaults back on");
  const refused = await persistently(graph, who, () => graph.securityDefaults.setEnabled(true), stillOn);
  if (refused) {
    const now = await tenantNow(graph, touched);
    return new CutOverLeftovers(
      `The cut-over failed (${reason}) and turning Security Defaults back on failed too, ${ROLLBACK_ROUNDS} times (${messageOf(refused)}). ` +
        `The tenant now reads: ${now.text}. The hand-over policies were not touched again, so those enabled keep requiring MFA. ` +
        "Check the tenant and run the update again: it finishes the hand-over, or turns Security Defaults back on.",
      now.enabled ?? touched,
      now.securityDefaultsOn ?? false,
    );
  }
  const failures: string[] = [];
  for (const entry of [...touched].reverse()) {
    say(who, `rolling back: putting "${entry.displayName}" back to ${entry.previousState}`);
    try {
      await restoreHandover(graph, entry, descriptions.get(normalizeGuid(entry.policyId)));
    } catch (e) {
      failures.push(`putting "${entry.displayName}" (${entry.policyId}) back to ${entry.previousState}: ${messageOf(e)}`);
    }
  }
  const now = await tenantNow(graph, touched);
  return failures.length || now.enabled?.length || now.securityDefaultsOn === false
    ? new CutOverLeftovers(
        `The cut-over failed (${reason}) and was rolled back only in part${failures.length ? ` (${failures.join("; ")})` : ""}. The tenant now reads: ${now.text}.`,
        now.enabled ?? touched,
        now.securityDefaultsOn ?? true,
      )
    : new Error(`The cut-over failed and was rolled back; the tenant now reads: ${now.text}. The failure: ${reason}`);
}

/** Tries `write` up to ROLLBACK_ROUNDS times, each failure followed by a read of whether it `holds` anyway. */
async function persistently(graph: GraphApi, who: string, write: () => Promise<unknown>, holds: (graph: GraphApi) => Promise<boolean>): Promise<unknown> {
  let last: unknown;
  for (let round = 1; round <= ROLLBACK_ROUNDS; round++) {
    try {
      await write();
      return undefined;
    } catch (e) {
      last = e;
    }
    if (await holds(graph).catch(() => false)) return undefined;
    if (round < ROLLBACK_ROUNDS) {
      say(who, `rolling back: turning Security Defaults on failed (${messageOf(last)}); trying again`);
      await sleep(backoffMs(round, graph.http.retry));
    }
  }
  return last;
}

interface TenantNow {
  text: string;
  /** Undefined when it could not be read. */
  securityDefaultsOn?: boolean;
  enabled?: HandoverEntry[];
}

/** What the tenant holds after a rollback, read back: Security Defaults and each policy the cut-over touched. */
async function tenantNow(graph: GraphApi, touched: readonly HandoverEntry[]): Promise<TenantNow> {
  try {
    const { isEnabled } = await graph.securityDefaults.get();
    const policies = touched.length ? await graph.conditionalAccess.list() : [];
    const states = touched.map((t) => ({ entry: t, state: findById(policies, t.policyId)?.state }));
    const text = [
      `Security Defaults ${isEnabled ? "on" : "OFF"}`,
      ...states.map(({ entry, state }) => `"${entry.displayName}" (${entry.policyId}) ${state ?? "missing"}`),
    ].join(", ");
    return { text, securityDefaultsOn: isEnabled, enabled: states.filter((s) => s.state === "enabled").map((s) => s.entry) };
  } catch (e) {
    return { text: `unknown: reading it back failed too (${messageOf(e)})` };
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The cut-over, for create and update: when it cannot be wholly undone, a partial failure records what the tenant
 * now holds (`record`), so destroy can put it back and the next up can finish it.
 */
async function recordedCutOver(
  graph: GraphApi,
  spec: SecurityDefaultsOffSpec,
  who: string,
  id: string,
  record: (journal: HandoverEntry[], isEnabled: boolean) => Outputs,
): Promise<HandoverEntry[]> {
  try {
    return await cutOver(graph, spec, who);
  } catch (error) {
    if (!(error instanceof CutOverLeftovers)) throw error;
    throw new PartialFailure(error.message, id, record(error.stillEnabled, error.securityDefaultsOn) as unknown as Record<string, unknown>);
  }
}

/** The earliest record wins: destroy puts back what the tenant had before this resource first touched a policy. */
function mergeJournal(earlier: HandoverEntry[], later: HandoverEntry[]): HandoverEntry[] {
  return [...earlier, ...later.filter((e) => !earlier.some((o) => normalizeGuid(o.policyId) === normalizeGuid(e.policyId)))];
}

// ---- the provider's methods --------------------------------------------------------------------------------------

export const securityDefaultsOffHandler: Handler<Inputs, Outputs> = {
  ...specCheckAndDiff<Inputs, Outputs, SecurityDefaultsOffSpec>(KIND, validateSecurityDefaultsOff, securityDefaultsOffTenantFailures),

  async create(inputs) {
    const who = label(KIND, inputs);
    const spec = specOf(inputs);
    const graph = graphFor(inputs.connection);
    const id = idOf(graph.connection.tenantId);
    const { isEnabled } = await graph.securityDefaults.get();
    if (!isEnabled) {
      const resumed = await resumeCutOver(graph, spec, who);
      if (resumed) return { id, outs: outputsOf(inputs, spec, graph, { wasEnabled: true, isEnabled: false, handoverJournal: resumed }) };
      say(who, "Security Defaults is already off; nothing to change");
      return { id, outs: outputsOf(inputs, spec, graph, { wasEnabled: false, isEnabled: false, handoverJournal: [] }) };
    }
    const record = (handoverJournal: HandoverEntry[], on: boolean) => outputsOf(inputs, spec, graph, { wasEnabled: true, isEnabled: on, handoverJournal });
    return { id, outs: record(await recordedCutOver(graph, spec, who, id, record), false) };
  },

  async read(id, props) {
    const graph = graphFor(props.connection);
    const { isEnabled } = await graph.securityDefaults.get();
    const lapsed = !isEnabled && props.wasEnabled ? await lapsedHandovers(graph, props.handoverPolicyIds) : [];
    const drift = [...(isEnabled ? ["isEnabled"] : []), ...lapsed.map((p) => `handover:${p.id}`)];
    return { id, props: { ...props, isEnabled, drift } };
  },

  async update(id, olds, news) {
    const who = label(KIND, news);
    const spec = specOf(news);
    const graph = graphFor(news.connection);
    const { isEnabled } = await graph.securityDefaults.get();
    let handoverJournal = olds.handoverJournal;
    if (isEnabled) {
      say(who, "Security Defaults is on again; turning it off through the hand-over");
      const record = (journal: HandoverEntry[], on: boolean) =>
        outputsOf(news, spec, graph, { wasEnabled: olds.wasEnabled, isEnabled: on, handoverJournal: mergeJournal(olds.handoverJournal, journal) });
      handoverJournal = mergeJournal(olds.handoverJournal, await recordedCutOver(graph, spec, who, id, record));
    } else if (olds.wasEnabled) {
      // Security Defaults is off because of this resource: the policies it handed over to must keep enforcing. One
      // named by this update for the first time is journaled like those of the cut-over, so destroy puts it back.
      const lapsed = await lapsedHandovers(graph, spec.handoverPolicyIds);
      for (const policy of lapsed) {
        say(who, `hand-over policy "${policy.displayName}" (${policy.id}) is ${policy.state} while Security Defaults is off; enabling it again`);
        await enableHandover(graph, policy, who);
      }
      handoverJournal = mergeJournal(olds.handoverJournal, lapsed.map(entryOf));
    }
    return { outs: outputsOf(news, spec, graph, { wasEnabled: olds.wasEnabled, isEnabled: false, handoverJournal }) };
  },

  async delete(_id, props) {
    const who = label(KIND, props);
    if (!props.wasEnabled) return say(who, "Security Defaults was off before this resource; leaving it off");
    if (!props.restoreOnDestroy) return say(who, "restoreOnDestroy is false; leaving Security Defaults off");
    const graph = graphFor(props.connection);
    // Security Defaults first, so there is no moment without MFA; then the hand-over policies as they were found.
    say(who, "turning Security Defaults back on");
    await graph.securityDefaults.setEnabled(true);
    const policies = props.handoverJournal.length ? await graph.conditionalAccess.list() : [];
    for (const entry of props.handoverJournal) {
      const policy = findById(policies, entry.policyId);
      if (!policy) {
        warn(who, `hand-over policy "${entry.displayName}" (${entry.policyId}) no longer exists; it was ${entry.previousState} before the cut-over`);
        continue;
      }
      if (policy.state !== "enabled") {
        warn(who, `"${entry.displayName}" is ${policy.state} now, not as this resource left it; leaving it as it is`);
        continue;
      }
      await restoreHandover(graph, entry, policy.description);
    }
  },
};
