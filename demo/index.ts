// `npm run demo`: the quickstart on a simulated tenant, start to finish. Starts the Graph emulator with the sample
// tenant Contoso, then preview, up, a change made behind Pulumi's back, refresh, up, destroy, printing after each step
// what changed in the tenant and how many Graph requests and writes it took.
import { exitUnlessSupportedNode } from "../runtime/node-version";

exitUnlessSupportedNode("npm run demo");
// Loaded after the check, so that an old Node.js gets its message rather than a stack trace.
import { execFileSync } from "node:child_process";
import { startEmulator, trustEmulatorCa, type Emulator, type EmulatorControl } from "../emulator";
import { DEFAULT_DISPLAY_NAME } from "../provider/plan/inputs";
import type { Command } from "../tests/engine";
import { REPO, SAMPLE_FIXTURE, graphRequests, lastSeq, sampleTenant, type SampleTenant } from "../tests/lifecycle/support";
import { engineDoubleRunner, pulumiCliRunner, pulumiOnPath, type StackRunner } from "./stack-runner";
import { changesBetween, renderView, viewOf, type TenantView } from "./tenant-view";

/**
 * Graph allows about one Conditional Access request a second per tenant, and so does the emulator by default. At that
 * pace the demo takes under half a minute; DEMO_CA_RATE raises it (emulator and provider alike).
 */
const CA_RATE = Number(process.env.DEMO_CA_RATE ?? 1);

/** Ends the processes this one started (the pulumi CLI or the program and provider server), by pid, deepest first. */
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
    private readonly emulator: Emulator,
    private readonly contoso: SampleTenant,
    private readonly runner: StackRunner,
  ) {}

  private get control(): EmulatorControl {
    return this.emulator.control;
  }

  read(): TenantView {
    return viewOf(this.control.dump(this.contoso.id), this.control.protection(this.contoso.id).unprotectedUserIds);
  }

  begin(): TenantView {
    this.view = this.read();
    this.seq = lastSeq(this.emulator);
    return this.view;
  }

  /** Prints what changed in the tenant since the last report, and the Graph traffic that did it. */
  private report(): void {
    const requests = graphRequests(this.emulator, this.contoso.id, this.seq);
    const writes = requests.filter((r) => r.write);
    const now = this.read();
    const changes = changesBetween(this.view, now);
    console.log(`  Tenant:${changes.length ? "" : " unchanged"}`);
    if (changes.length) console.log(indent(changes));
    console.log(`  Graph: ${requests.length} requests, ${writes.length} of them writes${writes.length ? ":" : ""}`);
    if (writes.length) console.log(indent(writes.map((w) => `${w.method} ${w.path} → ${w.status}`)));
    this.view = now;
    this.seq = lastSeq(this.emulator);
  }

  async step(title: string, command: Command): Promise<void> {
    console.log(`\n== ${title}\n`);
    const started = Date.now();
    const run = await this.runner.run(command);
    console.log(indent(run.text, "  | "));
    if (run.plan) console.log(`\n  The takeoverPlan output:\n${indent(run.plan)}`);
    console.log(`\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    this.report();
    if (!run.ok) throw new Error(`pulumi ${command} failed`);
  }

  async behindPulumisBack(): Promise<void> {
    console.log("\n== Behind Pulumi's back, an administrator turns Security Defaults back on and puts the managed policy in report-only\n");
    const { id, admin } = this.contoso;
    const token = this.control.issueToken(id, admin.clientId);
    const graph = async (path: string, body: unknown): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${this.emulator.url}/v1.0${path}`, {
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
    const policies = this.control.dump(id).conditionalAccessPolicies ?? [];
    // The quickstart leaves the managed policy's name at its default.
    const managed = policies.find((p) => p.displayName === DEFAULT_DISPLAY_NAME);
    if (!managed) throw new Error("the managed policy is not in the tenant");
    await graph(`/identity/conditionalAccess/policies/${managed.id}`, { state: "enabledForReportingButNotEnforced" });
    await graph("/policies/identitySecurityDefaultsEnforcementPolicy", { isEnabled: true });
    this.report();
  }
}

async function main(): Promise<void> {
  let emulator: Emulator | undefined;
  let runner: StackRunner | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await runner?.cleanup();
      await emulator?.stop();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the stack's processes and the emulator`);
      // A signal sent to this process alone (not to the terminal's process group) would orphan them.
      killDescendants(process.pid);
      void cleanup().finally(() => process.exit(130));
    });

  try {
    const started = Date.now();
    emulator = await startEmulator({ fixture: SAMPLE_FIXTURE, caThrottle: { requestsPerSecond: CA_RATE } });
    // The change made behind Pulumi's back goes to Graph over HTTPS from this process.
    trustEmulatorCa(emulator.caCertPem);
    const contoso = sampleTenant("Contoso");
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

    console.log(`Graph emulator: ${emulator.url}, sample tenant Contoso ${contoso.id}`);
    console.log(`Conditional Access throttle: ${CA_RATE} request(s)/second per tenant${CA_RATE === 1 ? ", as Graph" : " (faster than Graph's 1/s; DEMO_CA_RATE)"}`);
    console.log(`Stack: examples/quickstart, run with ${runner.description}`);
    const demo = new Demo(emulator, contoso, runner);
    console.log(`\nThe tenant before:\n${indent(renderView(demo.begin()))}`);

    await demo.step("pulumi preview: reads the tenant, plans, writes nothing", "preview");
    await demo.step("pulumi up", "up");
    await demo.step("pulumi up again: nothing to do", "up");
    await demo.behindPulumisBack();
    await demo.step("pulumi refresh: finds the drift (and writes nothing)", "refresh");
    await demo.step("pulumi up: repairs it", "up");
    await demo.step("pulumi destroy: the tenant as it was", "destroy");

    console.log(`\nThe tenant after destroy:\n${indent(renderView(demo.read()))}`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await cleanup();
  }
}

main().catch((err: Error) => {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 1;
});
