// `npm run bench` [-- SIZES…]: the MFA status report against emulated tenants of 1,000, 10,000 and 50,000 users, with
// Graph's throttles on (Conditional Access 1 request/s, resource units per 10 s, reports 5 per 10 s) and a latency on
// every request. Per size, the emulator runs in one child process and the measured collector (collect, evaluate, then
// render each format) in another, with a capped heap; the request log is read from the emulator afterwards.
//
// "Requests" are HTTP requests sent to Graph (a $batch counts once; its items are shown apart; token requests are not
// Graph requests). The ratio is requests ÷ the minimum of provider/report/economy.ts for the tenant's shape; the floor
// is the wall time Graph's documented limits allow for that shape (economy.ts, wallTimeFloor).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { trustEmulatorCa, type RequestLogEntry } from "../emulator";
import { countByClass, minimumByClass, minimumRequests, REQUEST_CLASSES, wallTimeFloor, type MinimumRequests, type TenantShape } from "../provider/report/economy";
import type { ReportFormat } from "../provider/report/status";

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000, 10_000, 50_000];
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 256);

interface Ready {
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
  const emulator = child<Ready>([dist("emulator-server.js"), String(users), String(LATENCY_MS)]);
  try {
    const ready = await emulator.first;
    trustEmulatorCa(readFileSync(ready.caCertPath, "utf8"));
    const run = child<Figures>([`--max-old-space-size=${HEAP_MB}`, dist("collect-run.js")], {
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

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
