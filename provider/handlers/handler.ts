import type * as pulumi from "@pulumi/pulumi";

/** One resource kind's provider methods, as the engine calls them (see pulumi-dynamic.md §1). */
export interface Handler<Inputs, Outputs> {
  /** olds/news are old and new *inputs*. Never writes to the tenant. */
  check(olds: Inputs | undefined, news: Inputs): Promise<pulumi.dynamic.CheckResult<Inputs>>;
  /** olds are the old *outputs*. Never writes to the tenant. */
  diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>>;
  read(id: string, props: Outputs): Promise<pulumi.dynamic.ReadResult<Outputs>>;
  /** Must return the full outputs: the engine keeps nothing else. */
  update(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult<Outputs>>;
  delete(id: string, props: Outputs): Promise<void>;
}
