import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionInput, GraphApi } from "../graph";
import type { Checked, CheckFailure } from "../plan/inputs";
import { diffSpecs, isUnknown, type SpecDiff } from "../plan/normalize";
import { graphFor, tenantOf } from "./context";

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

/** Failures as Pulumi's CheckResult: inputs pass through unchanged, failures fail the step, each naming the resource. */
export function checkResult<I extends CommonInputs>(kind: string, news: I, failures: readonly CheckFailure[]): pulumi.dynamic.CheckResult<I> {
  const who = label(kind, news);
  return { inputs: news, failures: failures.map((f) => ({ property: f.property, reason: `${who}: ${f.reason}` })) };
}

/** The checks of inputs that need the tenant (reads only), given the inputs as written and their normalised spec. */
export type TenantCheck<S> = (graph: GraphApi, raw: Record<string, unknown>, spec: S) => Promise<CheckFailure[]>;

/**
 * Check: the inputs on their own, then against the tenant. Inputs that fail on their own are not looked up (fix
 * those first; the reads would be spent on a value about to change), nor are inputs bound for a connection that
 * is not known yet.
 */
export async function checkInputs<I extends CommonInputs, S>(kind: string, news: I, checked: Checked<S>, inTenant: TenantCheck<S>): Promise<pulumi.dynamic.CheckResult<I>> {
  if (checked.failures.length || containsUnknown(news.connection)) return checkResult(kind, news, checked.failures);
  return checkResult(kind, news, await inTenant(graphFor(news.connection), news as Record<string, unknown>, checked.spec));
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
export function specCheckAndDiff<I extends CommonInputs, O extends CommonOutputs, S extends object>(
  kind: string,
  validate: (args: I | O) => Checked<S>,
  inTenant: TenantCheck<S>,
) {
  return {
    async check(_olds: I | undefined, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
      return checkInputs(kind, news, validate(news), inTenant);
    },
    async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      const checked = validate(news);
      return diffResult(diffSpecs(validate(olds).spec, checked.spec, checked.unknowns), olds, news);
    },
  };
}
