// `refresh` and `destroy`: neither runs the program; both work from the state file alone.
import { deleteInOrder } from "./deletes";
import { isDynamic } from "./graph";
import { ProviderServer } from "./provider-client";
import { ResourceState, StackState } from "./state";
import { EngineFailure, ResourceStep, failureOf } from "./steps";
import { diffNames, diffProperties, markSecret, revealAll, secretKeysOf } from "./values";

export interface LifecycleOutcome {
  state: StackState;
  steps: ResourceStep[];
  failure?: EngineFailure;
}

function step(resource: ResourceState, op: ResourceStep["op"], detailedDiff?: ResourceStep["detailedDiff"]): ResourceStep {
  return {
    urn: resource.urn, type: resource.type, name: resource.name, op,
    diffs: detailedDiff ? diffNames(detailedDiff) : [],
    ...(detailedDiff ? { detailedDiff } : {}),
  };
}

/**
 * Reads every dynamic resource: a blank id drops it from state; otherwise its outputs (and, when the provider
 * returns them, its inputs) are replaced, keeping secret what was secret.
 */
export async function refresh(server: ProviderServer, old: StackState): Promise<LifecycleOutcome> {
  const resources: ResourceState[] = [];
  const steps: ResourceStep[] = [];
  for (const [index, resource] of old.resources.entries()) {
    if (!resource.custom || !isDynamic(resource.type) || resource.pendingDelete) {
      resources.push(resource);
      steps.push(step(resource, "same"));
      continue;
    }
    try {
      const read = await server.read(resource.id ?? "", resource.urn, revealAll(resource.outputs), revealAll(resource.inputs));
      if (!read.id) {
        steps.push(step(resource, "delete"));
        continue;
      }
      const secretKeys = [...secretKeysOf(resource.outputs), ...secretKeysOf(resource.inputs), ...(resource.additionalSecretOutputs ?? [])];
      const outputs = markSecret(read.properties, secretKeys);
      const inputs = read.inputs ? markSecret(read.inputs, secretKeysOf(resource.inputs)) : resource.inputs;
      const detailedDiff = diffProperties(resource.outputs, outputs);
      const drifted = diffNames(detailedDiff).length > 0;
      resources.push({ ...resource, id: read.id, inputs, outputs });
      steps.push(drifted ? step(resource, "update", detailedDiff) : step(resource, "same"));
    } catch (err) {
      const failure = { message: `refreshing failed: ${(err as Error).message}`, urn: resource.urn, type: resource.type, name: resource.name, operation: "read" };
      return { state: { ...old, resources: [...resources, ...old.resources.slice(index)] }, steps, failure };
    }
  }
  return { state: { ...old, resources }, steps };
}

/** Deletes everything in reverse dependency order; on failure, what was not deleted stays in state. */
export async function destroy(server: ProviderServer, old: StackState, checkpoint: (state: StackState) => void): Promise<LifecycleOutcome> {
  const remaining = [...old.resources];
  const steps: ResourceStep[] = [];
  try {
    await deleteInOrder(server, remaining.slice(), (deleted) => {
      remaining.splice(remaining.indexOf(deleted), 1);
      if (!deleted.pendingDelete) steps.push(step(deleted, "delete"));
      checkpoint({ ...old, resources: remaining });
    });
    return { state: { ...old, resources: remaining }, steps };
  } catch (err) {
    return { state: { ...old, resources: remaining }, steps, failure: failureOf(err) };
  }
}
