// The multi-tenant and adopt-existing examples, run as a user would run them: their Pulumi.dev.yaml, secrets as
// secret config, the emulator's URL as the only override.
import { expect } from "chai";
import type { TenantFixture } from "../../emulator";
import { reveal } from "../engine";
import { longestUnprotectedRun } from "../handlers/support";
import { ExampleStack, clientSecretConfig, graphWrites, lastSeq, sampleTenant, useSampleEmulator } from "./support";
import { tenantDifferences } from "./tenant-diff";

describe("lifecycle: the other examples", function () {
  this.timeout(60_000);
  const emu = useSampleEmulator();
  const contoso = sampleTenant("Contoso");
  const fabrikam = sampleTenant("Fabrikam");
  const both = [contoso, fabrikam];
  const unprotected = (t: typeof contoso) => emu.control.protection(t.id).unprotectedUserIds.filter((id) => !t.breakGlassUserIds.includes(id));

  describe("multi-tenant: Contoso and Fabrikam from one program", () => {
    const stack = new ExampleStack(emu, "multi-tenant", {
      contosoClientSecret: { secure: contoso.admin.clientSecret },
      fabrikamClientSecret: { secure: fabrikam.admin.clientSecret },
    });
    const start: Record<string, TenantFixture> = {};
    const timelineStart: Record<string, number> = {};

    before(() => {
      for (const t of both) {
        emu.control.loadTenant(t.fixture);
        start[t.id] = emu.control.dump(t.id);
        timelineStart[t.id] = emu.control.timeline(t.id).length;
      }
    });
    after(() => stack.remove());

    it("up puts each tenant under its own managed policy, each through its own connection", async () => {
      const up = await stack.run("up");
      expect(up.ok, up.stdout).to.equal(true);
      const policies = up.outputs.policies as Record<string, string>;
      for (const [name, t] of [["contoso", contoso], ["fabrikam", fabrikam]] as const) {
        const dump = emu.control.dump(t.id);
        expect((dump.securityDefaults as { isEnabled: boolean }).isEnabled, name).to.equal(false);
        expect(dump.conditionalAccessPolicies?.find((p) => p.id === policies[name])?.state, name).to.equal("enabled");
        expect(unprotected(t), name).to.deep.equal([]);
        expect(longestUnprotectedRun(emu.control.timeline(t.id).slice(timelineStart[t.id]), t.breakGlassUserIds), name).to.be.at.most(1);
        expect(emu.control.requests({ tenantId: t.id, version: "identity" }).some((r) => r.appId === t.admin.clientId), `${name} signs in with its own app`).to.equal(true);
      }
      // Fabrikam's own all-users MFA policy is taken over (the default, takeOver.mfaPolicies "consolidate").
      const ca001 = emu.control.dump(fabrikam.id).conditionalAccessPolicies?.find((p) => String(p.displayName).startsWith("CA001"));
      expect(ca001?.state).to.equal("disabled");
      for (const secret of both.map((t) => t.admin.clientSecret)) {
        expect(up.stateFileText).to.not.include(secret);
        for (const r of up.state.resources.filter((r) => r.inputs.__provider)) expect(String(reveal(r.inputs.__provider!))).to.not.include(secret);
      }
    });

    it("a second up writes nothing", async () => {
      const seq = lastSeq(emu);
      const again = await stack.run("up");
      expect(again.ok, again.stdout).to.equal(true);
      expect(again.steps.filter((s) => s.op !== "same")).to.deep.equal([]);
      for (const t of both) expect(graphWrites(emu, t.id, seq)).to.deep.equal([]);
    });

    it("destroy returns both tenants to their starting state", async () => {
      const destroyed = await stack.run("destroy");
      expect(destroyed.ok, destroyed.stdout).to.equal(true);
      for (const t of both) expect(tenantDifferences(start[t.id]!, emu.control.dump(t.id)), t.fixture.displayName).to.deep.equal([]);
    });
  });

  describe("adopt-existing: a Fabrikam policy taken under management", () => {
    const stack = new ExampleStack(emu, "adopt-existing", clientSecretConfig(fabrikam));
    let start: TenantFixture;
    let adopted: string;

    before(() => {
      emu.control.loadTenant(fabrikam.fixture);
      start = emu.control.dump(fabrikam.id);
    });
    after(() => stack.remove());

    it("up manages the existing policy instead of creating one", async () => {
      const up = await stack.run("up");
      expect(up.ok, up.stdout).to.equal(true);
      adopted = up.outputs.policyId as string;
      const before = start.conditionalAccessPolicies?.find((p) => p.id === adopted);
      expect(before, "the adopted policy was in the tenant before").to.not.equal(undefined);
      const now = emu.control.dump(fabrikam.id).conditionalAccessPolicies!;
      expect(now.map((p) => p.id)).to.have.members(start.conditionalAccessPolicies!.map((p) => p.id));
      expect(now.find((p) => p.id === adopted)).to.include({ displayName: "Require MFA for all users", state: "enabled" });
      expect(unprotected(fabrikam)).to.deep.equal([]);
    });

    it("a second up writes nothing", async () => {
      const seq = lastSeq(emu);
      const again = await stack.run("up");
      expect(again.ok, again.stdout).to.equal(true);
      expect(again.steps.filter((s) => s.op !== "same")).to.deep.equal([]);
      expect(graphWrites(emu, fabrikam.id, seq)).to.deep.equal([]);
    });

    it("destroy puts the policy back as it was, rather than deleting it", async () => {
      const destroyed = await stack.run("destroy");
      expect(destroyed.ok, destroyed.stdout).to.equal(true);
      expect(tenantDifferences(start, emu.control.dump(fabrikam.id))).to.deep.equal([]);
    });
  });
});

describe("lifecycle: the root project", function () {
  this.timeout(60_000);
  const emu = useSampleEmulator();
  const contoso = sampleTenant("Contoso");
  const stack = new ExampleStack(emu, ".", clientSecretConfig(contoso));
  after(() => stack.remove());

  it("runs the quickstart with the root Pulumi.dev.yaml: preview plans its resources and writes nothing", async () => {
    emu.control.loadTenant(contoso.fixture);
    const seq = lastSeq(emu);
    const preview = await stack.run("preview");
    expect(preview.ok, preview.stdout).to.equal(true);
    expect(preview.steps.filter((s) => s.op === "create").map((s) => s.name)).to.include.members(["mfa", "security-defaults-off", "system-preferred-mfa"]);
    expect((preview.outputs.takeoverPlan as { tenantId: string }).tenantId).to.equal(contoso.id);
    expect(graphWrites(emu, contoso.id, seq)).to.deep.equal([]);
  });
});
