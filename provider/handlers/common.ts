import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionInput } from "../graph";
import type { Checked } from "../plan/inputs";
import { diffSpecs, isUnknown, type SpecDiff } from "../plan/normalize";
import { tenantOf } from "./context";

/** What every resource of this library carries besides its own inputs. */
export interface CommonInputs {
  /** The name the program gave the resource, so errors and progress can say which one. */
  resourceName?: string;
  connection?: ConnectionInput;
}

export interface CommonOutputs extends CommonInputs {
  tenantId: string;
}

export function label(kind: string, inputs: CommonInputs | undefined): string {
  return inputs?.resourceName ? `${kind} '${inputs.resourceName}'` : kind;
}

/** A validation result as Pulumi's CheckResult: inputs pass through unchanged, failures fail the step. */
export function checkResult<I>(news: I, checked: Checked<unknown>): pulumi.dynamic.CheckResult<I> {
  return { inputs: news, failures: checked.failures };
}

/** The normalised spec; create and update run after check, so failures here mean check was skipped. */
export function validSpec<S>(checked: Checked<S>): S {
  if (checked.failures.length) throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join(" "));
  return checked.spec;
}

/**
 * Pulumi's DiffResult from a spec diff, plus what every resource shares: a connection to another tenant replaces
 * the resource (it is another object), and `drift` found by the last refresh forces an update that repairs it.
 */
export function diffResult(spec: SpecDiff, olds: CommonOutputs & { drift?: string[] }, news: CommonInputs): pulumi.dynamic.DiffResult {
  const changed = [...spec.changed];
  const replaces = [...spec.replace];
  if (containsUnknown(news.connection)) changed.push("connection");
  else if (olds.tenantId && tenantOf(news.connection) !== olds.tenantId.toLowerCase()) {
    changed.push("connection");
    replaces.push("connection");
  }
  if (olds.drift?.length) changed.push(...olds.drift.map((d) => `drift:${d}`));
  return { changes: changed.length > 0, replaces };
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** check and diff for a resource whose inputs differ only as their normalised specs do. */
export function specCheckAndDiff<I extends CommonInputs, O extends CommonOutputs, S extends object>(validate: (args: I | O) => Checked<S>) {
  return {
    async check(_olds: I | undefined, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
      return checkResult(news, validate(news));
    },
    async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      const checked = validate(news);
      return diffResult(diffSpecs(validate(olds).spec, checked.spec, checked.unknowns), olds, news);
    },
  };
}
