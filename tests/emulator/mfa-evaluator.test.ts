import { expect } from "chai";
import { startEmulator, type Emulator, type GraphObject } from "../../emulator";
import { buildTenant, GLOBAL_ADMINISTRATOR, ids, storedPolicy, type TenantSpec } from "../support/fixtures";

/** Judges a tenant of 4 members, one guest (index 4) and one admin (index 0), under the given policies. */
async function unprotected(policies: GraphObject[], spec: Partial<TenantSpec> = {}): Promise<number[]> {
  const fixture = buildTenant({ ...spec, users: 5, guests: 1, roles: { [GLOBAL_ADMINISTRATOR]: [0] }, groups: [{ displayName: "Inner", users: [1] }, { displayName: "Outer", groups: ["Inner"] }], policies });
  const emu: Emulator = await startEmulator({ fixture });
  try {
    return emu.control.protection(fixture.tenantId).unprotectedUserIds.map((id) => [0, 1, 2, 3, 4].find((i) => ids.user(i) === id)!).sort();
  } finally {
    await emu.stop();
  }
}

const narrowed = (conditions: GraphObject): GraphObject => {
  const p = storedPolicy();
  return { ...p, conditions: { ...(p.conditions as GraphObject), ...conditions } };
};

describe("emulator MFA evaluator", function () {
  it("protects everyone under an all-users MFA policy and no one without one", async () => {
    expect(await unprotected([storedPolicy()])).to.deep.equal([]);
    expect(await unprotected([])).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it("ignores report-only, disabled and MFA-or-something policies", async () => {
    expect(await unprotected([storedPolicy({ state: "enabledForReportingButNotEnforced" })])).to.have.length(5);
    expect(await unprotected([storedPolicy({ state: "disabled" })])).to.have.length(5);
    expect(await unprotected([storedPolicy({ controls: ["mfa", "compliantDevice"], operator: "OR" })])).to.have.length(5);
  });

  it("follows exclusions through nested groups, roles and the guest keyword", async () => {
    expect(await unprotected([storedPolicy({ excludeGroups: [ids.group("Outer")] })])).to.deep.equal([1]);
    expect(await unprotected([storedPolicy({ excludeUsers: ["GuestsOrExternalUsers"] })])).to.deep.equal([4]);
    expect(await unprotected([{ ...storedPolicy(), conditions: { ...(storedPolicy().conditions as GraphObject), users: { includeUsers: ["All"], excludeRoles: [GLOBAL_ADMINISTRATOR] } } }])).to.deep.equal([0]);
  });

  it("follows inclusions by group, role and id", async () => {
    expect(await unprotected([storedPolicy({ includeUsers: [], includeGroups: [ids.group("Outer")], includeRoles: [GLOBAL_ADMINISTRATOR] })])).to.deep.equal([2, 3, 4]);
    expect(await unprotected([storedPolicy({ includeUsers: [ids.user(2)] })])).to.deep.equal([0, 1, 3, 4]);
  });

  it("does not count a policy narrowed by locations, platforms, risk, apps or client apps", async () => {
    for (const conditions of [
      { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } },
      { platforms: { includePlatforms: ["android"], excludePlatforms: [] } },
      { signInRiskLevels: ["high"] },
      { applications: { includeApplications: ["All"], excludeApplications: ["00000002-0000-0ff1-ce00-000000000000"] } },
      { applications: { includeApplications: ["Office365"] } },
      { clientAppTypes: ["browser"] },
    ]) {
      expect(await unprotected([narrowed(conditions)]), JSON.stringify(conditions)).to.have.length(5);
    }
  });

  it("counts an authentication strength as MFA, alone or OR-ed with the mfa control", async () => {
    const p = storedPolicy();
    const strength = { id: "00000000-0000-0000-0000-000000000003" };
    expect(await unprotected([{ ...p, grantControls: { operator: "OR", builtInControls: [], authenticationStrength: strength } }])).to.deep.equal([]);
    expect(await unprotected([{ ...p, grantControls: { operator: "OR", builtInControls: ["mfa"], authenticationStrength: strength } }])).to.deep.equal([]);
    expect(await unprotected([{ ...p, grantControls: { operator: "OR", builtInControls: ["compliantDevice"], authenticationStrength: strength } }])).to.have.length(5);
  });

  it("counts MFA AND another control, and only enabled users", async () => {
    expect(await unprotected([storedPolicy({ controls: ["mfa", "compliantDevice"], operator: "AND" })])).to.deep.equal([]);
    expect(await unprotected([storedPolicy({ includeUsers: [ids.user(2)] })], { disabled: 2 })).to.deep.equal([3, 4]);
  });

  it("counts per-user MFA enabled or enforced as MFA, and disabled as none", async () => {
    expect(await unprotected([], { perUserMfa: { 1: "enabled", 2: "enforced", 3: "disabled" } })).to.deep.equal([0, 3, 4]);
    expect(await unprotected([storedPolicy({ excludeUsers: [ids.user(1), ids.user(2)] })], { perUserMfa: { 1: "enforced" } })).to.deep.equal([2]);
  });
});
