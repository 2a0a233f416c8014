// `npm run demo`: the quickstart on a simulated tenant, start to finish. Starts the Graph emulator (its CLI, in a
// child process) with the sample tenant Contoso, then preview, up, a change made behind Pulumi's back, refresh, up,
// destroy, printing after each step what changed in the tenant and how many Graph requests and writes it took.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "../tests/engine";
import { EmulatorControlClient, startEmulatorProcess, type RunningEmulator } from "./emulator-process";
import { engineDoubleRunner, pulumiCliRunner, pulumiOnPath, type StackRunner } from "./stack-runner";
import { changesBetween, renderView, viewOf, type TenantView } from "./tenant-view";

const REPO = resolve(__dirname, "../..");
const FIXTURE = join(REPO, "emulator/fixtures/sample-tenant.json");
const MANAGED = "MFA (managed by Pulumi) - do not modify";
/**
 * Graph allows about one Conditional Access request a second per tenant, and so does the emulator by default. At that
 * pace the demo takes under half a minute; DEMO_CA_RATE raises it (emulator and provider alike).
 */
const CA_RATE = Number(process.env.DEMO_CA_RATE ?? 1);

interface Contoso {
  tenantId: string;
  admin: { clientId: string; clientSecret: string };
}

function contosoOf(): Contoso {
  const fixture = JSON.parse(readFileSync(FIXTURE, "utf8")) as { tenants: { tenantId: string; displayName?: string; apps: { clientId: string; displayName?: string; clientSecret?: string }[] }[] };
  const tenant = fixture.tenants.find((t) => t.displayName === "Contoso")!;
  const admin = tenant.apps.find((a) => a.displayName === "contoso-mfa-governance")!;
  return { tenantId: tenant.tenantId, admin: { clientId: admin.clientId, clientSecret: admin.clientSecret! } };
}

