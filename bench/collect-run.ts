// One measured run, in a process of its own: collect and evaluate the report against the bench emulator, then render
// it to a file in every format from the same spool, sampling memory throughout. Prints one JSON line of figures: the
// peaks are those of collecting and rendering JSON (what `entra-mfa status --json` does), then of the whole run.
// `node --max-old-space-size=N dist/bench/collect-run.js` with BENCH_* variables (see report-bench.ts).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { createGraphApi, resolveConnection } from "../provider/graph";
import { REPORT_FORMATS, spoolMfaStatus, streamSink, writeReport, type ReportFormat } from "../provider/report";

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? "";
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
  };
  const sampler = setInterval(sample, 25);
  const dir = await mkdtemp(join(tmpdir(), "entra-mfa-bench-"));
  const started = performance.now();
  const connection = { tenantId: env("BENCH_TENANT"), clientId: env("BENCH_CLIENT_ID"), clientSecret: env("BENCH_CLIENT_SECRET"), graphBaseUrl: env("BENCH_URL"), authorityHost: env("BENCH_URL") };
  const graph = createGraphApi(resolveConnection(connection, undefined, {}), { onRetry: (e) => process.stderr.write(`retry: ${e.method} ${e.path} ${e.reason}\n`) });
  let lastProgress = 0;
  const report = await spoolMfaStatus({
    graph,
    concurrency: Number(env("BENCH_CONCURRENCY") || 6),
    spoolDir: dir,
    onProgress: (p) => {
      sample();
      if (Date.now() - lastProgress < 5_000) return;
      lastProgress = Date.now();
      process.stderr.write(`  users ${p.usersRead}, per-user MFA batches ${p.mfaBatchesDone}, registration rows ${p.registrationsRead}\n`);
    },
  });
  const collectSeconds = (performance.now() - started) / 1000;
  const renders = {} as Record<ReportFormat, { seconds: number; bytes: number }>;
  let throughJson: typeof peak & { maxRss: number } = { ...peak, maxRss: 0 };
  for (const format of ["json", ...REPORT_FORMATS.filter((f) => f !== "json")] as const) {
    const begun = performance.now();
    const file = join(dir, `report.${format}`);
    const out = createWriteStream(file);
    await writeReport(format, report.header, report.users(), streamSink(out));
    out.end();
    await finished(out);
    renders[format] = { seconds: (performance.now() - begun) / 1000, bytes: (await stat(file)).size };
    if (format === "json") {
      sample();
      throughJson = { ...peak, maxRss: maxRss() };
    }
  }
  await report.dispose();
  await rm(dir, { recursive: true, force: true });
  clearInterval(sampler);
  sample();
  process.stdout.write(
    JSON.stringify({
      users: report.header.summary.users.total,
      warnings: report.header.summary.warnings,
      collectSeconds,
      renders,
      throughJson,
      allFormats: { ...peak, maxRss: maxRss() },
    }) + "\n",
  );
}

const maxRss = () => process.resourceUsage().maxRSS * 1024;

main().catch((e: Error) => {
  process.stderr.write(`bench run: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
