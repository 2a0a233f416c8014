// `npm run bench` [-- SIZES…]: the MFA status report against emulated tenants of 1,000, 10,000 and 50,000 users, with
// Graph's throttles on (Conditional Access 1 request/s, resource units per 10 s, reports 5 per 10 s) and a latency on
// every request. Per size, the emulator runs in one child process and the measured collector (collect, evaluate, then
// render each format) in another, with a capped heap; the request log is read from the emulator afterwards.
//
// "Requests" are HTTP requests sent to Graph (a $batch counts once; its items are shown apart; token requests are not
// Graph requests). The ratio is requests ÷ the minimum of provider/report/economy.ts for the tenant's shape; the floor
// is the wall time Graph's documented limits allow for that shape (economy.ts, wallTimeFloor).
//
// `npm run bench -- --fleet`: the fleet report (`entra-mfa status --tenants`) over 100 emulated tenants of 2,000 users
// (BENCH_FLEET_TENANTS, BENCH_FLEET_USERS), read at once in one process: total requests against the sum of the
// tenants' minimums, 429s, wall time against the slowest tenant's floor, and peak memory.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { trustEmulatorCa, type RequestLogEntry } from "../emulator";
import { countByClass, minimumByClass, minimumRequests, REQUEST_CLASSES, wallTimeFloor, type MinimumRequests, type TenantShape } from "../provider/report/economy";
import type { ReportFormat } from "../provider/report/status";
import { resourceUnitBudget, REPORTS_PER_WINDOW, THROTTLE_WINDOW_MS } from "../provider/graph/budget";
import type { BenchTenantReady } from "./emulator-server";

const FLEET = process.argv.includes("--fleet");
const ARGS = process.argv.slice(2).filter((a) => a !== "--fleet");
const SIZES = ARGS.length > 0 ? ARGS.map(Number) : [1_000, 10_000, 50_000];
const FLEET_TENANTS = Number(process.env.BENCH_FLEET_TENANTS ?? 100);
const FLEET_USERS = Number(process.env.BENCH_FLEET_USERS ?? 2_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 256);
// Extra node options for the measured runs and for the emulator, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile.
const nodeArgs = (name: string) => (process.env[name] ?? "").split(" ").filter(Boolean);
const RUN_NODE_ARGS = nodeArgs("BENCH_NODE_ARGS");
const EMULATOR_NODE_ARGS = nodeArgs("BENCH_EMULATOR_NODE_ARGS");

interface Ready {
  tenants: BenchTenantReady[];
  url: string;
  caCertPath: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  shape: TenantShape;
  setupSeconds: number;
}

interface Peaks {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  maxRss: number;
}

interface Figures {
  users: number;
  warnings: string[];
  collectSeconds: number;
  renders: Record<ReportFormat, { seconds: number; bytes: number }>;
  /** Collecting, evaluating and rendering JSON. */
  throughJson: Peaks;
  /** The whole run, every format rendered. */
  allFormats: Peaks;
}

/** Starts a child and resolves with its first stdout line, parsed. */
function child<T>(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const proc = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const first = new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.once("line", (line) => resolve(JSON.parse(line) as T));
    proc.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
  return { proc, first };
}

const dist = (file: string) => join(__dirname, file);

async function measure(users: number) {
  const emulator = child<Ready>([...EMULATOR_NODE_ARGS, dist("emulator-server.js"), String(users), String(LATENCY_MS)]);
  try {
    const ready = await emulator.first;
    trustEmulatorCa(readFileSync(ready.caCertPath, "utf8"));
    const run = child<Figures>([...RUN_NODE_ARGS, `--max-old-space-size=${HEAP_MB}`, dist("collect-run.js")], {
      ...process.env,
      NODE_EXTRA_CA_CERTS: ready.caCertPath,
      BENCH_URL: ready.url,
      BENCH_TENANT: ready.tenantId,
      BENCH_CLIENT_ID: ready.clientId,
      BENCH_CLIENT_SECRET: ready.clientSecret,
      BENCH_CONCURRENCY: String(CONCURRENCY),
    });
    const figures = await run.first;
    const log = (await (await fetch(`${ready.url}/_emulator/requests?tenantId=${ready.tenantId}`)).json()) as RequestLogEntry[];
    return { ready, figures, log };
  } finally {
    emulator.proc.kill("SIGTERM");
  }
}

