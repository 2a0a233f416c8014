/**
 * What each lifecycle step of the three resources costs in Graph requests and time, at Graph's real Conditional
 * Access limit (1 request/second, `node dist/tests/handlers/benchmark.js [rate]`), and how long the Security
 * Defaults cut-over leaves users without MFA. Prints a table; asserts nothing (timings vary by machine).
 */
import { handle } from "../../provider/handlers";
import type { ResourceKind } from "../../provider/shim";
import { startEmulator, trustEmulatorCa, type Emulator, type TenantFixture } from "../../emulator";
import { ADMIN_APP, buildTenant, GLOBAL_ADMINISTRATOR, ids, storedPolicy } from "../support/fixtures";

const rate = Number(process.argv[2] ?? 1);
process.env.ENTRA_MFA_CA_REQUESTS_PER_SECOND = String(rate);

interface Row {
  step: string;
  /** Every Graph request, the items inside a `$batch` counted one by one. */
  requests: number;
  /** Of which round trips: requests outside a `$batch`, the `$batch`es included. */
  roundTrips: number;
  conditionalAccess: number;
  writes: number;
  ms: number;
}

const rows: Row[] = [];

async function measure<T>(emu: Emulator, tenantId: string, step: string, run: () => Promise<T>): Promise<T> {
  const since = emu.control.requests().at(-1)?.seq ?? 0;
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const graph = emu.control.requests({ tenantId, sinceSeq: since }).filter((r) => r.version !== "identity");
  rows.push({
    step,
    requests: graph.filter((r) => r.path !== "/v1.0/$batch").length,
    roundTrips: graph.filter((r) => !r.batchItem).length,
    conditionalAccess: graph.filter((r) => r.path.includes("/identity/conditionalAccess/")).length,
    writes: graph.filter((r) => r.write).length,
    ms: Math.round(ms),
  });
  return result;
}

function connection(emu: Emulator, tenant: TenantFixture) {
  const app = tenant.apps!.find((a) => a.displayName === ADMIN_APP)!;
  return { tenantId: tenant.tenantId, clientId: app.clientId, clientSecret: app.clientSecret, graphBaseUrl: emu.url, authorityHost: emu.url };
}

type Outs = Record<string, any>;

/** check, create, refresh, a second up (diff + update), destroy. */
async function lifecycle(emu: Emulator, tenant: TenantFixture, kind: ResourceKind, label: string, inputs: Outs): Promise<void> {
  await measure(emu, tenant.tenantId, `${label}: check`, () => handle(kind, "check", undefined, inputs));
  const created = await measure(emu, tenant.tenantId, `${label}: create`, () => handle(kind, "create", inputs) as Promise<{ id: string; outs: Outs }>);
  const read = await measure(emu, tenant.tenantId, `${label}: refresh`, () => handle(kind, "read", created.id, created.outs) as Promise<{ props: Outs }>);
  await measure(emu, tenant.tenantId, `${label}: second up (diff + update)`, async () => {
    await handle(kind, "diff", created.id, read.props, inputs);
    await handle(kind, "update", created.id, read.props, inputs);
  });
  await measure(emu, tenant.tenantId, `${label}: destroy`, () => handle(kind, "delete", created.id, read.props));
}

