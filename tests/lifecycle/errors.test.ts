// A Graph call that fails surfaces through the engine as an error a person can act on: the resource, the request,
// Graph's code, the request-id, and the permission the app lacks.
import { expect } from "chai";
import type { TenantFixture } from "../../emulator";
import { ExampleStack, credentialsConfig, sampleTenant, useSampleEmulator, type SampleTenant } from "./support";
import { tenantDifferences } from "./tenant-diff";

const MISSING = "Policy.ReadWrite.ConditionalAccess";

describe("lifecycle: a failing Graph call", function () {
  this.timeout(60_000);
  const emu = useSampleEmulator();
  const contoso = sampleTenant("Contoso");
  // Contoso with one more app: the admin's permissions but for writing Conditional Access.
  const limitedApp = { ...contoso.admin, clientId: "7d3f6a2e-5b1c-4e8f-9a0d-2c4b6e8f1a3c", displayName: "contoso-no-ca-write", clientSecret: "contoso-no-ca-write-secret", roles: contoso.admin.roles?.filter((r) => r !== MISSING) };
  const tenant: SampleTenant = { ...contoso, fixture: { ...contoso.fixture, apps: [...contoso.fixture.apps, limitedApp] }, admin: limitedApp };
  let stack: ExampleStack;
  let start: TenantFixture;

  before(() => {
    emu.control.loadTenant(tenant.fixture);
    start = emu.control.dump(tenant.id);
    stack = new ExampleStack(emu, "quickstart", credentialsConfig(tenant));
  });
  after(() => stack.remove());

  it("names the resource, Graph's answer and the missing permission, and writes no Conditional Access", async () => {
    const up = await stack.run("up");
    expect(up.ok).to.equal(false);
    const message = up.error!.message;
    expect(message).to.include("ManagedMfaPolicy 'mfa'");
    expect(message).to.include(MISSING);
    expect(message).to.include("Authorization_RequestDenied");
    const refused = emu.control.requests({ tenantId: tenant.id, status: 403 });
    expect(refused.length).to.be.greaterThan(0);
    expect(message).to.include(refused[refused.length - 1]!.requestId);
    expect(up.stdout).to.include("create failed");
    const now = emu.control.dump(tenant.id);
    expect(now.conditionalAccessPolicies).to.deep.equal(start.conditionalAccessPolicies);
    expect((now.securityDefaults as { isEnabled: boolean }).isEnabled).to.equal(true);
  });

  it("destroy then puts back what the failed up did change", async () => {
    const destroyed = await stack.run("destroy");
    expect(destroyed.ok, destroyed.stdout).to.equal(true);
    expect(tenantDifferences(start, emu.control.dump(tenant.id))).to.deep.equal([]);
  });
});
