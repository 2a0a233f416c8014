// The quickstart as `pulumi preview / up / refresh / destroy` run it: the compiled example, the real dynamic-provider
// server and the real library, through the engine double, against Contoso (Security Defaults on, older MFA policies).
import { expect } from "chai";
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TenantFixture } from "../../emulator";
import type { AuthenticationMethodsPolicy, ConditionalAccessPolicy, SecurityDefaultsPolicy } from "../../provider/graph/types";
import { reveal, stagePackageCopy, type EngineResult } from "../engine";
import { longestUnprotectedRun } from "../handlers/support";
import {
  ExampleStack, REPO, clientSecretConfig, graphRequests, graphWrites, lastSeq, sampleTenant, useSampleEmulator,
} from "./support";
import { tenantDifferences } from "./tenant-diff";

const MANAGED = "MFA (managed by Pulumi) - do not modify";
const DYNAMIC_TYPES = ["ManagedMfaPolicy", "SecurityDefaultsOff", "SystemPreferredMfa"].map((t) => `pulumi-nodejs:dynamic/entra-mfa:${t}`);

const policies = (dump: TenantFixture) => (dump.conditionalAccessPolicies ?? []) as ConditionalAccessPolicy[];
const managedPolicy = (dump: TenantFixture) => policies(dump).find((p) => p.displayName === MANAGED);
const securityDefaultsOn = (dump: TenantFixture) => (dump.securityDefaults as SecurityDefaultsPolicy).isEnabled;
const systemPreferred = (dump: TenantFixture) => (dump.authenticationMethodsPolicy as AuthenticationMethodsPolicy).systemCredentialPreferences!;
const stepOf = (result: EngineResult, name: string) => result.steps.find((s) => s.name === name);
const changedSteps = (result: EngineResult) => result.steps.filter((s) => s.op !== "same");

