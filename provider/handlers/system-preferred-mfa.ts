import type { GraphApi, SystemCredentialPreferences } from "../graph";
import { validateSystemPreferredMfa, type SystemPreferredMfaArgs, type SystemPreferredMfaSpec, type SystemPreferredTarget } from "../plan/inputs";
import { sameValue } from "../plan/normalize";
import { systemPreferredPatch } from "../plan/system-preferred";
import { label, specCheckAndDiff, validSpec, type CommonInputs, type CommonOutputs } from "./common";
import { graphFor, say } from "./context";
import { mayHaveLanded, PartialFailure } from "./errors";
import type { Handler } from "./handler";
import { systemPreferredTenantFailures } from "./tenant-check";

// ---- inputs and outputs ------------------------------------------------------------------------------------------

type Inputs = SystemPreferredMfaArgs & CommonInputs;

interface Outputs extends CommonOutputs {
  state: SystemPreferredMfaSpec["state"];
  includeTarget: SystemPreferredTarget;
  excludeTarget?: SystemPreferredTarget;
  restoreOnDestroy: boolean;
  /** systemCredentialPreferences as found at create: what destroy puts back. */
  previous: SystemCredentialPreferences;
}

const KIND = "SystemPreferredMfa";
const idOf = (tenantId: string) => `${tenantId}/authenticationMethodsPolicy/systemCredentialPreferences`;

// ---- validation --------------------------------------------------------------------------------------------------

const specOf = (inputs: Inputs): SystemPreferredMfaSpec => validSpec(validateSystemPreferredMfa(inputs));

// ---- Graph -------------------------------------------------------------------------------------------------------

async function current(graph: GraphApi): Promise<SystemCredentialPreferences> {
  const policy = await graph.authenticationMethodsPolicy.getBeta();
  if (!policy.systemCredentialPreferences)
    throw new Error("the tenant's authenticationMethodsPolicy (beta) has no systemCredentialPreferences, so system-preferred MFA cannot be managed there.");
  return policy.systemCredentialPreferences;
}

/** PATCHes only when the tenant (as `found`, or read now) differs from the spec. */
async function converge(graph: GraphApi, spec: SystemPreferredMfaSpec, who: string, found?: SystemCredentialPreferences): Promise<void> {
  const patch = systemPreferredPatch(found ?? (await current(graph)), spec);
  if (!patch) return;
  say(who, `setting system-preferred MFA to ${spec.state} for ${spec.includeTarget.targetType} ${spec.includeTarget.id}`);
  await graph.authenticationMethodsPolicy.patchSystemCredentialPreferences(patch);
}

function outputsOf(inputs: Inputs, spec: SystemPreferredMfaSpec, tenantId: string, previous: SystemCredentialPreferences): Outputs {
  const { resourceName, connection } = inputs;
  return { resourceName, connection, tenantId, ...spec, previous };
}

/** The tenant's setting in the resource's own terms, so a refresh shows drift as changed properties. */
function asSpecFields(found: SystemCredentialPreferences): Pick<Outputs, "state" | "includeTarget" | "excludeTarget"> {
  const target = (t: { id: string; targetType: string } | undefined) => t && { id: t.id, targetType: t.targetType as SystemPreferredTarget["targetType"] };
  return {
    state: found.state === "unknownFutureValue" ? "default" : found.state,
    includeTarget: target(found.includeTargets[0])!,
    excludeTarget: target(found.excludeTargets[0]),
  };
}

// ---- the provider's methods --------------------------------------------------------------------------------------

export const systemPreferredMfaHandler: Handler<Inputs, Outputs> = {
  ...specCheckAndDiff<Inputs, Outputs, SystemPreferredMfaSpec>(KIND, validateSystemPreferredMfa, systemPreferredTenantFailures),

  async create(inputs) {
    const spec = specOf(inputs);
    const graph = graphFor(inputs.connection);
    const id = idOf(graph.connection.tenantId);
    const found = await current(graph);
    // A run killed after its PATCH landed leaves nothing that tells its write from an administrator's.
    if (!systemPreferredPatch(found, spec)) {
      say(label(KIND, inputs), "system-preferred MFA already reads as declared: destroy leaves it so (if an interrupted run wrote it, what was there before is not known)");
    }
    try {
      await converge(graph, spec, label(KIND, inputs), found);
    } catch (error) {
      // The PATCH may have landed: the stack must keep the settings read before it as the ones destroy puts back,
      // or a re-run would read its own write as "what was there".
      if (!mayHaveLanded(error)) throw error;
      const message = `${error instanceof Error ? error.message : String(error)}; the settings found before it are recorded for destroy`;
      throw new PartialFailure(message, id, outputsOf(inputs, spec, graph.connection.tenantId, found) as unknown as Record<string, unknown>);
    }
    return { id, outs: outputsOf(inputs, spec, graph.connection.tenantId, found) };
  },

  async read(id, props) {
    // An exclude target that is gone stays undefined here, and the Struct encoding drops it.
    return { id, props: { ...props, ...asSpecFields(await current(graphFor(props.connection))) } };
  },

  async update(_id, olds, news) {
    const spec = specOf(news);
    const graph = graphFor(news.connection);
    await converge(graph, spec, label(KIND, news));
    return { outs: outputsOf(news, spec, graph.connection.tenantId, olds.previous) };
  },

  async delete(_id, props) {
    const who = label(KIND, props);
    if (!props.restoreOnDestroy) return say(who, "restoreOnDestroy is false; leaving system-preferred MFA as it is");
    const graph = graphFor(props.connection);
    const now = await current(graph);
    if (sameValue(now, props.previous)) return;
    say(who, `putting system-preferred MFA back to ${props.previous.state}`);
    await graph.authenticationMethodsPolicy.patchSystemCredentialPreferences(props.previous);
  },
};
