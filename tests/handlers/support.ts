// Drives the three resources' handlers the way the engine does (check, diff, create, read, update, delete with the
// right olds), each test against a tenant of its own in one shared emulator, and reads what Graph saw.
import { expect } from "chai";
import { handle } from "../../provider/handlers";
import { onProgress, type Progress } from "../../provider/handlers/context";
import type { ResourceKind } from "../../provider/shim";
import type { RequestLogEntry, TenantFixture, TimelineEntry } from "../../emulator";
import { useEmulator, type EmulatorHandle } from "../support/emulator";
import { ADMIN_APP, buildTenant, type TenantSpec } from "../support/fixtures";

/**
 * Conditional Access pace for these tests, the emulator's limit and the client's pacer alike; real-throttle.test.ts
 * runs at Graph's real 1/s. The pacer spaces each request 4 ms after the previous answer, so with the round trip a
 * tenant stays below 250 in any second of the emulator's window; 250/s keeps the fault matrix's thousands of
 * scenarios from waiting on the pacer.
 */
export const FAST_CA_RATE = 250;

/**
 * Sets handler settings (environment variables) for the enclosing suite only, so other suites in the same mocha
 * process, and the processes they start, keep the defaults.
 */
export function useHandlerSettings(settings: Record<string, string>): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [key, value] of Object.entries(settings)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

export const SD_PATH = "/policies/identitySecurityDefaultsEnforcementPolicy";
export const CA_PATH = "/identity/conditionalAccess/policies";
export const AMP_PATH = "/policies/authenticationMethodsPolicy";

/** One emulator for the suite, throttling Conditional Access at the fast test pace; handler chatter silenced. */
export function useHandlerEmulator(): EmulatorHandle {
  const emu = useEmulator(() => buildTenant({ name: "boot" }), { caThrottle: { requestsPerSecond: FAST_CA_RATE } });
  // Retries keep Graph's attempt count but wait milliseconds instead of seconds.
  useHandlerSettings({ ENTRA_MFA_CA_REQUESTS_PER_SECOND: String(FAST_CA_RATE), ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "10" });
  const original = { log: console.log, warn: console.warn };
  beforeEach(() => {
    console.log = () => {};
    console.warn = () => {};
  });
  afterEach(() => {
    Object.assign(console, original);
    emu.control.clearFaults();
    delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
  });
  return emu;
}

let tenants = 0;

/** A fresh tenant in the running emulator, with helpers to read what happened to it. */
export class TestTenant {
  readonly id: string;
  private readonly startSeq: number;

  constructor(
    readonly emu: EmulatorHandle,
    readonly fixture: TenantFixture,
  ) {
    emu.control.loadTenant(fixture);
    this.id = fixture.tenantId;
    this.startSeq = lastSeq(emu);
  }

  connection(app = ADMIN_APP) {
    return this.emu.connection(app, this.id);
  }

  get store() {
    return this.emu.control.tenant(this.id);
  }

  dump(): TenantFixture {
    return this.emu.control.dump(this.id);
  }

  /** The Graph requests (identity excluded) this tenant received after `since` (a `mark()`), or since it was made. */
  requests(since = this.startSeq): RequestLogEntry[] {
    return this.emu.control.requests({ tenantId: this.id, sinceSeq: since }).filter((r) => r.version !== "identity");
  }

  writes(since = this.startSeq): RequestLogEntry[] {
    return this.requests(since).filter((r) => r.write);
  }

  mark(): number {
    return lastSeq(this.emu);
  }

  timeline(): TimelineEntry[] {
    return this.emu.control.timeline(this.id);
  }

  policy(displayName: string) {
    const found = this.store.conditionalAccessPolicies.find((p) => p.displayName === displayName);
    if (!found) throw new Error(`no policy "${displayName}" in the tenant`);
    return found as Record<string, any>;
  }

  get securityDefaults(): boolean {
    return this.store.securityDefaultsEnabled;
  }

  unprotected(): string[] {
    return this.emu.control.protection(this.id).unprotectedUserIds;
  }
}

function lastSeq(emu: EmulatorHandle): number {
  const all = emu.control.requests();
  return all.length ? all[all.length - 1]!.seq : 0;
}

/** A name no other test's tenant has: ids derive from it (`ids.user(0, name)`). */
export function uniqueName(): string {
  return `t${++tenants}`;
}

/** A tenant of 6 users unless told otherwise, named `spec.name` or uniquely. */
export function newTenant(emu: EmulatorHandle, spec: TenantSpec = {}): TestTenant {
  return new TestTenant(emu, buildTenant({ users: 6, ...spec, name: spec.name ?? uniqueName() }));
}