/** Ends the processes this one started (the program, the provider server, the emulator), by pid, deepest first. */
function killDescendants(pid: number): void {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return; // none, or no pgrep
  }
  for (const child of children) {
    killDescendants(child);
    try {
      process.kill(child, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

const indent = (lines: string[] | string, by = "    ") => (Array.isArray(lines) ? lines : lines.split("\n")).map((l) => `${by}${l}`).join("\n");

class Demo {
  private seq = 0;
  private view!: TenantView;

  constructor(
    private readonly control: EmulatorControlClient,
    /** Graph's base URL: the emulator's. */
    private readonly graphUrl: string,
    private readonly contoso: Contoso,
    private readonly runner: StackRunner,
  ) {}

  private async read(): Promise<TenantView> {
    const id = this.contoso.tenantId;
    return viewOf(await this.control.dump(id), await this.control.unprotectedUsers(id));
  }

  async begin(): Promise<TenantView> {
    this.view = await this.read();
    this.seq = await this.lastSeq();
    return this.view;
  }

  private async lastSeq(): Promise<number> {
    const all = await this.control.requests(this.contoso.tenantId, this.seq);
    return all.length ? all[all.length - 1]!.seq : this.seq;
  }

  /** Prints what changed in the tenant since the last report, and the Graph traffic that did it. */
  private async report(): Promise<void> {
    const requests = (await this.control.requests(this.contoso.tenantId, this.seq)).filter((r) => r.version !== "identity");
    const writes = requests.filter((r) => r.write);
    const now = await this.read();
    const changes = changesBetween(this.view, now);
    console.log(`  Tenant:${changes.length ? "" : " unchanged"}`);
    if (changes.length) console.log(indent(changes));
    console.log(`  Graph: ${requests.length} requests, ${writes.length} of them writes${writes.length ? ":" : ""}`);
    if (writes.length) console.log(indent(writes.map((w) => `${w.method} ${w.path} → ${w.status}`)));
    this.view = now;
    this.seq = await this.lastSeq();
  }

  async step(title: string, command: Command): Promise<void> {
    console.log(`\n== ${title}\n`);
    const started = Date.now();
    const run = await this.runner.run(command);
    console.log(indent(run.text, "  | "));
    if (run.plan) console.log(`\n  The takeoverPlan output:\n${indent(run.plan)}`);
    console.log(`\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await this.report();
    if (!run.ok) throw new Error(`pulumi ${command} failed`);
  }

  async behindPulumisBack(): Promise<void> {
    console.log("\n== Behind Pulumi's back, an administrator turns Security Defaults back on and puts the managed policy in report-only\n");
    const { tenantId, admin } = this.contoso;
    const token = await this.control.token(tenantId, admin.clientId);
    const graph = async (path: string, body: unknown): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${this.graphUrl}/v1.0${path}`, {
          method: "PATCH",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        if (response.ok) return;
        // Conditional Access answers 429 without Retry-After past ~1 request a second: wait that second out.
        if (response.status !== 429 || attempt === 5) throw new Error(`PATCH ${path}: ${response.status} ${await response.text()}`);
        await new Promise((r) => setTimeout(r, 1100));
      }
    };
    const policies = (await this.control.dump(tenantId)).conditionalAccessPolicies ?? [];
    const managed = policies.find((p) => p.displayName === MANAGED);
    if (!managed) throw new Error("the managed policy is not in the tenant");
    await graph(`/identity/conditionalAccess/policies/${managed.id}`, { state: "enabledForReportingButNotEnforced" });
    await graph("/policies/identitySecurityDefaultsEnforcementPolicy", { isEnabled: true });
    await this.report();
  }
}

async function main(): Promise<void> {
  let emulator: RunningEmulator | undefined;
  let runner: StackRunner | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      emulator?.process.kill("SIGTERM");
      await runner?.cleanup();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the emulator and the stack's processes`);
      // A signal sent to this process alone (not to the terminal's process group) would orphan them.
      killDescendants(process.pid);
      void cleanup().finally(() => process.exit(130));
    });
  process.once("exit", () => emulator?.process.kill("SIGTERM"));

  try {
    const started = Date.now();
    emulator = await startEmulatorProcess(join(REPO, "dist/emulator/cli.js"), FIXTURE);
    const control = new EmulatorControlClient(emulator.url);
    if (CA_RATE !== 1) await control.setCaThrottle(CA_RATE);
    const contoso = contosoOf();
    const settings = {
      repo: REPO,
      config: {
        "azuread:clientSecret": { secure: contoso.admin.clientSecret },
        "entra-mfa:graphBaseUrl": emulator.url,
        "entra-mfa:authorityHost": emulator.url,
        "entra-mfa:conditionalAccessRequestsPerSecond": String(CA_RATE),
      },
      env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath },
    };
    const pulumi = pulumiOnPath();
    runner = pulumi ? pulumiCliRunner(pulumi, settings) : engineDoubleRunner(settings);

    console.log(`Graph emulator: ${emulator.url} (pid ${emulator.process.pid}), sample tenant Contoso ${contoso.tenantId}`);
    console.log(`Conditional Access throttle: ${CA_RATE} request(s)/second per tenant${CA_RATE === 1 ? ", as Graph" : " (faster than Graph's 1/s; DEMO_CA_RATE)"}`);
    console.log(`Stack: examples/quickstart, run with ${runner.description}`);
    const demo = new Demo(control, emulator.url, contoso, runner);
    console.log(`\nThe tenant before:\n${indent(renderView(await demo.begin()))}`);

    await demo.step("pulumi preview: reads the tenant, plans, writes nothing", "preview");
    await demo.step("pulumi up", "up");
    await demo.step("pulumi up again: nothing to do", "up");
    await demo.behindPulumisBack();
    await demo.step("pulumi refresh: finds the drift (and writes nothing)", "refresh");
    await demo.step("pulumi up: repairs it", "up");
    await demo.step("pulumi destroy: the tenant as it was", "destroy");

    const end = await control.dump(contoso.tenantId);
    console.log(`\nThe tenant after destroy:\n${indent(renderView(viewOf(end, await control.unprotectedUsers(contoso.tenantId))))}`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await cleanup();
  }
}

main().catch((err: Error) => {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 1;
});
