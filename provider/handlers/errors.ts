import { GraphRequestError } from "../graph";
import type { ResourceKind } from "../shim";
import { toStruct } from "./struct";

/**
 * A create/update that changed the tenant and then failed: the engine records `id` and `properties` (a partial
 * failure, pulumi-dynamic.md §2) so the next `up` or `destroy` knows what exists.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "PartialFailure";
  }
}

/** The resource's name as the program gave it (resource classes pass it as the `resourceName` input). */
function resourceNameOf(args: unknown[]): string | undefined {
  for (const arg of args) {
    const name = (arg as { resourceName?: unknown } | undefined)?.resourceName;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/** Prefixes an error with the resource it happened to, keeping partial-failure details for the engine. */
export function describeFailure(kind: ResourceKind, method: string, args: unknown[], error: unknown): Error {
  const name = resourceNameOf(args);
  const who = name ? `${kind} '${name}'` : kind;
  const message = error instanceof Error ? error.message : String(error);
  const described = new Error(`${who} (${method}): ${message}`);
  if (error instanceof Error) {
    described.stack = `${described.message}\n${error.stack?.split("\n").slice(1).join("\n") ?? ""}`;
    Object.assign(described, pickPartialFailure(error, args));
  }
  return described;
}

function pickPartialFailure(error: Error): Partial<PartialFailure> {
  const { id, properties, reasons } = error as Partial<PartialFailure>;
  // The server encodes `properties` as a protobuf Struct, which rejects `undefined`.
  return id ? { id, properties: toStruct(properties ?? {}), reasons } : {};
}

/** No answer, or a server error: the request may have been applied. A refusal (4xx) was not. */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof GraphRequestError)) return true;
  if (error.kind === "timeout" || error.kind === "connection") return true;
  return error.kind === "response" && (error.status ?? 0) >= 500;
}
