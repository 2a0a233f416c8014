// What the engine reports per resource, and the failures it names resources in.
export type Operation = "create" | "update" | "replace" | "delete" | "same";

export interface ResourceStep {
  urn: string;
  type: string;
  name: string;
  op: Operation;
  /** Changed property names (engine-computed from old vs new inputs; outputs for a refresh). */
  diffs: string[];
  /** The same, split the way Pulumi prints `[diff: +added-removed~changed]`. */
  detailedDiff?: { added: string[]; removed: string[]; changed: string[] };
  /**
   * The serialized `__provider` differs from the one in state. The provider's diff may still say "no change" (then
   * state keeps the old text, and refresh and delete keep running the old code).
   */
  providerChanged?: true;
  /** Set on the step that failed the command: the operation that failed (`create`, `check`, `delete`…). */
  failed?: string;
}

export interface EngineFailure {
  message: string;
  urn?: string;
  type?: string;
  name?: string;
  operation?: string;
}

/** A failed step: carries the resource it happened to, so the error can name it. */
export class StepFailure extends Error {
  constructor(
    readonly failure: EngineFailure,
  ) {
    super(failure.message);
  }
}

export function failureOf(err: unknown): EngineFailure {
  if (err instanceof StepFailure) return err.failure;
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The step that shows, in the summary, which resource failed the command. */
export function failedStep(failure: EngineFailure): ResourceStep | undefined {
  if (!failure.urn || !failure.type || !failure.name) return undefined;
  const operation = failure.operation ?? "update";
  const op: Operation = operation === "create" || operation === "replace" || operation === "delete" ? operation : "update";
  return { urn: failure.urn, type: failure.type, name: failure.name, op, diffs: [], failed: operation };
}
