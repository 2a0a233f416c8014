// The comparer the lifecycle tests judge destroy with: it must see real changes and nothing else.
import { expect } from "chai";
import type { TenantFixture } from "../../emulator";
import { sampleTenant } from "./support";
import { tenantDifferences } from "./tenant-diff";

describe("lifecycle: tenantDifferences", () => {
  const start = sampleTenant("Fabrikam").fixture;
  const copy = (): TenantFixture & Record<string, any> => structuredClone(start) as TenantFixture & Record<string, any>;

  it("finds nothing between a tenant and itself, re-ordered and re-stamped", () => {
    const before = copy();
    const after = structuredClone(before);
    after.conditionalAccessPolicies![0]!.modifiedDateTime = "2030-01-01T00:00:00.0000000Z";
    after.conditionalAccessPolicies!.reverse();
    after.groups![0]!.members = [...after.groups![0]!.members!].reverse();
    expect(tenantDifferences(before, after)).to.deep.equal([]);
  });

  it("names each change, addition and removal by path", () => {
    const after = copy();
    const [first, second] = after.conditionalAccessPolicies!;
    first!.state = "disabled";
    // Only policies the provider creates carry its create marker: one left on a policy it restored is a change.
    first!.description = "Owned by IT [entra-mfa create 1234]";
    after.conditionalAccessPolicies = after.conditionalAccessPolicies!.filter((p) => p !== second);
    after.conditionalAccessPolicies.push({ ...first!, id: "new-policy" });
    after.securityDefaults = { ...(after.securityDefaults as object), isEnabled: true };
    const found = tenantDifferences(start, after);
    expect(found).to.include(`tenant.conditionalAccessPolicies[${first!.id}].state: "enabled" → "disabled"`);
    expect(found.some((line) => line.startsWith(`tenant.conditionalAccessPolicies[${first!.id}].description:`))).to.equal(true);
    expect(found).to.include(`tenant.conditionalAccessPolicies[new-policy]: added`);
    expect(found.some((line) => line.startsWith(`tenant.conditionalAccessPolicies[${second!.id}]: removed`))).to.equal(true);
    expect(found).to.include("tenant.securityDefaults.isEnabled: false → true");
  });
});
