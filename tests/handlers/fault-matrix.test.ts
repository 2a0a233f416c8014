// The fault matrix: for each resource operation, and for a whole quickstart up and destroy, a fault of each kind the
// emulator has at every Graph request of it in turn, with Graph's retries on and off. After the run, and what a user
// does next (the same `pulumi up` or `destroy` again, from what the stack recorded), the emulator's MFA evaluator
// must find nobody who had MFA without it (break-glass aside), at most one mutation unprotected on the way, at most
// one managed policy, a journal that matches what the tenant holds, and a destroy that returns the tenant to its
// start. With per-user MFA in play, the evaluator counts per-user MFA as MFA, so a user switched off who is not
// covered shows; and every journaled user must be switched off (the journal holds what the tenant holds). The
// counts are printed.
import { expect } from "chai";
import type { FaultSpec } from "../../emulator";
import { findById } from "../../provider/plan/normalize";
import { journalEntries } from "../../provider/plan/per-user-journal";
import { driftedParts } from "../../provider/plan/restore";
import type { JournalEntry } from "../../provider/plan/steps";
import type { ResourceKind } from "../../provider/shim";
import { ids, storedPolicy } from "../support/fixtures";
import { comparable, longestUnprotectedRun, newTenant, Resource, uniqueName, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";
const KINDS: FaultSpec["kind"][] = ["status", "commit-then-status", "drop", "commit-then-drop"];

/** A resource as the engine keeps it: declared inputs, and state once a create (or a partial failure) recorded it. */
class Slot {
  resource?: Resource;
  constructor(
    readonly kind: ResourceKind,
    public inputs: Record<string, unknown>,
  ) {}

  /** `pulumi up` of this resource: create without state, else diff and update; a partial failure's state is kept. */
  async up(inputs = this.inputs): Promise<void> {
    this.inputs = inputs;
    try {
      if (!this.resource) {
        const fresh = new Resource(this.kind, inputs);
        await recording(fresh, () => fresh.create());
        this.resource = fresh;
      } else await recording(this.resource, () => this.resource!.up(inputs));
    } catch (error) {
      const partial = error as Error & { id?: string; properties?: Record<string, unknown> };
      if (partial.id && partial.properties && !this.resource) {
        this.resource = new Resource(this.kind, inputs);
        this.resource.id = partial.id;
        this.resource.outs = partial.properties;
      }
      throw error;
    }
  }

  /** `pulumi destroy` of this resource: state goes only when the delete succeeded. */
  async destroy(): Promise<void> {
    if (!this.resource) return;
    await this.resource.delete();
    this.resource = undefined;
  }
}

/** Runs `run`; a partial failure of an update leaves its outputs in state, as the engine does. */
async function recording(resource: Resource, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const partial = error as Error & { id?: string; properties?: Record<string, any> };
    if (partial.id && partial.properties) {
      resource.id = partial.id;
      resource.outs = partial.properties;
    }
    throw error;
  }
}

interface World {
  t: TestTenant;
  breakGlass: string;
  mfa: Slot;
  sd?: Slot;
  spm: Slot;
}

interface Operation {
  name: string;
  /** Security Defaults on (the cut-over), or off with MFA policies to take over. */
  securityDefaults: boolean;
  /** Users on legacy per-user MFA, and the managed policy migrating them (takeOver.perUserMfa: "migrate"). */
  perUserMfa?: boolean;
  /** Brought about cleanly before the operation under fault. */
  setup(w: World): Promise<void>;
  run(w: World): Promise<void>;
}

/** Break-glass (user 0, excluded) enforced, users 1-3 enabled or enforced: the migration moves 1-3. */
const PER_USER_MFA = { 0: "enforced", 1: "enabled", 2: "enforced", 3: "enabled" } as const;
const MIGRATE = { securityDefaults: true, mfaPolicies: "consolidate", perUserMfa: "migrate" };

