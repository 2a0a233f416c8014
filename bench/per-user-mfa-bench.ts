// `npm run bench:per-user-mfa` [-- USERS]: a ManagedMfaPolicy with takeOver.perUserMfa "migrate" in the report
// bench's tenant (50,000 users, 2% on legacy per-user MFA), Graph's throttles on (Conditional Access 1 request/s,
// directory resource units and write quotas) and a latency on every request: create (the migration), a refresh
// (the drift check), and destroy (the restore). Prints Graph requests and wall time against the minimum of a
// migration, ⌈users/999⌉ listing reads + ⌈migrated/20⌉ `$batch`es; asserts nothing (timings vary by machine).
//
// Requests are HTTP round trips to Graph (a `$batch` counts once; its items are shown apart).
import { startEmulator, trustEmulatorCa, type RequestLogEntry } from "../emulator";
import { handle } from "../provider/handlers";
import { onProgress } from "../provider/handlers/context";
import { journalEntries } from "../provider/plan/per-user-journal";
import { ADMIN_APP, ids, secretOf } from "../tests/support/fixtures";
import { BENCH_NAME, benchTenant } from "./tenant";

const USERS = Number(process.argv[2] ?? 50_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
process.env.ENTRA_MFA_CA_REQUESTS_PER_SECOND = "1";

type Outs = Record<string, any>;

interface Figure {
  step: string;
  roundTrips: number;
  listing: number;
  batches: number;
  batchItems: number;
  other: number;
  throttled: number;
  seconds: number;
  minimum?: number;
}

const isListing = (r: RequestLogEntry) => r.path.endsWith("/users") && /perUserMfaState/.test(decodeURIComponent(r.query));

async function main(): Promise<void> {
  const { fixture } = benchTenant(USERS);
  const onPerUser = Object.values(fixture.perUserMfa ?? {}).filter((s) => s !== "disabled").length;
  // The MFA judge reads every user after each write; off, so the wall time is the client's and Graph's throttles'.
  const emu = await startEmulator({ fixture, latencyMs: LATENCY_MS, caThrottle: { requestsPerSecond: 1 }, directoryThrottle: true, timeline: false });
  const unprotectedAtStart = emu.control.protection(fixture.tenantId).unprotectedUserIds.length;
  trustEmulatorCa(emu.caCertPem);
  const connection = {
    tenantId: fixture.tenantId,
    clientId: ids.app(ADMIN_APP, BENCH_NAME),
    clientSecret: secretOf(ADMIN_APP, BENCH_NAME),
    graphBaseUrl: emu.url,
    authorityHost: emu.url,
  };
  const figures: Figure[] = [];
  const measure = async <T>(step: string, run: () => Promise<T>, minimum?: (result: T) => number): Promise<T> => {
    const since = emu.control.requests().at(-1)?.seq ?? 0;
    const started = performance.now();
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    const graph = emu.control.requests({ tenantId: fixture.tenantId, sinceSeq: since }).filter((r) => r.version !== "identity");
    const trips = graph.filter((r) => !r.batchItem);
    const batches = trips.filter((r) => r.path.endsWith("/$batch")).length;
    const listing = trips.filter(isListing).length;
    figures.push({
      step,
      roundTrips: trips.length,
      listing,
      batches,
      batchItems: graph.filter((r) => r.batchItem).length,
      other: trips.length - listing - batches,
      throttled: graph.filter((r) => r.status === 429).length,
      seconds,
      ...(minimum ? { minimum: minimum(result) } : {}),
    });
    return result;
  };
  console.log = () => {};
  console.warn = () => {};
  // The handler's progress on stderr, timed: what a user of a large tenant sees go by.
  const t0 = performance.now();
  onProgress((p) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${p.message.slice(0, 160)}\n`));
  const pages = Math.ceil(USERS / 999);
  try {
    const inputs = {
      resourceName: "mfa",
      includeAllUsers: true,
      excludeGroups: [ids.group("Break glass", BENCH_NAME)],
      // Other MFA policies left alone, so the figure is the per-user migration's.
      takeOver: { securityDefaults: true, mfaPolicies: "leave", perUserMfa: "migrate" },
      connection,
    };
    const created = await measure(
      "create (migrate)",
      () => handle("ManagedMfaPolicy", "create", inputs) as Promise<{ id: string; outs: Outs }>,
      (r) => pages + Math.ceil(journalEntries(r.outs.perUserMfa.journal).size / 20),
    );
    const migrated = journalEntries(created.outs.perUserMfa.journal).size;
    const unprotectedAfter = emu.control.protection(fixture.tenantId).unprotectedUserIds.length;
    const read = await measure("refresh (drift check)", () => handle("ManagedMfaPolicy", "read", created.id, created.outs) as Promise<{ props: Outs }>, () => pages);
    await measure("destroy (restore)", () => handle("ManagedMfaPolicy", "delete", created.id, read.props), () => pages + Math.ceil(migrated / 20));
    const restored = Object.entries(emu.control.tenant(fixture.tenantId).perUserMfa).filter(([id, s]) => fixture.perUserMfa![id] !== s).length;

    process.stdout.write(
      `tenant: ${USERS} users, ${onPerUser} on per-user MFA; ${migrated} covered and migrated, ${created.outs.perUserMfa.notCovered} left ` +
        `(break-glass); journal in state: ${JSON.stringify(created.outs.perUserMfa.journal).length} characters; ` +
        `after destroy ${restored} users differ from the start; enabled users without MFA: ${unprotectedAtStart} at the start, ${unprotectedAfter} after the migration\n` +
        `throttles: Conditional Access 1 request/s, directory resource units and write quotas; latency ${LATENCY_MS} ms a request\n\n`,
    );
    const cols = ["round trips", "listing", "$batch", "items", "other", "429", "minimum", "ratio", "seconds"];
    process.stdout.write(`${"step".padEnd(24)} ${cols.map((c) => c.padStart(11)).join(" ")}\n`);
    for (const f of figures) {
      const ratio = f.minimum ? (f.roundTrips / f.minimum).toFixed(2) : "";
      const values = [f.roundTrips, f.listing, f.batches, f.batchItems, f.other, f.throttled, f.minimum ?? "", ratio, f.seconds.toFixed(1)];
      process.stdout.write(`${f.step.padEnd(24)} ${values.map((v) => String(v).padStart(11)).join(" ")}\n`);
    }
  } finally {
    await emu.stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
