// The bench's Graph: an emulator in its own process (so its memory and CPU are not the collector's), loaded with a
// generated tenant, Graph's throttles on and a fixed latency per request. Prints one JSON line when ready; stops on
// SIGTERM. `node dist/bench/emulator-server.js USERS LATENCY_MS`
import { startEmulator } from "../emulator";
import { ids, READER_APP, secretOf } from "../tests/support/fixtures";
import { BENCH_NAME, benchTenant } from "./tenant";

async function main(): Promise<void> {
  const users = Number(process.argv[2]);
  const latencyMs = Number(process.argv[3] ?? 30);
  const started = Date.now();
  const { fixture, shape } = benchTenant(users);
  const emulator = await startEmulator({ fixture, latencyMs, caThrottle: { requestsPerSecond: 1 }, directoryThrottle: true });
  process.stdout.write(
    JSON.stringify({
      url: emulator.url,
      caCertPath: emulator.caCertPath,
      tenantId: fixture.tenantId,
      clientId: ids.app(READER_APP, BENCH_NAME),
      clientSecret: secretOf(READER_APP, BENCH_NAME),
      shape,
      setupSeconds: (Date.now() - started) / 1000,
    }) + "\n",
  );
  process.once("SIGTERM", () => void emulator.stop().then(() => process.exit(0)));
}

main().catch((e: Error) => {
  process.stderr.write(`bench emulator: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