function world(emu: ReturnType<typeof useHandlerEmulator>, securityDefaults: boolean, perUserMfa = false): World {
  const name = uniqueName();
  const breakGlass = ids.user(0, name);
  const policies = securityDefaults
    ? []
    : [
        storedPolicy({ displayName: "User 1: MFA", includeUsers: [ids.user(1, name)] }),
        storedPolicy({ displayName: "Engineering: MFA and device", includeUsers: [], includeGroups: [ids.group("Engineering", name)], controls: ["mfa", "compliantDevice"], operator: "AND" }),
      ];
  const t = newTenant(emu, { name, users: 5, securityDefaults, groups: [{ displayName: "Engineering", users: [2, 3] }], policies, ...(perUserMfa ? { perUserMfa: PER_USER_MFA } : {}) });
  const migrate = perUserMfa ? { takeOver: MIGRATE } : {};
  const mfa = new Slot("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [breakGlass], ...migrate, connection: t.connection() });
  const spm = new Slot("SystemPreferredMfa", { resourceName: "spm", state: "enabled", includeTarget: { id: "all_users", targetType: "group" }, connection: t.connection() });
  return { t, breakGlass, mfa, spm };
}

/** The SecurityDefaultsOff of the quickstart, handing over to the managed policy (which must exist). */
function handover(w: World): Slot {
  return (w.sd ??= new Slot("SecurityDefaultsOff", {
    resourceName: "sd",
    handoverPolicyIds: [w.mfa.resource!.outs.policyId],
    breakGlassAccounts: [w.breakGlass],
    connection: w.t.connection(),
  }));
}

const quickstartUp = async (w: World) => {
  await w.mfa.up();
  await handover(w).up();
};
const quickstartDestroy = async (w: World) => {
  await w.spm.destroy();
  await w.sd?.destroy();
  await w.mfa.destroy();
};

const OPERATIONS: Operation[] = [
  { name: "ManagedMfaPolicy create (one policy taken over, one left alone)", securityDefaults: false, setup: async () => {}, run: (w) => w.mfa.up() },
  {
    name: "ManagedMfaPolicy update (a new exclusion gives a policy back)",
    securityDefaults: false,
    setup: (w) => w.mfa.up(),
    run: (w) => w.mfa.up({ ...w.mfa.inputs, excludeUsers: [w.breakGlass, ids.user(1, w.t.fixture.displayName!)] }),
  },
  { name: "ManagedMfaPolicy delete (policies put back)", securityDefaults: false, setup: (w) => w.mfa.up(), run: (w) => w.mfa.destroy() },
  { name: "ManagedMfaPolicy create migrating per-user MFA", securityDefaults: false, perUserMfa: true, setup: async () => {}, run: (w) => w.mfa.up() },
  {
    name: "ManagedMfaPolicy update migrating per-user MFA (a new exclusion gives a user per-user MFA back)",
    securityDefaults: false,
    perUserMfa: true,
    setup: (w) => w.mfa.up(),
    run: (w) => w.mfa.up({ ...w.mfa.inputs, excludeUsers: [w.breakGlass, ids.user(2, w.t.fixture.displayName!)] }),
  },
  {
    name: "ManagedMfaPolicy update per-user MFA back to leave (journaled users restored)",
    securityDefaults: false,
    perUserMfa: true,
    setup: (w) => w.mfa.up(),
    run: (w) => w.mfa.up({ ...w.mfa.inputs, takeOver: { ...MIGRATE, perUserMfa: "leave" } }),
  },
  { name: "ManagedMfaPolicy delete with per-user MFA journaled (restored)", securityDefaults: false, perUserMfa: true, setup: (w) => w.mfa.up(), run: (w) => w.mfa.destroy() },
  { name: "SystemPreferredMfa create", securityDefaults: false, setup: async () => {}, run: (w) => w.spm.up() },
  { name: "SystemPreferredMfa update", securityDefaults: false, setup: (w) => w.spm.up(), run: (w) => w.spm.up({ ...w.spm.inputs, state: "disabled" }) },
  { name: "SystemPreferredMfa delete", securityDefaults: false, setup: (w) => w.spm.up(), run: (w) => w.spm.destroy() },
  { name: "quickstart up (policy, then the Security Defaults cut-over)", securityDefaults: true, setup: async () => {}, run: quickstartUp },
  { name: "quickstart destroy (Security Defaults back on, policy deleted)", securityDefaults: true, setup: quickstartUp, run: quickstartDestroy },
  {
    name: "quickstart up migrating per-user MFA (policy, cut-over, then the up that moves them)",
    securityDefaults: true,
    perUserMfa: true,
    setup: async () => {},
    run: async (w) => {
      await quickstartUp(w);
      await w.mfa.up();
    },
  },
];

/** Whether each journaled change still holds in the tenant (what the journal claims is what the tenant holds). */
function journalProblems(w: World): string[] {
  const policies = w.t.store.conditionalAccessPolicies as any[];
  const problems: string[] = [];
  for (const entry of (w.mfa.resource?.outs.journal ?? []) as JournalEntry[]) {
    const policy = findById(policies, entry.policyId);
    if (!policy) problems.push(`journaled ${entry.displayName} is gone`);
    else if (driftedParts(policy, entry.set).length) problems.push(`journaled ${entry.displayName} does not hold ${driftedParts(policy, entry.set).join(", ")}`);
  }
  for (const [userId, previous] of journalEntries(w.mfa.resource?.outs.perUserMfa?.journal))
    if (w.t.store.perUserMfa[userId] !== "disabled") problems.push(`per-user MFA of ${userId} is journaled (was ${previous}) but is ${w.t.store.perUserMfa[userId]}`);
  for (const entry of (w.sd?.resource?.outs.handoverJournal ?? []) as { policyId: string; displayName: string }[])
    if (findById(policies, entry.policyId)?.state !== "enabled") problems.push(`hand-over ${entry.displayName} is journaled but not enabled`);
  return problems;
}

describe("fault matrix: a fault at every Graph request of every operation", function () {
  this.timeout(600_000);
  const emu = useHandlerEmulator();

  for (const operation of OPERATIONS)
    it(operation.name, async () => {
      // A clean run says how many Graph requests the operation makes.
      const probe = world(emu, operation.securityDefaults, operation.perUserMfa);
      await operation.setup(probe);
      const start = probe.t.mark();
      await operation.run(probe);
      const requests = probe.t.requests(start).length;

      const failures: string[] = [];
      let scenarios = 0;
      let failedFirst = 0;
      for (let index = 0; index < requests; index++)
        for (const kind of KINDS)
          for (const retries of [true, false]) {
            scenarios++;
            const label = `${kind} at request ${index + 1}/${requests}, retries ${retries ? "on" : "off"}`;
            const w = world(emu, operation.securityDefaults, operation.perUserMfa);
            const before = comparable(w.t.dump());
            // Who had no MFA before the stack touched the tenant: a destroy may leave them so again.
            const allowed = [w.breakGlass, ...w.t.unprotected()];
            await operation.setup(w);
            const at = w.t.timeline().length;
            if (!retries) process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
            emu.control.injectFault({ path: "/", skip: index, kind, ...(kind.endsWith("status") ? { status: 503 } : {}) } as FaultSpec);
            try {
              await operation.run(w);
            } catch {
              failedFirst++;
            } finally {
              emu.control.clearFaults();
              delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
            }
            try {
              await operation.run(w);
            } catch (e) {
              failures.push(`${label}: the re-run failed: ${(e as Error).message}`);
              continue;
            }
            const lost = w.t.unprotected().filter((u) => !allowed.includes(u));
            if (lost.length) failures.push(`${label}: without MFA after the re-run: ${lost.join(", ")}`);
            const window = longestUnprotectedRun(w.t.timeline().slice(at), allowed);
            if (window > 1) failures.push(`${label}: ${window} mutations in a row left someone without MFA`);
            const managed = (w.t.store.conditionalAccessPolicies as any[]).filter((p) => p.displayName === MANAGED).length;
            if (managed > 1) failures.push(`${label}: ${managed} managed policies`);
            failures.push(...journalProblems(w).map((p) => `${label}: ${p}`));
            try {
              await quickstartDestroy(w);
              const after = comparable(w.t.dump());
              if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${label}: destroy did not return the tenant to its start`);
            } catch (e) {
              failures.push(`${label}: destroy failed: ${(e as Error).message}`);
            }
          }
      process.stdout.write(
        `      ${operation.name}: ${requests} Graph requests × ${KINDS.length} fault kinds × retries on/off = ${scenarios} scenarios; ` +
          `${failedFirst} first runs failed; ${scenarios - new Set(failures.map((f) => f.split(":")[0])).size} held, ${new Set(failures.map((f) => f.split(":")[0])).size} did not\n`,
      );
      expect(failures).to.deep.equal([]);
    });
});
