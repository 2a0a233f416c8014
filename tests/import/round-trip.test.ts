// The round trip: for each tenant shape, the imported project's preview shows only creates, `up` writes nothing to
// the tenant, the next preview shows no change, and destroy leaves the tenant as it was.
import { expect } from "chai";
import type { TenantFixture } from "../../emulator";
import { graphWrites, lastSeq, useSampleEmulator } from "../lifecycle/support";
import { tenantDifferences } from "../lifecycle/tenant-diff";
import { ImportedProject } from "./round-trip";
import { fixtureTenant } from "./snapshots";

interface Shape {
  name: string;
  tenant: TenantFixture;
  /** Whether the program adopts a policy as it is (else it offers the take-over in comments). */
  adoptsAsIs: boolean;
  /** The resources its program declares. */
  creates: string[];
  /** Text its program must hold. */
  programIncludes?: (t: TenantFixture) => string[];
}

function roundTrip(shape: Shape) {
  describe(`import round trip: ${shape.name}`, function () {
    this.timeout(120_000);
    const emu = useSampleEmulator();
    const project = new ImportedProject(emu, [shape.tenant]);
    const id = shape.tenant.tenantId;
    let start: TenantFixture;

    before(async () => {
      emu.control.loadTenant(shape.tenant);
      start = emu.control.dump(id);
      const seq = lastSeq(emu);
      await project.generate();
      expect(graphWrites(emu, id, seq), "import reads only").to.deep.equal([]);
    });
    after(() => project.remove());

    it("preview shows only creates, and the take-over plan the program says", async () => {
      const seq = lastSeq(emu);
      const preview = await project.run("preview");
      expect(preview.ok, preview.stdout).to.equal(true);
      expect(preview.steps.filter((s) => s.op !== "create"), preview.stdout).to.deep.equal([]);
      expect(preview.steps.filter((s) => s.type !== "pulumi:pulumi:Stack").map((s) => s.name)).to.have.members(shape.creates);
      for (const text of shape.programIncludes?.(shape.tenant) ?? []) expect(project.file("index.ts")).to.include(text);
      const plan = preview.outputs.takeoverPlan as { steps: string[]; errors: string[] };
      expect(plan.errors).to.deep.equal([]);
      if (shape.adoptsAsIs) expect(plan.steps).to.deep.equal([]);
      else {
        // The take-over the program offers last (create the managed policy) is the one takeoverPlan previews: the same
        // steps, as many, each opening as its comment does.
        const offered = project.file("index.ts").split(/\/\/ Option \d: create the managed policy/)[1]!.split("\n// const mfa")[0]!;
        const numbered = offered.split("\n").filter((l) => /^\/\/ {3}\d+\. /.test(l));
        expect(plan.steps.length).to.be.greaterThan(0);
        expect(numbered.length).to.equal(plan.steps.length);
        plan.steps.forEach((step, i) => expect(numbered[i]).to.include(`${i + 1}. ${step.split(" ").slice(0, 3).join(" ")}`));
      }
      expect(graphWrites(emu, id, seq)).to.deep.equal([]);
    });

    it("up writes nothing to the tenant", async () => {
      const seq = lastSeq(emu);
      const up = await project.run("up");
      expect(up.ok, up.stdout).to.equal(true);
      expect(graphWrites(emu, id, seq).map((w) => `${w.method} ${w.path}`)).to.deep.equal([]);
    });

    it("the next preview shows no change", async () => {
      const preview = await project.run("preview");
      expect(preview.ok, preview.stdout).to.equal(true);
      expect(preview.steps.filter((s) => s.op !== "same"), preview.stdout).to.deep.equal([]);
    });

    it("destroy leaves the tenant as it was, the adopted policy kept", async () => {
      const destroyed = await project.run("destroy");
      expect(destroyed.ok, destroyed.stdout).to.equal(true);
      expect(tenantDifferences(start, emu.control.dump(id))).to.deep.equal([]);
    });
  });
}

/** Fabrikam (Security Defaults off) changed: hand-built tenants from the sample one. */
function fabrikamWith(change: (t: TenantFixture) => Partial<TenantFixture>): TenantFixture {
  const t = structuredClone(fixtureTenant("Fabrikam"));
  return { ...t, ...change(t) };
}
const named = (t: TenantFixture, prefix: string) => t.conditionalAccessPolicies!.filter((p) => String(p.displayName).startsWith(prefix));
const ALL = ["mfa", "security-defaults-off", "system-preferred-mfa"];
const groupNamed = (t: TenantFixture, name: string) => t.groups!.find((g) => g.displayName === name)!.id;

