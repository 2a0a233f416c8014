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
}

function roundTrip(shape: Shape) {
  describe(`import round trip: ${shape.name}`, function () {
    this.timeout(120_000);
    const emu = useSampleEmulator();
    const project = new ImportedProject(emu, shape.tenant);
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
      const plan = preview.outputs.takeoverPlan as { steps: string[]; errors: string[] };
      expect(plan.errors).to.deep.equal([]);
      if (shape.adoptsAsIs) expect(plan.steps).to.deep.equal([]);
      else {
        expect(plan.steps.length).to.be.greaterThan(0);
        expect(project.file("index.ts")).to.include(`//   1. ${plan.steps[0]!.split(" ").slice(0, 4).join(" ")}`);
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

roundTrip({ name: "an all-users MFA policy with break-glass exclusions (Fabrikam)", tenant: fixtureTenant("Fabrikam"), adoptsAsIs: true });
roundTrip({ name: "Security Defaults on (Contoso)", tenant: fixtureTenant("Contoso"), adoptsAsIs: false });
