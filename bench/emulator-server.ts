// The bench's Graph: an emulator in its own process (so its memory and CPU are not the collector's), loaded with
// generated tenants, Graph's throttles on and a fixed latency per request. Prints one JSON line when ready; stops on
// SIGTERM. `node dist/bench/emulator-server.js USERS LATENCY_MS [TENANTS]`: one tenant, or TENANTS tenants of USERS
// users each (a fleet) plus one more of the same shape, "solo", to be read alone.
import { startEmulator, type TenantFixture } from "../emulator";
import type { TenantShape } from "../provider/report/economy";
import { ids, READER_APP, secretOf } from "../tests/support/fixtures";
import { BENCH_NAME, benchTenant } from "./tenant";

export interface BenchTenantReady {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  shape: TenantShape;
}

async function main(): Promise<void> {
  const users = Number(process.argv[2]);
  const latencyMs = Number(process.argv[3] ?? 30);
  const fleetSize = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  const started = Date.now();
  const names = fleetSize === undefined ? [BENCH_NAME] : [...Array.from({ length: fleetSize }, (_, i) => `fleet${String(i).padStart(3, "0")}`), "solo"];
  const fixtures: TenantFixture[] = [];
  const tenants: BenchTenantReady[] = names.map((name) => {
    const { fixture, shape } = benchTenant(users, name);
    fixtures.push(fixture);
    return { name, tenantId: fixture.tenantId, clientId: ids.app(READER_APP, name), clientSecret: secretOf(READER_APP, name), shape };
  });
  const emulator = await startEmulator({ fixture: { tenants: fixtures }, latencyMs, caThrottle: { requestsPerSecond: 1 }, directoryThrottle: true });
  fixtures.length = 0;
  process.stdout.write(
    JSON.stringify({ url: emulator.url, caCertPath: emulator.caCertPath, ...tenants[0]!, tenants, setupSeconds: (Date.now() - started) / 1000 }) + "\n",
  );
  process.once("SIGTERM", () => void emulator.stop().then(() => process.exit(0)));
}

main().catch((e: Error) => {
  process.stderr.write(`bench emulator: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
