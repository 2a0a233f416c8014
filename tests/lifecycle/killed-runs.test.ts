// `pulumi up` of the quickstart, killed (SIGKILL of the engine, the program and the provider server together) at each
// write it makes, then run again and destroyed; and its `pulumi destroy`, killed the same way, then run again. The engine double checkpoints state after every step as the engine
// does, so the re-run finds what a real one would: the steps finished before the kill, and no record of the one in
// flight. The emulator's blackout fault marks the moment of death: from that request on, Graph receives nothing.
// Each write is tried twice: killed before it lands, and killed after it landed with its answer lost.
import { expect } from "chai";
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { RequestLogEntry, TenantFixture } from "../../emulator";
import type { ConditionalAccessPolicy, SecurityDefaultsPolicy } from "../../provider/graph/types";
import { loadState } from "../engine/state";
import { longestUnprotectedRun } from "../handlers/support";
import { ExampleStack, REPO, TEST_CA_RATE, clientSecretConfig, graphWrites, lastSeq, sampleTenant, useSampleEmulator, type SampleTenant } from "./support";
import { tenantDifferences } from "./tenant-diff";

const MANAGED = "MFA (managed by Pulumi) - do not modify";
const CA_POLICIES = "/identity/conditionalAccess/policies";
const SYSTEM_PREFERRED_FIELD = ".authenticationMethodsPolicy.systemCredentialPreferences";
const SYSTEM_PREFERRED_RESOURCE = "system-preferred-mfa";

type Kind = "drop" | "commit-then-drop";
type TenantName = "Contoso" | "Fabrikam";
const KINDS: Kind[] = ["drop", "commit-then-drop"];
const WHEN: Record<Kind, string> = { drop: "before it lands", "commit-then-drop": "after it landed, its answer lost" };

interface KillPoint {
  /** The write, as the fault matches it: the managed policy's id differs from run to run, so CA writes match by prefix. */
  method: string;
  path: string;
  /** Earlier writes the same fault would match, let through first. */
  skip: number;
  /** The write as the clean run made it, to name the scenario. */
  write: string;
}

/** Faults match the path after the version, which the request log keeps. */
function faultPathOf(entry: RequestLogEntry): string {
  const path = entry.path.replace(/^\/(v1\.0|beta)(?=\/)/, "");
  return path.startsWith(CA_POLICIES) ? CA_POLICIES : path;
}

function killPointsOf(writes: RequestLogEntry[]): KillPoint[] {
  return writes.map((w, index) => {
    const path = faultPathOf(w);
    const skip = writes.slice(0, index).filter((e) => e.method === w.method && faultPathOf(e) === path).length;
    return { method: w.method, path, skip, write: `${w.method} ${w.path}` };
  });
}

/** Config beside the admin app's secret, as the engine CLI takes it (`--set`): Contoso's is the project's Pulumi.dev.yaml. */
const STACK_CONFIG: Record<TenantName, (t: SampleTenant) => Record<string, string>> = {
  Contoso: () => ({}),
  Fabrikam: (t) => ({
    "azuread:tenantId": t.id,
    "azuread:clientId": t.admin.clientId,
    // Its break-glass accounts are excluded through a group in its own policies, which the take-over carries over.
    "entra-mfa-quickstart:breakGlassAccounts": "[]",
    // The "IT Admins" group.
    "entra-mfa-quickstart:systemPreferredPilotGroupId": "5c3f4bb2-618d-45e9-a7a8-73032ebb0a51",
  }),
};

/** The write each tenant's runs must be killed at: the cut-over from Security Defaults, or a take-over (and its restore). */
const MUST_KILL_AT: Record<TenantName, RegExp> = {
  Contoso: /PATCH \/v1\.0\/policies\/identitySecurityDefaultsEnforcementPolicy/,
  Fabrikam: /PATCH \/v1\.0\/identity\/conditionalAccess\/policies\/[0-9a-f-]{36}/,
};