async function main(): Promise<void> {
  const takeover = buildTenant({
    name: "bench-takeover",
    users: 50,
    groups: [{ displayName: "Engineering", users: [2, 3, 4] }],
    roles: { [GLOBAL_ADMINISTRATOR]: [5] },
    policies: [
      // Both exclude the break-glass account the managed policy excludes, so both can be taken over.
      storedPolicy({ displayName: "Admins MFA", includeUsers: [], includeRoles: [GLOBAL_ADMINISTRATOR], excludeUsers: [ids.user(0, "bench-takeover")] }),
      storedPolicy({
        displayName: "Engineering MFA and device",
        includeUsers: [],
        includeGroups: [ids.group("Engineering", "bench-takeover")],
        excludeUsers: [ids.user(0, "bench-takeover")],
        controls: ["mfa", "compliantDevice"],
        operator: "AND",
      }),
      storedPolicy({ displayName: "Report-only", state: "enabledForReportingButNotEnforced" }),
    ],
  });
  const sdName = "bench-sd";
  const sd = buildTenant({ name: sdName, users: 50, securityDefaults: true });
  const emu = await startEmulator({ fixture: { tenants: [takeover, sd] }, caThrottle: { requestsPerSecond: rate } });
  trustEmulatorCa(emu.caCertPem);
  console.log = () => {};
  console.warn = () => {};
  try {
    await lifecycle(emu, takeover, "ManagedMfaPolicy", "ManagedMfaPolicy, 2 policies taken over", {
      resourceName: "mfa",
      includeAllUsers: true,
      excludeUsers: [ids.user(0, "bench-takeover")],
      connection: connection(emu, takeover),
    });
    // check's tenant look-ups grow by one `$batch` per 20 users and groups named, whatever else the inputs hold.
    await measure(emu, takeover.tenantId, "ManagedMfaPolicy check: 40 users, 1 group, 1 role", () =>
      handle("ManagedMfaPolicy", "check", undefined, {
        resourceName: "mfa",
        includeUsers: Array.from({ length: 40 }, (_, i) => ids.user(i + 1, "bench-takeover")),
        includeGroups: [ids.group("Engineering", "bench-takeover")],
        includeRoles: [GLOBAL_ADMINISTRATOR],
        excludeUsers: [ids.user(0, "bench-takeover")],
        connection: connection(emu, takeover),
      }),
    );
    await lifecycle(emu, takeover, "SystemPreferredMfa", "SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: connection(emu, takeover) });

    // The pairing: the managed policy first (report-only), then the cut-over.
    const breakGlass = ids.user(0, sdName);
    const conn = connection(emu, sd);
    const mfa = await measure(emu, sd.tenantId, "pairing: ManagedMfaPolicy create (SD on)", () =>
      handle("ManagedMfaPolicy", "create", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [breakGlass], connection: conn }) as Promise<{ id: string; outs: Outs }>,
    );
    const cut = await measure(emu, sd.tenantId, "pairing: SecurityDefaultsOff create (cut-over)", () =>
      handle("SecurityDefaultsOff", "create", { resourceName: "sd", handoverPolicyIds: [mfa.id], breakGlassAccounts: [breakGlass], connection: conn }) as Promise<{ id: string; outs: Outs }>,
    );
    const timeline = emu.control.timeline(sd.tenantId);
    const exposed = timeline.filter((e) => e.unprotectedUserIds.some((u) => u !== breakGlass));
    const off = timeline.find((e) => e.path.endsWith("identitySecurityDefaultsEnforcementPolicy"))!;
    const protectedAgain = timeline.find((e) => e.seq > off.seq && !e.unprotectedUserIds.some((u) => u !== breakGlass))!;
    await measure(emu, sd.tenantId, "pairing: SecurityDefaultsOff destroy", () => handle("SecurityDefaultsOff", "delete", cut.id, cut.outs));
    await measure(emu, sd.tenantId, "pairing: ManagedMfaPolicy destroy", () => handle("ManagedMfaPolicy", "delete", mfa.id, mfa.outs));

    process.stdout.write(`Conditional Access pace: ${rate} request(s)/second per tenant (client and emulator)\n\n`);
    process.stdout.write(`${"step".padEnd(56)} ${"Graph".padStart(6)} ${"trips".padStart(6)} ${"CA".padStart(4)} ${"writes".padStart(7)} ${"ms".padStart(7)}\n`);
    for (const r of rows)
      process.stdout.write(
        `${r.step.padEnd(56)} ${String(r.requests).padStart(6)} ${String(r.roundTrips).padStart(6)} ${String(r.conditionalAccess).padStart(4)} ${String(r.writes).padStart(7)} ${String(r.ms).padStart(7)}\n`,
      );
    process.stdout.write(
      `\ncut-over: ${exposed.length} mutation(s) with users other than break-glass unprotected; ` +
        `${Date.parse(protectedAgain.at) - Date.parse(off.at)} ms from the Security Defaults PATCH to the hand-over PATCH being recorded\n` +
        `429 answers: ${emu.control.requests({ status: 429 }).length}\n`,
    );
  } finally {
    await emu.stop();
  }
}

void main();
