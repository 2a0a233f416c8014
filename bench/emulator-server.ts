// The bench's Graph: an emulator in its own process (so its memory and CPU are not the collector's), loaded with a
// generated tenant, Graph's throttles on and a fixed latency per request. Prints one JSON line when ready; stops on
// SIGTERM. `node dist/bench/emulator-server.js USERS LATENCY_MS`
import { startEmulator } from "../emulator";
import type { GraphObject } from "../emulator";
import { TenantStore } from "../emulator/store";
import { ids, secretOf } from "../tests/support/fixtures";
import { BENCH_APP, BENCH_NAME, benchTenant } from "./tenant";

// The emulator finds a user by scanning every user, which at 50,000 users makes each per-user read cost milliseconds
// of emulator CPU and would time the emulator, not the collector. Same answers, from an index.
const userIndex = new WeakMap<TenantStore, { users: GraphObject[]; length: number; byKey: Map<string, GraphObject> }>();
TenantStore.prototype.user = function (this: TenantStore, idOrUpn: string) {
  let index = userIndex.get(this);
  if (!index || index.users !== this.users || index.length !== this.users.length) {
    const byKey = new Map<string, GraphObject>();
    for (const u of this.users) {
      for (const key of [String(u.id).toLowerCase(), String(u.userPrincipalName).toLowerCase()]) if (!byKey.has(key)) byKey.set(key, u);
    }
    userIndex.set(this, (index = { users: this.users, length: this.users.length, byKey }));
  }
  return index.byKey.get(idOrUpn.toLowerCase());
};

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
      clientId: ids.app(BENCH_APP, BENCH_NAME),
      clientSecret: secretOf(BENCH_APP, BENCH_NAME),
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