/** A resource as the engine keeps it: its last inputs, id and outputs. */
export class Resource<Outs extends Record<string, any> = Record<string, any>> {
  id = "";
  outs = {} as Outs;

  constructor(
    readonly kind: ResourceKind,
    public inputs: Record<string, unknown>,
  ) {}

  async check(news = this.inputs): Promise<{ inputs?: unknown; failures?: { property: string; reason: string }[] }> {
    return (await handle(this.kind, "check", this.id ? this.inputs : undefined, news)) as any;
  }

  async create(): Promise<this> {
    await this.expectValid(this.inputs);
    const result = (await handle(this.kind, "create", this.inputs)) as { id: string; outs: Outs };
    expect(result.id, "create returns an id").to.be.a("string").and.not.equal("");
    this.id = result.id;
    this.outs = result.outs;
    return this;
  }

  async diff(news = this.inputs): Promise<{ changes?: boolean; replaces?: string[] }> {
    return (await handle(this.kind, "diff", this.id, this.outs, news)) as any;
  }

  /** Refresh: read with the old outputs; an empty id drops the resource. Returns whether it still exists. */
  async refresh(): Promise<boolean> {
    const result = (await handle(this.kind, "read", this.id, this.outs)) as { id?: string; props?: Outs };
    if (!result.id) {
      this.id = "";
      return false;
    }
    this.id = result.id;
    this.outs = result.props!;
    return true;
  }

  async update(news = this.inputs): Promise<Outs> {
    const result = (await handle(this.kind, "update", this.id, this.outs, news)) as { outs: Outs };
    this.inputs = news;
    this.outs = result.outs;
    return this.outs;
  }

  /** `pulumi up` with these inputs: check, diff, and an update when the diff says so. Returns the diff. */
  async up(news = this.inputs): Promise<{ changes?: boolean; replaces?: string[] }> {
    await this.expectValid(news);
    const diff = await this.diff(news);
    if (diff.changes) await this.update(news);
    else this.inputs = news;
    return diff;
  }

  async delete(): Promise<void> {
    await handle(this.kind, "delete", this.id, this.outs);
  }

  private async expectValid(news: Record<string, unknown>): Promise<void> {
    const checked = await this.check(news);
    expect(checked.failures ?? [], "check failures").to.deep.equal([]);
  }
}

export async function created<O extends Record<string, any> = Record<string, any>>(kind: ResourceKind, inputs: Record<string, unknown>): Promise<Resource<O>> {
  return new Resource<O>(kind, inputs).create();
}

/** A refresh, then `up` with the same inputs: no drift, no change, and an update anyway writes nothing to Graph. */
export async function expectSecondApplyWritesNothing(resource: Resource, t: TestTenant): Promise<void> {
  const mark = t.mark();
  expect(await resource.refresh(), "still exists").to.equal(true);
  expect(resource.outs.drift ?? [], "drift").to.deep.equal([]);
  expect((await resource.diff()).changes, "changes").to.equal(false);
  await resource.update();
  expect(t.writes(mark), "writes").to.deep.equal([]);
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}

/** Calls `action` once, the first time a handler announces a message matching `pattern`. */
export function onceAnnounced(pattern: RegExp, action: (event: Progress) => void): () => void {
  let fired = false;
  const stop = onProgress((event) => {
    if (fired || !pattern.test(event.message)) return;
    fired = true;
    action(event);
  });
  return stop;
}

/** Everything the handlers said during `run`. */
export async function progressOf<T>(run: () => Promise<T>): Promise<{ result?: T; error?: Error; events: Progress[] }> {
  const events: Progress[] = [];
  const stop = onProgress((e) => events.push(e));
  try {
    return { result: await run(), events };
  } catch (error) {
    return { error: error as Error, events };
  } finally {
    stop();
  }
}

const SERVER_STAMPS = new Set(["createdDateTime", "modifiedDateTime", "lastModifiedDateTime"]);

/** A dump without server timestamps, for "the tenant is as it was" comparisons. */
export function comparable(dump: TenantFixture): TenantFixture {
  return JSON.parse(JSON.stringify(dump), (key, value) => (SERVER_STAMPS.has(key) ? undefined : value));
}

/** Timeline entries in which some enabled user other than `allowed` had no MFA. */
export function unprotectedEntries(timeline: TimelineEntry[], allowed: readonly string[] = []): TimelineEntry[] {
  return timeline.filter((e) => e.unprotectedUserIds.some((u) => !allowed.includes(u)));
}

/** The longest run of consecutive timeline entries in which someone (other than `allowed`) was unprotected. */
export function longestUnprotectedRun(timeline: TimelineEntry[], allowed: readonly string[] = []): number {
  let longest = 0;
  let run = 0;
  for (const e of timeline) {
    run = e.unprotectedUserIds.some((u) => !allowed.includes(u)) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
