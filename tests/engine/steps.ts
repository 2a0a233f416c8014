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
