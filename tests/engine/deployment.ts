// `preview` and `up`: runs the program and answers each resource registration as the engine does, driving the
// dynamic-provider server for dynamic resources and faking every other resource deterministically.
import { deleteInOrder } from "./deletes";
import { STACK_TYPE, isDynamic, urnOf } from "./graph";
import { Registration } from "./host-protocol";
import { ProviderError, ProviderServer } from "./provider-client";
import { ResourceState, StackState } from "./state";
import { EngineFailure, Operation, ResourceStep, StepFailure, failureOf } from "./steps";
import {
  PropertyMap, deterministicGuid, diffNames, diffProperties, markSecret, revealAll, sameValue, secretKeysOf,
} from "./values";

export interface RegistrationReply {
  urn: string;
  id: string;
  outputs: PropertyMap;
}

interface Planned {
  op: Operation;
  diffs: string[];
  detailedDiff?: ResourceStep["detailedDiff"];
  deleteBeforeReplace: boolean;
}

export class Deployment {
  readonly steps: ResourceStep[] = [];
  /** The inputs each resource was registered with this run (the `__provider` text among them). */
  readonly registrations = new Map<string, Registration>();
  failure?: EngineFailure;
  private readonly next: ResourceState[] = [];
  private readonly live: ResourceState[];
  private readonly pendingDeletes: ResourceState[];
  /** Every registration being handled, so `finish` can wait for the in-flight ones. */
  private readonly handling: Promise<unknown>[] = [];
  /** URN → the position of its registration, to report and store resources in the program's order. */
  private readonly arrival = new Map<string, number>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly server: ProviderServer,
    private readonly old: StackState,
    private readonly preview: boolean,
    /** Like `pulumi up --parallel`: how many registrations are handled at once (unbounded by default, as there). */
    private readonly parallel = Number.POSITIVE_INFINITY,
    /** Called with the state after every step of an `up`, as the engine checkpoints it (a killed run keeps it). */
    private readonly checkpoint: (state: StackState) => void = () => undefined,
  ) {
    this.live = old.resources.filter((r) => !r.pendingDelete);
    this.pendingDeletes = old.resources.filter((r) => r.pendingDelete);
  }

  /**
   * Handles a registration as soon as a slot is free: independent resources are worked on concurrently, as the engine
   * does; a resource that depends on another only arrives once that one has been answered.
   */
  register(registration: Registration): Promise<RegistrationReply> {
    const position = this.handling.length;
    const handled = this.whenSlotFree(() => this.handle(registration, position));
    this.handling.push(handled.catch(() => undefined));
    return handled;
  }

  private async whenSlotFree<T>(work: () => Promise<T>): Promise<T> {
    while (this.active >= this.parallel) await new Promise<void>((wake) => this.waiting.push(wake));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Stack exports and component outputs, sent by `registerOutputs`. */
  recordOutputs(urn: string, outputs: PropertyMap): void {
    const resource = this.next.find((r) => r.urn === urn);
    if (resource) resource.outputs = outputs;
  }

  /** The stack's exports as this run produced them (in a preview, with unknowns). */
  get exports(): PropertyMap {
    return this.next.find((r) => r.type === STACK_TYPE)?.outputs ?? {};
  }

  fail(failure: EngineFailure): void {
    this.failure ??= failure;
  }

  /**
   * After the program: deletes what it no longer declares and what replacements left behind (unless the run
   * failed), and returns the new state.
   */
  async finish(): Promise<StackState> {
    await Promise.all(this.handling);
    const inProgramOrder = (urn: string) => this.arrival.get(urn) ?? Number.POSITIVE_INFINITY;
    this.next.sort((a, b) => inProgramOrder(a.urn) - inProgramOrder(b.urn));
    this.steps.sort((a, b) => inProgramOrder(a.urn) - inProgramOrder(b.urn));
    const registered = new Set(this.next.map((r) => r.urn));
    const removed = this.live.filter((r) => !registered.has(r.urn));
    if (this.preview) {
      for (const r of removed) this.record(r, { op: "delete", diffs: [], deleteBeforeReplace: false });
      return this.old;
    }
    const remaining = [...removed, ...this.pendingDeletes];
    if (!this.failure) {
      try {
        await deleteInOrder(this.server, remaining, (deleted) => {
          remaining.splice(remaining.indexOf(deleted), 1);
          if (!deleted.pendingDelete) this.record(deleted, { op: "delete", diffs: [], deleteBeforeReplace: false });
          this.checkpoint(this.stateWith(remaining));
        });
      } catch (err) {
        this.fail(failureOf(err));
      }
    }
    return this.stateWith(remaining);
  }

  /**
   * What the stack holds now: the resources handled so far, then `rest`. In the middle of the run, that is every old
   * resource not handled yet: a step in flight leaves no record (Pulumi keeps it as a pending operation, which the
   * next `up` reports and then creates again).
   */
  private stateWith(rest: ResourceState[]): StackState {
    return { project: this.old.project, stack: this.old.stack, resources: [...this.next, ...rest] };
  }

  private saveProgress(): void {
    if (this.preview) return;
    const handled = new Set(this.next.map((r) => r.urn));
    this.checkpoint(this.stateWith([...this.live.filter((r) => !handled.has(r.urn)), ...this.pendingDeletes]));
  }

  private async handle(registration: Registration, position: number): Promise<RegistrationReply> {
    const { project, stack } = this.old;
    const urn = urnOf(stack, project, registration.parent, registration.type, registration.name);
    if (this.failure) throw new Error(`not registered: the deployment stopped after ${this.failure.urn ?? "an error"} failed`);
    if (this.registrations.has(urn)) throw new Error(`Duplicate resource URN '${urn}'`);
    this.registrations.set(urn, registration);
    this.arrival.set(urn, position);
    try {
      if (registration.importId) throw new Error("importing existing resources is not supported by dynamic providers");
      if (!registration.custom) return this.component(urn, registration);
      if (isDynamic(registration.type)) return await this.dynamic(urn, registration);
      return this.fake(urn, registration);
    } catch (err) {
      const failure = err instanceof StepFailure ? err.failure
        : { message: (err as Error).message, urn, type: registration.type, name: registration.name };
      this.fail(failure);
      throw err;
    }
  }

  private oldOf(urn: string): ResourceState | undefined {
    return this.live.find((r) => r.urn === urn);
  }

  private base(urn: string, registration: Registration): ResourceState {
    return {
      urn,
      type: registration.type,
      name: registration.name,
      custom: registration.custom,
      ...(registration.parent ? { parent: registration.parent } : {}),
      ...(registration.provider ? { provider: registration.provider } : {}),
      inputs: registration.inputs,
      outputs: {},
      dependencies: registration.dependencies,
      propertyDependencies: registration.propertyDependencies,
      ...(registration.protect ? { protect: true } : {}),
      ...(registration.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      ...(registration.additionalSecretOutputs.length ? { additionalSecretOutputs: registration.additionalSecretOutputs } : {}),
    };
  }

  private record(resource: ResourceState, planned: Planned): void {
    const before = this.oldOf(resource.urn)?.inputs.__provider;
    const now = this.registrations.get(resource.urn)?.inputs.__provider;
    this.steps.push({
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      op: planned.op,
      diffs: planned.diffs,
      ...(planned.detailedDiff ? { detailedDiff: planned.detailedDiff } : {}),
      ...(before !== undefined && now !== undefined && !sameValue(before, now) ? { providerChanged: true } : {}),
    });
  }

  private keep(resource: ResourceState, planned: Planned): RegistrationReply {
    this.next.push(resource);
    this.record(resource, planned);
    this.saveProgress();
    return { urn: resource.urn, id: resource.id ?? "", outputs: resource.outputs };
  }

  /** Components (and the stack) have no provider: they are recorded, their outputs come from registerOutputs. */
  private component(urn: string, registration: Registration): RegistrationReply {
    const old = this.oldOf(urn);
    const resource = { ...this.base(urn, registration), outputs: old?.outputs ?? {} };
    const reply = this.keep(resource, { op: old ? "same" : "create", diffs: [], deleteBeforeReplace: false });
    return { ...reply, outputs: {} };
  }

  /** Any non-dynamic custom resource (azuread.Group, an explicit provider): deterministic fake id and outputs. */
  private fake(urn: string, registration: Registration): RegistrationReply {
    const old = this.oldOf(urn);
    const detailedDiff = old ? diffProperties(old.inputs, registration.inputs) : undefined;
    const diffs = detailedDiff ? diffNames(detailedDiff) : [];
    const op: Operation = !old ? "create" : diffs.length ? "update" : "same";
    const id = old?.id ?? (this.preview ? "" : deterministicGuid(urn));
    const outputs = id ? { ...registration.inputs, objectId: id } : { ...registration.inputs };
    return this.keep({ ...this.base(urn, registration), ...(id ? { id } : {}), outputs }, { op, diffs, detailedDiff, deleteBeforeReplace: false });
  }

  private async dynamic(urn: string, registration: Registration): Promise<RegistrationReply> {
    const old = this.oldOf(urn);
    const secretInputs = secretKeysOf(registration.inputs);
    const secretOutputs = [...secretInputs, ...registration.additionalSecretOutputs];
    const step = { urn, type: registration.type, name: registration.name };
    const attempt = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (err) {
        throw new StepFailure({ ...step, operation, message: `${operation} failed: ${(err as Error).message}` });
      }
    };

    const news = withIgnoredChanges(registration.inputs, old?.inputs, registration.ignoreChanges);
    const check = async (olds: PropertyMap): Promise<PropertyMap> => {
      const checked = await attempt("check", () => this.server.check(urn, registration.type, registration.name, revealAll(olds), revealAll(news)));
      if (checked.failures.length) {
        const reasons = checked.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ");
        throw new StepFailure({ ...step, operation: "check", message: `check failed: ${reasons}` });
      }
      return markSecret(checked.inputs, secretInputs);
    };
    let inputs = await check(old?.inputs ?? {});
    const planned = old ? await attempt("diff", () => this.plan(urn, old, inputs, registration)) : { op: "create" as const, diffs: [], deleteBeforeReplace: false };
    // A replacement is a new resource: the engine checks its inputs again, this time with no olds.
    if (planned.op === "replace") inputs = await check({});
    const resource = { ...this.base(urn, registration), inputs };

    if (planned.op === "same") return this.keep({ ...resource, id: old!.id!, outputs: old!.outputs }, planned);
    if (this.preview) {
      // The server answers supportsPreview=false, so the engine previews a create or update as its inputs.
      const id = planned.op === "update" ? old!.id! : "";
      return this.keep({ ...resource, ...(id ? { id } : {}), outputs: inputs }, planned);
    }
    if (planned.op === "update") {
      const outputs = await this.providerWrite(step, "update", secretOutputs, resource, () =>
        this.server.update(old!.id!, urn, revealAll(old!.outputs), revealAll(inputs), revealAll(old!.inputs)).then((properties) => ({ id: old!.id!, properties })));
      return this.keep(outputs, planned);
    }
    if (planned.op === "replace") {
      if (old!.protect) throw new StepFailure({ ...step, operation: "replace", message: `resource ${urn} cannot be replaced because it is protected` });
      if (planned.deleteBeforeReplace) await deleteInOrder(this.server, [old!], () => this.live.splice(this.live.indexOf(old!), 1));
    }
    // Create-before-delete: the old object is deleted at the end of the run, once the new one exists (even partially).
    const supersede = () => {
      if (planned.op === "replace" && !planned.deleteBeforeReplace && this.next.some((r) => r.urn === urn)) {
        this.pendingDeletes.push({ ...old!, pendingDelete: true });
      }
    };
    try {
      return this.keep(await this.providerWrite(step, "create", secretOutputs, resource, () => this.server.create(urn, revealAll(inputs))), planned);
    } finally {
      supersede();
    }
  }

  /** Create or update; a partial failure (the object exists but failed to initialise) is still recorded. */
  private async providerWrite(
    step: { urn: string; type: string; name: string },
    operation: "create" | "update",
    secretOutputs: string[],
    resource: ResourceState,
    write: () => Promise<{ id: string; properties: PropertyMap }>,
  ): Promise<ResourceState> {
    try {
      const { id, properties } = await write();
      if (!id) throw new Error("plugin returned empty resource.ID from create");
      return { ...resource, id, outputs: markSecret(properties, secretOutputs) };
    } catch (err) {
      const partial = err instanceof ProviderError ? err.partial : undefined;
      if (partial?.id) {
        this.next.push({ ...resource, id: partial.id, outputs: markSecret(partial.properties, secretOutputs) });
        this.saveProgress();
      }
      const reasons = partial?.reasons.length ? ` (${partial.reasons.join("; ")})` : "";
      throw new StepFailure({ ...step, operation, message: `${operation} failed: ${(err as Error).message}${reasons}` });
    }
  }

  /**
   * Diff as the engine does: the provider's verdict decides, and when it has none (DIFF_UNKNOWN: no `diff` method or
   * `changes` left undefined) the engine compares old and new inputs itself, `__provider` included.
   */
  private async plan(urn: string, old: ResourceState, inputs: PropertyMap, registration: Registration): Promise<Planned> {
    const diff = await this.server.diff(old.id ?? "", urn, revealAll(old.outputs), revealAll(inputs), revealAll(old.inputs), registration.ignoreChanges);
    const detailedDiff = diffProperties(old.inputs, inputs);
    const changed = diffNames(detailedDiff);
    const hasChanges = diff.changes === "some" || (diff.changes === "unknown" && changed.length > 0);
    if (!hasChanges) return { op: "same", diffs: [], deleteBeforeReplace: false };
    const replaces = [...diff.replaces, ...registration.replaceOnChanges.filter((k) => changed.includes(k))];
    return {
      op: replaces.length ? "replace" : "update",
      diffs: [...new Set([...changed, ...diff.replaces])].sort(),
      detailedDiff,
      deleteBeforeReplace: registration.deleteBeforeReplace || diff.deleteBeforeReplace,
    };
  }
}

/** `ignoreChanges`: the engine keeps the old value of an ignored (top-level) input before calling Check. */
function withIgnoredChanges(news: PropertyMap, olds: PropertyMap | undefined, ignored: string[]): PropertyMap {
  if (!olds || !ignored.length) return news;
  const kept = { ...news };
  for (const key of ignored) {
    if (key in olds) kept[key] = olds[key]!;
    else delete kept[key];
  }
  return kept;
}
