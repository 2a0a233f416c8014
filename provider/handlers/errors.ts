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

/**
 * The partial-failure details for the engine. The dynamic provider server adds `__provider` to the outputs of a
 * successful create or update only; recorded outputs without it could not be refreshed or deleted, so it is copied
 * from the call's inputs (or old outputs).
 */
function pickPartialFailure(error: Error, args: unknown[]): Partial<PartialFailure> {
  const { id, properties, reasons } = error as Partial<PartialFailure>;
  if (!id) return {};
  const provider = args.map((a) => (a as { __provider?: unknown } | undefined)?.__provider).find((p) => typeof p === "string");
  // The server encodes `properties` as a protobuf Struct, which rejects `undefined`.
  return { id, properties: toStruct({ ...properties, ...(provider ? { __provider: provider } : {}) }), reasons };
}

/** No answer, or a server error: the request may have been applied. A refusal (4xx) was not. */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof GraphRequestError)) return true;
  if (error.kind === "timeout" || error.kind === "connection") return true;
  return error.kind === "response" && (error.status ?? 0) >= 500;
}