killedRuns("Contoso", "Security Defaults on", KINDS);
// Its MFA policies are taken over: each take-over PATCH is a kill point whose journal entry dies with the process
// when the answer is lost, so only the take-over mark in the policy can tell the re-run and destroy what it was.
killedRuns("Fabrikam", "two MFA policies to take over", ["commit-then-drop"]);

function killedRuns(name: TenantName, shape: string, kinds: readonly Kind[]): void {
  describe(`lifecycle: the quickstart's up and destroy on ${name} (${shape}) killed at each of their writes, then run again`, function () {
    this.timeout(120_000);
    const emu = useSampleEmulator();
    const tenant = sampleTenant(name);
    const config = STACK_CONFIG[name](tenant);
    const dump = () => emu.control.dump(tenant.id);
    const policies = (d: TenantFixture) => (d.conditionalAccessPolicies ?? []) as ConditionalAccessPolicy[];
    const enabledUsersUnprotected = () => emu.control.protection(tenant.id).unprotectedUserIds.filter((id) => !tenant.breakGlassUserIds.includes(id));
    let start: TenantFixture;
    let upKillPoints: KillPoint[];
    let destroyKillPoints: KillPoint[];

    before(async () => {
      emu.control.loadTenant(tenant.fixture);
      start = dump();
      const clean = new ExampleStack(emu, "quickstart", { ...clientSecretConfig(tenant), ...config });
      const since = lastSeq(emu);
      try {
        const up = await clean.run("up");
        expect(up.ok, up.stdout).to.equal(true);
        upKillPoints = killPointsOf(graphWrites(emu, tenant.id, since).filter((w) => !w.batchItem));
        const destroySince = lastSeq(emu);
        const destroyed = await clean.run("destroy");
        expect(destroyed.ok, destroyed.stdout).to.equal(true);
        destroyKillPoints = killPointsOf(graphWrites(emu, tenant.id, destroySince).filter((w) => !w.batchItem));
      } finally {
        clean.remove();
      }
    });

    /** The command in its own process group, killed as soon as the kill point's fault has applied. */
    async function killed(command: "up" | "destroy", stack: ExampleStack, point: KillPoint, kind: Kind): Promise<void> {
      const trigger = emu.control.injectFault({ method: point.method, path: point.path, skip: point.skip, kind, blackout: true });
      const args = [
        join(REPO, "dist/tests/engine/cli.js"), command, "--program", join(REPO, "examples/quickstart"), "--stack", "dev", "--state", stack.statePath,
        "--set", `entra-mfa:graphBaseUrl=${emu.url}`, "--set", `entra-mfa:authorityHost=${emu.url}`,
        "--set", `entra-mfa:conditionalAccessRequestsPerSecond=${TEST_CA_RATE}`, "--secret", `azuread:clientSecret=${tenant.admin.clientSecret}`,
        ...Object.entries(config).flatMap(([key, value]) => ["--set", `${key}=${value}`]),
      ];
      const child = spawn(process.execPath, args, {
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "10" },
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const exited = new Promise<void>((done) => child.on("exit", () => done()));
      let alive = true;
      void exited.then(() => (alive = false));
      while (alive && emu.control.faults().some((f) => f.id === trigger.id)) await new Promise((r) => setTimeout(r, 10));
      expect(alive, `${command} ended before reaching ${point.write}:\n${output}`).to.equal(true);
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      emu.control.clearFaults();
    }

    /** Counts, and names what the test killed at. */
    const report = (points: KillPoint[], what: string, held: number) =>
      console.log(`      ${points.length} kill points ${what} (${points.map((p) => `${p.method} ${p.path}${p.skip ? ` #${p.skip + 1}` : ""}`).join(", ")}): ${held} scenarios held`);

    const systemPreferredOf = (d: TenantFixture) => JSON.stringify((d.authenticationMethodsPolicy as { systemCredentialPreferences?: unknown } | undefined)?.systemCredentialPreferences);
    /**
     * The killed up's SystemPreferredMfa create landed in the tenant but not in the state: killed at its own write, or
     * at another resource's write while it ran alongside (the engine runs independent steps in parallel).
     */
    const systemPreferredCreateLost = (stack: ExampleStack) =>
      systemPreferredOf(dump()) !== systemPreferredOf(start) && !loadState(stack.statePath, "entra-mfa-quickstart", "dev").resources.some((r) => r.name === SYSTEM_PREFERRED_RESOURCE);

    /** The tenant after destroy, up to what the README says a killed run cannot know (see the scenarios below). */
    const restoredUnless = (unmarked: boolean) => tenantDifferences(start, dump()).filter((d) => !(unmarked && d.startsWith(`tenant${SYSTEM_PREFERRED_FIELD}`)));

    it("finds the writes of a clean up and destroy to kill them at", () => {
      const mustKillAt = MUST_KILL_AT[name];
      expect(upKillPoints.map((p) => p.write).join("\n")).to.match(mustKillAt);
      expect(destroyKillPoints.map((p) => p.write).join("\n")).to.match(mustKillAt);
      expect(upKillPoints.length).to.be.at.least(3);
      expect(destroyKillPoints.length).to.be.at.least(3);
    });

    // Each scenario kills an up at one of its writes and, once the stack is whole again, a destroy at one of its writes:
    // one tenant's life carries both, which halves the runs the suite spends.
    for (const kind of kinds) {
      const when = WHEN[kind];
      it(`up, then destroy, each killed at each of its writes ${when}: the re-run completes, nobody is left without MFA, and the start comes back`, async () => {
        let held = 0;
        const scenarios = Math.max(upKillPoints.length, destroyKillPoints.length);
        for (let i = 0; i < scenarios; i++) {
          const upPoint = upKillPoints[i % upKillPoints.length]!;
          const destroyPoint = destroyKillPoints[i % destroyKillPoints.length]!;
          emu.control.loadTenant(tenant.fixture);
          const timelineStart = emu.control.timeline(tenant.id).length;
          const stack = new ExampleStack(emu, "quickstart", { ...clientSecretConfig(tenant), ...config });
          const scenario = `up killed at ${upPoint.write} ${when}, destroy killed at ${destroyPoint.write}`;
          try {
            await killed("up", stack, upPoint, kind);
            const unmarked = systemPreferredCreateLost(stack);
            const again = await stack.run("up");
            expect(again.ok, `${scenario}: the re-run\n${again.stdout}`).to.equal(true);
            const after = dump();
            expect((after.securityDefaults as SecurityDefaultsPolicy).isEnabled, scenario).to.equal(false);
            const managed = policies(after).filter((p) => p.displayName === MANAGED);
            expect(managed.map((p) => p.state), `${scenario}: one managed policy, enabled`).to.deep.equal(["enabled"]);
            expect(enabledUsersUnprotected(), scenario).to.deep.equal([]);
            const third = await stack.run("up");
            expect(third.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`), `${scenario}: an up after the re-run`).to.deep.equal([]);

            await killed("destroy", stack, destroyPoint, kind);
            expect(enabledUsersUnprotected(), `${scenario}: the tenant the killed destroy left`).to.deep.equal([]);
            const destroyed = await stack.run("destroy");
            expect(destroyed.ok, `${scenario}: destroy again\n${destroyed.stdout}`).to.equal(true);
            expect(destroyed.state.resources, scenario).to.deep.equal([]);
            // System-preferred MFA carries no mark of who wrote it (README, "After an interrupted run"): its create killed
            // after its write landed, the re-run takes the declared settings for what was there, says so, and destroy keeps them.
            if (unmarked) expect(again.diagnostics, scenario).to.include("system-preferred MFA already reads as declared");
            expect(restoredUnless(unmarked), `${scenario}: destroy restores the start`).to.deep.equal([]);
            const timeline = emu.control.timeline(tenant.id).slice(timelineStart);
            expect(longestUnprotectedRun(timeline, tenant.breakGlassUserIds), `${scenario}: mutations in a row leaving someone unprotected`).to.be.at.most(1);
            held++;
          } finally {
            stack.remove();
          }
        }
        report(upKillPoints, `of up ${when}`, held);
        report(destroyKillPoints, `of destroy ${when}`, held);
      });
    }
  });
}
