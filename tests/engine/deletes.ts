// Deleting resources in reverse dependency order, shared by `up` (removed and replaced resources) and `destroy`.
import { deletionOrder, isDynamic } from "./graph";
import { ProviderServer } from "./provider-client";
import { ResourceState } from "./state";
import { StepFailure } from "./steps";
import { revealAll } from "./values";

/**
 * Deletes `doomed` dependents-first; `onDeleted` runs after each one so the caller's state never lists a deleted
 * resource nor loses one that still exists. Stops at the first failure, naming the resource.
 */
export async function deleteInOrder(
  server: ProviderServer,
  doomed: ResourceState[],
  onDeleted: (resource: ResourceState) => void,
): Promise<void> {
  for (const resource of deletionOrder(doomed)) {
    if (resource.protect) {
      throw new StepFailure({
        message: `resource ${resource.urn} cannot be deleted because it is protected`,
        urn: resource.urn, type: resource.type, name: resource.name, operation: "delete",
      });
    }
    if (resource.custom && isDynamic(resource.type)) await deleteDynamic(server, resource);
    onDeleted(resource);
  }
}

async function deleteDynamic(server: ProviderServer, resource: ResourceState): Promise<void> {
  try {
    await server.delete(resource.id ?? "", resource.urn, revealAll(resource.outputs), revealAll(resource.inputs));
  } catch (err) {
    throw new StepFailure({
      message: `deleting failed: ${(err as Error).message}`,
      urn: resource.urn, type: resource.type, name: resource.name, operation: "delete",
    });
  }
}