function countsOf(log: RequestLogEntry[], minimum: MinimumRequests) {
  const graph = log.filter((r) => r.version !== "identity");
  const sent = graph.filter((r) => !r.batchItem);
  const byClass = countByClass(sent.map((r) => r.path));
  const expected = minimumByClass(minimum);
  const differences = REQUEST_CLASSES.filter((cls) => byClass[cls] !== expected[cls]).map((cls) => `${cls} ${byClass[cls]} (minimum ${expected[cls]})`);
  return {
    sent: sent.length,
    batches: byClass.batches,
    batchItems: graph.filter((r) => r.batchItem).length,
    tokens: log.filter((r) => r.version === "identity").length,
    throttled: graph.filter((r) => r.status === 429).length,
    differences,
  };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const pad = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join("  ");

async function main(): Promise<void> {
  console.log(`MFA status report bench: latency ${LATENCY_MS} ms per request, throttles on, ${CONCURRENCY} $batches in flight, collector heap cap ${HEAP_MB} MB`);
  const header = ["users", "requests", "minimum", "ratio", "$batches", "batch items", "429s", "wall s", "floor s", "wall/floor", "collect s", "render s", "peak RSS MB", "peak heap MB", "maxRSS MB"];
  const widths = header.map((h) => Math.max(h.length, 7));
  const rows: string[] = [];
  const notes: string[] = [];
  for (const users of SIZES) {
    process.stderr.write(`${users} users: generating the tenant and starting the emulator…\n`);
    const { ready, figures, log } = await measure(users);
    const minimum = minimumRequests(ready.shape);
    const floor = wallTimeFloor(ready.shape);
    const c = countsOf(log, minimum);
    const json = figures.renders.json;
    const wall = figures.collectSeconds + json.seconds;
    const renders = Object.entries(figures.renders).map(([format, r]) => `${format} ${r.seconds.toFixed(1)} s (${mb(r.bytes)} MB)`);
    rows.push(
      pad(
        [
          users, c.sent, minimum.total, (c.sent / minimum.total).toFixed(3), c.batches, c.batchItems, c.throttled,
          wall.toFixed(1), floor.seconds.toFixed(1), floor.seconds > 0 ? (wall / floor.seconds).toFixed(3) : "-",
          figures.collectSeconds.toFixed(1), json.seconds.toFixed(1), mb(figures.throughJson.rss), mb(figures.throughJson.heapUsed), mb(figures.throughJson.maxRss),
        ],
        widths,
      ),
    );
    notes.push(
      `${users} users: minimum ${JSON.stringify(minimum)}; floor by limit ${JSON.stringify(floor.byLimit)} s; ${c.tokens} token request(s) not counted; render ${renders.join(", ")}; ` +
        `peak heap committed ${mb(figures.throughJson.heapTotal)} MB, external ${mb(figures.throughJson.external)} MB; ` +
        `with every format rendered: peak RSS ${mb(figures.allFormats.rss)} MB, heap ${mb(figures.allFormats.heapUsed)} MB; emulator setup ${ready.setupSeconds.toFixed(1)} s` +
        (c.differences.length ? `; differs from the minimum in: ${c.differences.join(", ")}` : "; every class at its minimum") +
        (figures.warnings.length ? `; report warnings: ${figures.warnings.join(" | ")}` : ""),
    );
    if (figures.users !== users) notes.push(`${users} users: the report holds ${figures.users} users!`);
  }
  console.log(pad(header, widths));
  for (const row of rows) console.log(row);
  console.log("\nrequests = HTTP requests sent to Graph (each $batch once); batch items are the requests inside the $batches.");
  console.log("wall s, render s and the peaks: collecting and rendering JSON (what `entra-mfa status --json` does); the other formats are below.");
  console.log(
    "floor s (provider/report/economy.ts wallTimeFloor) = the shortest time Graph's documented limits allow for the minimum's requests, " +
      "the largest of: registration report (⌈pages/5⌉ − 1) × 10 s, resource units (⌈units/budget⌉ − 1) × 10 s, Conditional Access (requests − 1) × 1 s.",
  );
  console.log(
    "minimum (provider/report/economy.ts) = 1 Security Defaults + 1 CA list + 1 authenticationMethodsPolicy + 1 directoryRoles + ⌈roles/20⌉ " +
      "+ ⌈(2·referenced groups + role-holding groups)/20⌉ + Σ groups (⌈transitive members/999⌉ − 1) + ⌈users/999⌉ (per-user MFA state included) " +
      "+ ⌈registration rows/999⌉ + ⌈users whose listing lacks the state/20⌉; ratio = requests / minimum",
  );
  for (const note of notes) console.log(note);
}

interface FleetFigures {
  tenants: number;
  failed: number;
  users: number;
  collectSeconds: number;
  renderSeconds: number;
  bytes: number;
  slowestTenantSeconds: number;
  medianTenantSeconds: number;
  peakRss: number;
  maxRss: number;
  /** CPU seconds of the fleet run when every tenant had been read (before rendering). */
  collectCpuSeconds: number;
  cpuSeconds: number;
}

/** CPU seconds a child process has used so far (Linux /proc; fields 14 and 15 are user and system clock ticks). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * The shortest time Graph's documented limits allow for reading a tenant of this shape, whatever the client does:
 * the registration report's pages at 5 per 10 s, the resource units at the tenant's budget per 10 s (per-user reads
 * 1 each, listing pages 1, member pages 4), Conditional Access pages at 1 per second. 0 when all fit in one window.
 */
function limitFloorSeconds(shape: TenantShape): number {
  const m = minimumRequests(shape);
  const units = m.users + shape.users + m.groupMemberPages * 4 + 2 * shape.referencedGroups.length * 2 + shape.activatedRoles + 4;
  const windows = (n: number, perWindow: number) => Math.max(0, Math.ceil(n / perWindow) - 1);
  return Math.max(
    windows(m.registrationDetails, REPORTS_PER_WINDOW) * (THROTTLE_WINDOW_MS / 1000),
    windows(units, resourceUnitBudget(shape.users)) * (THROTTLE_WINDOW_MS / 1000),
    m.conditionalAccess - 1,
  );
}

async function fleetMain(): Promise<void> {
  console.log(
    `MFA status fleet bench: ${FLEET_TENANTS} tenants of ${FLEET_USERS} users, latency ${LATENCY_MS} ms per request, throttles on, ` +
      `all tenants read at once in one process (heap cap ${HEAP_MB} MB)`,
  );
  process.stderr.write(`generating ${FLEET_TENANTS + 1} tenants and starting the emulator…\n`);
  const emulator = child<Ready>([...EMULATOR_NODE_ARGS, dist("emulator-server.js"), String(FLEET_USERS), String(LATENCY_MS), String(FLEET_TENANTS)]);
  const dir = mkdtempSync(join(tmpdir(), "entra-mfa-fleet-bench-"));
  try {
    const ready = await emulator.first;
    trustEmulatorCa(readFileSync(ready.caCertPath, "utf8"));
    const solo = ready.tenants.find((t) => t.name === "solo")!;
    const fleet = ready.tenants.filter((t) => t !== solo);
    process.stderr.write(`emulator ready in ${ready.setupSeconds.toFixed(1)} s; reading one tenant of the same shape alone…\n`);
    const alone = await child<Figures>([...RUN_NODE_ARGS, `--max-old-space-size=${HEAP_MB}`, dist("collect-run.js")], {
      ...process.env,
      NODE_EXTRA_CA_CERTS: ready.caCertPath,
      BENCH_URL: ready.url,
      BENCH_TENANT: solo.tenantId,
      BENCH_CLIENT_ID: solo.clientId,
      BENCH_CLIENT_SECRET: solo.clientSecret,
      BENCH_CONCURRENCY: String(CONCURRENCY),
    }).first;
    const file = join(dir, "tenants.json");
    const connection = (t: BenchTenantReady) => ({ clientId: t.clientId, clientSecret: t.clientSecret, graphBaseUrl: ready.url, authorityHost: ready.url });
    writeFileSync(file, JSON.stringify(fleet.map((t) => ({ tenant: t.tenantId, name: t.name, connection: connection(t) }))), { mode: 0o600 });
    process.stderr.write(`reading ${fleet.length} tenants at once…\n`);
    const emulatorCpuBefore = cpuSecondsOf(emulator.proc.pid);
    const figures = await child<FleetFigures>([...RUN_NODE_ARGS, `--max-old-space-size=${HEAP_MB}`, dist("fleet-run.js")], {
      ...process.env,
      NODE_EXTRA_CA_CERTS: ready.caCertPath,
      BENCH_FLEET_FILE: file,
    }).first;
    const emulatorCpu = cpuSecondsOf(emulator.proc.pid) - emulatorCpuBefore;
    const ofFleet = new Set(fleet.map((t) => t.tenantId.toLowerCase()));
    const entries = async (query: string) =>
      ((await (await fetch(`${ready.url}/_emulator/requests?${query}`)).json()) as RequestLogEntry[]).filter(
        (r) => r.version !== "identity" && r.tenantId !== undefined && ofFleet.has(r.tenantId.toLowerCase()),
      );
    const sent = await entries("batchItem=false");
    const throttled = await entries("status=429");
    const minimum = fleet.reduce((n, t) => n + minimumRequests(t.shape).total, 0);
    const differences = fleet.flatMap((t) => {
      const mine = sent.filter((r) => r.tenantId!.toLowerCase() === t.tenantId.toLowerCase()).length;
      const least = minimumRequests(t.shape).total;
      return mine === least ? [] : [`${t.name} ${mine} (minimum ${least})`];
    });
    const limitFloor = Math.max(...fleet.map((t) => limitFloorSeconds(t.shape)));
    const floor = Math.max(limitFloor, alone.collectSeconds);
    const header = ["tenants", "users", "failed", "requests", "Σ minimum", "ratio", "429s", "wall s", "floor s", "wall/floor", "peak RSS MB", "maxRSS MB"];
    const widths = header.map((h) => Math.max(h.length, 7));
    console.log(pad(header, widths));
    console.log(
      pad(
        [figures.tenants, figures.users, figures.failed, sent.length, minimum, (sent.length / minimum).toFixed(3), throttled.length, figures.collectSeconds.toFixed(1), floor.toFixed(1), (figures.collectSeconds / floor).toFixed(2), mb(figures.peakRss), mb(figures.maxRss)],
        widths,
      ),
    );
    console.log(
      `\nrequests = HTTP requests sent to Graph by the fleet run (each $batch once; token requests not counted); Σ minimum = the sum of each tenant's minimum (provider/report/economy.ts).`,
    );
    console.log(
      `floor = the slowest tenant's floor: the larger of what Graph's documented limits allow for its shape (${limitFloor.toFixed(1)} s: every limit fits one 10 s window at ${FLEET_USERS} users) ` +
        `and one tenant of the same shape read alone against the same emulator (${alone.collectSeconds.toFixed(1)} s, ${alone.users} users). wall = collecting and evaluating every tenant (spoolFleetMfaStatus).`,
    );
    console.log(
      `Per tenant inside the fleet run: slowest ${figures.slowestTenantSeconds.toFixed(1)} s, median ${figures.medianTenantSeconds.toFixed(1)} s. Fleet JSON rendered in ${figures.renderSeconds.toFixed(1)} s (${mb(figures.bytes)} MB). ` +
        `CPU: the fleet run ${figures.collectCpuSeconds.toFixed(1)} s reading (${((1e6 * figures.collectCpuSeconds) / figures.users).toFixed(0)} µs a user, ` +
        `${((1e3 * figures.collectCpuSeconds) / sent.length).toFixed(1)} ms a request), ${figures.cpuSeconds.toFixed(1)} s with the render; the emulator ${emulatorCpu.toFixed(1)} s during the fleet run ` +
        `(${((1e3 * emulatorCpu) / sent.length).toFixed(1)} ms a request). One Node.js thread reads at most 1 CPU second a second, so the wall time cannot fall below ` +
        `${figures.collectCpuSeconds.toFixed(1)} s here whatever Graph allows. ` +
        (differences.length ? `Tenants off their minimum: ${differences.slice(0, 5).join(", ")}${differences.length > 5 ? ` and ${differences.length - 5} more` : ""}.` : "Every tenant at its minimum."),
    );
  } finally {
    emulator.proc.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

(FLEET ? fleetMain() : main()).catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
