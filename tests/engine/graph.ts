// Dependency order between resources in state.
import { ResourceState } from "./state";

export const STACK_TYPE = "pulumi:pulumi:Stack";

export function urnOf(stack: string, project: string, parent: string, type: string, name: string): string {
  const parentType = parent ? parent.split("::")[2] : undefined;
  const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Everything a resource must outlive: explicit and property dependencies, its parent, its explicit provider. */
function dependenciesOf(resource: ResourceState): string[] {
  const provider = resource.provider ? resource.provider.split("::").slice(0, -1).join("::") : undefined;
  return [
    ...resource.dependencies,
    ...Object.values(resource.propertyDependencies).flat(),
    ...(resource.parent ? [resource.parent] : []),
    ...(provider ? [provider] : []),
  ];
}

/** Dependents before what they depend on: the order in which the engine deletes. */
export function deletionOrder(resources: ResourceState[]): ResourceState[] {
  const byUrn = new Map<string, ResourceState[]>();
  for (const r of resources) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
  const visited = new Set<ResourceState>();
  const creationOrder: ResourceState[] = [];
  const visit = (r: ResourceState): void => {
    if (visited.has(r)) return;
    visited.add(r);
    for (const dep of dependenciesOf(r)) for (const d of byUrn.get(dep) ?? []) visit(d);
    creationOrder.push(r);
  };
  resources.forEach(visit);
  return creationOrder.reverse();
}

export function isDynamic(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic");
}