describe("lifecycle: the quickstart through the engine", function () {
  this.timeout(60_000);
  const emu = useSampleEmulator();
  const contoso = sampleTenant("Contoso");
  let stack: ExampleStack;
  let start: TenantFixture;

  const dump = () => emu.control.dump(contoso.id);
  const graphAsAdmin = (path: string, method: string, body: unknown, version: "v1.0" | "beta" = "v1.0") =>
    emu.graph(path, { method, body, version, tenantId: contoso.id, app: contoso.admin.clientId });
  const enabledUsersUnprotected = () => emu.control.protection(contoso.id).unprotectedUserIds.filter((id) => !contoso.breakGlassUserIds.includes(id));

  before(() => {
    emu.control.loadTenant(contoso.fixture);
    stack = new ExampleStack(emu, "quickstart", clientSecretConfig(contoso));
    start = dump();
  });
  after(() => stack.remove());

  describe("preview, up, up again, a newer library", () => {
    let preview: EngineResult;
    let previewSeq: number;
    let up: EngineResult;
    let upSeq: number;
    let upTimelineStart: number;

    before(async () => {
      previewSeq = lastSeq(emu);
      preview = await stack.run("preview");
      upSeq = lastSeq(emu);
      upTimelineStart = emu.control.timeline(contoso.id).length;
      up = await stack.run("up");
    });

    it("preview writes nothing and plans the creates, with the take-over plan as an output", () => {
      expect(preview.ok, preview.stdout).to.equal(true);
      expect(graphRequests(emu, contoso.id, previewSeq).length, "the take-over plan reads the tenant").to.be.greaterThan(0);
      expect(graphWrites(emu, contoso.id, previewSeq).filter((r) => r.seq <= upSeq)).to.deep.equal([]);
      const planned = preview.steps.filter((s) => DYNAMIC_TYPES.includes(s.type));
      expect(planned.map((s) => [s.type, s.op])).to.have.deep.members(DYNAMIC_TYPES.map((t) => [t, "create"]));
      const plan = preview.outputs.takeoverPlan as Record<string, any>;
      expect(plan.securityDefaultsEnabled).to.equal(true);
      expect(plan.steps.join("\n")).to.include(`Create the managed policy "${MANAGED}"`);
      expect(plan.leftAlone.map((p: { policyId: string }) => p.policyId)).to.have.members(policies(start).map((p) => p.id));
      expect(preview.stdout).to.include("takeoverPlan");
    });

    it("up moves the tenant off Security Defaults onto the managed policy, and turns on system-preferred MFA", () => {
      expect(up.ok, up.stdout).to.equal(true);
      const after = dump();
      expect(securityDefaultsOn(after)).to.equal(false);
      const managed = managedPolicy(after);
      expect(managed?.state).to.equal("enabled");
      expect(managed?.grantControls?.builtInControls).to.include("mfa");
      expect(up.outputs.managedPolicyId).to.equal(managed?.id);
      const preferences = systemPreferred(after);
      expect(preferences.state).to.equal("enabled");
      expect(after.groups?.map((g) => g.id)).to.include(preferences.includeTargets[0]?.id);
      expect(enabledUsersUnprotected()).to.deep.equal([]);
    });

    it("up leaves no enabled user (break-glass aside) unprotected for more than one Graph mutation", () => {
      const timeline = emu.control.timeline(contoso.id).slice(upTimelineStart);
      expect(timeline.length, "up mutated the tenant").to.be.greaterThan(1);
      expect(longestUnprotectedRun(timeline, contoso.breakGlassUserIds)).to.be.at.most(1);
    });

    it("a second up changes nothing, writes nothing, and shows no __provider diff", async () => {
      const seq = lastSeq(emu);
      const again = await stack.run("up");
      expect(again.ok, again.stdout).to.equal(true);
      expect(changedSteps(again)).to.deep.equal([]);
      expect(again.steps.filter((s) => s.providerChanged || s.diffs.includes("__provider"))).to.deep.equal([]);
      expect(graphWrites(emu, contoso.id, seq)).to.deep.equal([]);
      expect(again.providerSizes).to.deep.equal(up.providerSizes);
    });

    it("a newer version of the library causes no diff and no write", async () => {
      // What the published package holds of dist/ (package.json "files"), as a newer release would.
      const published = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { files: string[] }).files.filter((f) => f.startsWith("dist/"));
      const newer = stagePackageCopy(REPO, published, "0.2.0");
      // Proof that the provider ran the copy: its handlers announce their version when loaded.
      appendFileSync(join(newer, "dist/provider/handlers/index.js"), `\nconsole.log("pulumi-entra-mfa " + require("../../../package.json").version + " handlers loaded");\n`);
      try {
        const seq = lastSeq(emu);
        const upgraded = await stack.run("up", { packages: { "pulumi-entra-mfa": newer } });
        expect(upgraded.ok, upgraded.stdout).to.equal(true);
        expect(upgraded.diagnostics).to.include("pulumi-entra-mfa 0.2.0 handlers loaded");
        expect(changedSteps(upgraded)).to.deep.equal([]);
        expect(upgraded.steps.filter((s) => s.providerChanged)).to.deep.equal([]);
        expect(graphWrites(emu, contoso.id, seq)).to.deep.equal([]);
      } finally {
        rmSync(newer, { recursive: true, force: true });
      }
    });

    it("keeps credentials out of state and out of a small __provider", () => {
      const secret = contoso.admin.clientSecret;
      expect(up.stateFileText).to.not.include(secret);
      const providers = up.state.resources.filter((r) => r.inputs.__provider).map((r) => [r.name, String(reveal(r.inputs.__provider!))] as const);
      expect(providers.map(([name]) => name)).to.have.members(["mfa", "security-defaults-off", "system-preferred-mfa"]);
      for (const [name, text] of providers) {
        console.log(`      __provider of ${name}: ${text.length} bytes`);
        expect(text.length).to.be.lessThan(8 * 1024);
        expect(text).to.not.include(secret);
        expect(text).to.not.include(contoso.admin.clientId);
      }
    });
  });

  describe("refresh finds each drift and the next up repairs it", () => {
    async function refreshThenUp(): Promise<{ refreshed: EngineResult; repaired: EngineResult }> {
      const seq = lastSeq(emu);
      const refreshed = await stack.run("refresh");
      expect(refreshed.ok, refreshed.stdout).to.equal(true);
      expect(graphWrites(emu, contoso.id, seq), "refresh writes nothing").to.deep.equal([]);
      const timelineStart = emu.control.timeline(contoso.id).length;
      const repaired = await stack.run("up");
      expect(repaired.ok, repaired.stdout).to.equal(true);
      expect(enabledUsersUnprotected(), "every enabled user is protected again").to.deep.equal([]);
      const repair = emu.control.timeline(contoso.id).slice(timelineStart);
      expect(longestUnprotectedRun(repair, contoso.breakGlassUserIds), "the repair is as safe as the first up").to.be.at.most(1);
      return { refreshed, repaired };
    }

    it("Security Defaults turned back on", async () => {
      expect((await graphAsAdmin("/policies/identitySecurityDefaultsEnforcementPolicy", "PATCH", { isEnabled: true })).status).to.equal(204);
      const { refreshed, repaired } = await refreshThenUp();
      expect(stepOf(refreshed, "security-defaults-off")).to.include({ op: "update" }).and.to.have.property("diffs").that.includes("isEnabled");
      expect(stepOf(repaired, "security-defaults-off")?.op).to.equal("update");
      expect(securityDefaultsOn(dump())).to.equal(false);
    });

    it("the managed policy edited: put in report-only", async () => {
      const id = managedPolicy(dump())!.id;
      expect((await graphAsAdmin(`/identity/conditionalAccess/policies/${id}`, "PATCH", { state: "enabledForReportingButNotEnforced" })).status).to.equal(204);
      const { refreshed, repaired } = await refreshThenUp();
      expect(stepOf(refreshed, "mfa")).to.include({ op: "update" }).and.to.have.property("diffs").that.includes("drift");
      const refreshedPolicy = refreshed.state.resources.find((r) => r.name === "mfa")!;
      expect(reveal(refreshedPolicy.outputs.drift!), "the drift names what changed").to.include("state");
      expect(stepOf(repaired, "mfa")?.op).to.equal("update");
      expect(managedPolicy(dump())).to.include({ id, state: "enabled" });
    });

    it("the managed policy edited: a user excluded from MFA", async () => {
      const policy = managedPolicy(dump())!;
      const excluded = policy.conditions.users!.excludeUsers;
      const bypass = contoso.fixture.users!.map((u) => String(u.id)).find((id) => !excluded.includes(id) && !enabledUsersUnprotected().includes(id))!;
      const users = { ...policy.conditions.users, excludeUsers: [...excluded, bypass] };
      expect((await graphAsAdmin(`/identity/conditionalAccess/policies/${policy.id}`, "PATCH", { conditions: { users } })).status).to.equal(204);
      const { refreshed, repaired } = await refreshThenUp();
      const refreshedPolicy = refreshed.state.resources.find((r) => r.name === "mfa")!;
      expect(reveal(refreshedPolicy.outputs.drift!)).to.include("users");
      expect(stepOf(repaired, "mfa")?.op).to.equal("update");
      const excludedNow = managedPolicy(dump())!.conditions.users!.excludeUsers;
      expect(excludedNow).to.not.include(bypass);
      expect(excludedNow).to.have.members(excluded);
    });

    it("the managed policy deleted", async () => {
      const id = managedPolicy(dump())!.id;
      expect((await graphAsAdmin(`/identity/conditionalAccess/policies/${id}`, "DELETE", undefined)).status).to.equal(204);
      const { refreshed, repaired } = await refreshThenUp();
      expect(stepOf(refreshed, "mfa")?.op).to.equal("delete");
      expect(stepOf(repaired, "mfa")?.op).to.equal("create");
      const recreated = managedPolicy(dump());
      expect(recreated?.state).to.equal("enabled");
      expect(repaired.outputs.managedPolicyId).to.equal(recreated?.id);
    });

    it("system-preferred MFA turned off", async () => {
      const body = { systemCredentialPreferences: { ...systemPreferred(dump()), state: "disabled" } };
      expect((await graphAsAdmin("/policies/authenticationMethodsPolicy", "PATCH", body, "beta")).status).to.equal(200);
      const { refreshed, repaired } = await refreshThenUp();
      expect(stepOf(refreshed, "system-preferred-mfa")).to.include({ op: "update" }).and.to.have.property("diffs").that.includes("state");
      expect(stepOf(repaired, "system-preferred-mfa")?.op).to.equal("update");
      expect(systemPreferred(dump()).state).to.equal("enabled");
    });
  });

  describe("destroy", () => {
    it("returns the tenant to its starting state", async () => {
      const destroyed = await stack.run("destroy");
      expect(destroyed.ok, destroyed.stdout).to.equal(true);
      expect(destroyed.state.resources).to.deep.equal([]);
      expect(tenantDifferences(start, dump())).to.deep.equal([]);
    });
  });
});