roundTrip({ name: "an all-users MFA policy with break-glass exclusions (Fabrikam)", tenant: fixtureTenant("Fabrikam"), adoptsAsIs: true, creates: ALL });
roundTrip({ name: "Security Defaults on (Contoso)", tenant: fixtureTenant("Contoso"), adoptsAsIs: false, creates: ["system-preferred-mfa"] });
roundTrip({
  name: "several partial MFA policies, none for all users",
  tenant: fabrikamWith((t) => ({
    conditionalAccessPolicies: [
      ...t.conditionalAccessPolicies!.filter((p) => !String(p.displayName).startsWith("CA001")),
      { ...named(t, "CA001")[0]!, id: "5ad1e5a1-0000-4000-8000-000000000001", displayName: "Sales require MFA", conditions: { ...(named(t, "CA001")[0]!.conditions as object), users: { includeUsers: [], excludeUsers: [], includeGroups: [groupNamed(t, "Sales")], excludeGroups: [], includeRoles: [], excludeRoles: [] } } },
    ],
  })),
  adoptsAsIs: false,
  creates: ["system-preferred-mfa"],
  programIncludes: () => ["// Option 1: adopt", "// Option 2: create the managed policy"],
});
roundTrip({
  name: "system-preferred MFA enabled for a group",
  tenant: fabrikamWith((t) => ({
    authenticationMethodsPolicy: { systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: groupNamed(t, "IT Admins"), targetType: "group" }], excludeTargets: [] } },
  })),
  adoptsAsIs: true,
  creates: ALL,
  programIncludes: (t) => [`includeTarget: { id: "${groupNamed(t, "IT Admins")}", targetType: "group" }, // IT Admins`, 'state: "enabled"'],
});
roundTrip({
  name: "per-user MFA in use, no Conditional Access policy",
  tenant: fabrikamWith((t) => ({
    conditionalAccessPolicies: [],
    perUserMfa: Object.fromEntries(t.users!.slice(0, 8).map((u, i) => [String(u.id), i % 2 ? "enforced" : "enabled"])),
  })),
  adoptsAsIs: false,
  creates: ["system-preferred-mfa"],
  programIncludes: () => ["Legacy per-user MFA is on for 8 users (4 enabled, 4 enforced)", "// Option 1: create the managed policy"],
});

describe("import round trip: --tenants, one project for Contoso and Fabrikam, one stack each", function () {
  this.timeout(180_000);
  const emu = useSampleEmulator();
  const tenants = [fixtureTenant("Contoso"), fixtureTenant("Fabrikam")];
  const project = new ImportedProject(emu, tenants);
  const start: Record<string, TenantFixture> = {};

  before(async () => {
    for (const t of tenants) {
      emu.control.loadTenant(t);
      start[t.tenantId] = emu.control.dump(t.tenantId);
    }
    await project.generate();
  });
  after(() => project.remove());

  it("writes one program and a stack file per tenant, each with its tenant's config", () => {
    for (const t of tenants) expect(project.file(`Pulumi.${ImportedProject.stackOf(t)}.yaml`)).to.include(`azuread:tenantId: "${t.tenantId}"`);
    expect(project.file("Pulumi.fabrikam.yaml")).to.include("mfa-governance:manageMfaPolicy: true");
    expect(project.file("Pulumi.contoso.yaml")).to.include("mfa-governance:manageMfaPolicy: false");
  });

  it("each stack: preview only creates, up writes nothing, the next preview no change, destroy leaves the tenant as it was", async () => {
    const expected: Record<string, string[]> = { contoso: ["system-preferred-mfa"], fabrikam: ALL };
    for (const t of tenants) {
      const seq = lastSeq(emu);
      const preview = await project.run("preview", t);
      expect(preview.ok, preview.stdout).to.equal(true);
      expect(preview.steps.filter((s) => s.type !== "pulumi:pulumi:Stack").map((s) => `${s.op} ${s.name}`)).to.have.members(expected[ImportedProject.stackOf(t)]!.map((n) => `create ${n}`));
      const up = await project.run("up", t);
      expect(up.ok, up.stdout).to.equal(true);
      expect(graphWrites(emu, t.tenantId, seq)).to.deep.equal([]);
      const again = await project.run("preview", t);
      expect(again.steps.filter((s) => s.op !== "same"), again.stdout).to.deep.equal([]);
      expect((await project.run("destroy", t)).ok).to.equal(true);
      expect(tenantDifferences(start[t.tenantId]!, emu.control.dump(t.tenantId))).to.deep.equal([]);
    }
  });
});
