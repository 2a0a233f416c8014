// One measured fleet run, in a process of its own: every tenant of BENCH_FLEET_FILE read at once against the bench
// emulator (what `entra-mfa status --tenants FILE --json` does), then the fleet JSON rendered to a file, sampling
// memory throughout. Prints one JSON line of figures. `node --max-old-space-size=N dist/bench/fleet-run.js`.
import { createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { spoolFleetMfaStatus, streamSink, writeFleetJson, type FleetTenant } from "../provider/report";

async function main(): Promise<void> {
  const tenants = JSON.parse(readFileSync(process.env.BENCH_FLEET_FILE!, "utf8")) as FleetTenant[];
  let peakRss = 0;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const sampler = setInterval(sample, 25);
  const dir = await mkdtemp(join(tmpdir(), "entra-mfa-fleet-bench-"));
  const started = performance.now();
  let done = 0;
  const fleet = await spoolFleetMfaStatus({
    tenants,
    spoolDir: dir,
    tenantConcurrency: process.env.BENCH_TENANT_CONCURRENCY ? Number(process.env.BENCH_TENANT_CONCURRENCY) : undefined,
    onTenant: (t, e) => {
      if (e.kind === "failed") process.stderr.write(`  ${t.name} failed: ${e.error}\n`);
      if ((e.kind === "done" || e.kind === "failed") && ++done % 20 === 0) process.stderr.write(`  ${done}/${tenants.length} tenants read\n`);
    },
  });
  const collectSeconds = (performance.now() - started) / 1000;
  const collectCpuSeconds = cpuSeconds();
  const rendered = performance.now();
  const file = join(dir, "fleet.json");
  const out = createWriteStream(file);
  await writeFleetJson(fleet, streamSink(out));
  out.end();
  await finished(out);
  const renderSeconds = (performance.now() - rendered) / 1000;
  const bytes = (await stat(file)).size;
  const seconds = fleet.entries.map((e) => e.seconds).sort((a, b) => a - b);
  await fleet.dispose();
  await rm(dir, { recursive: true, force: true });
  clearInterval(sampler);
  sample();
  process.stdout.write(
    JSON.stringify({
      tenants: fleet.summary.totals.tenants,
      failed: fleet.summary.totals.failed,
      users: fleet.summary.totals.users,
      collectSeconds,
      renderSeconds,
      bytes,
      slowestTenantSeconds: seconds[seconds.length - 1],
      medianTenantSeconds: seconds[Math.floor(seconds.length / 2)],
      peakRss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      collectCpuSeconds,
      cpuSeconds: cpuSeconds(),
    }) + "\n",
  );
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

main().catch((e: Error) => {
  process.stderr.write(`fleet bench run: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
