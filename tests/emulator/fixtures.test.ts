import { expect } from "chai";
import * as path from "node:path";
import { startEmulator, FixtureError, type TenantFixture } from "../../emulator";
import { useEmulator } from "../support/emulator";
import { buildTenant, ids, storedPolicy } from "../support/fixtures";

const SAMPLE = path.resolve(__dirname, "../../../emulator/fixtures/sample-tenant.json");

async function loadError(fixture: unknown): Promise<FixtureError> {
  try {
    const emu = await startEmulator({ fixture: fixture as TenantFixture });
    await emu.stop();
  } catch (err) {
    expect(err).to.be.instanceOf(FixtureError);
    return err as FixtureError;
  }
  throw new Error("the fixture loaded");
}

describe("emulator fixtures", function () {
  it("names the tenant, the object and the problem for every mistake", async () => {
    const t = buildTenant({ users: 2, groups: [{ displayName: "G", users: [0] }] });
    t.groups![0].members!.push("11111111-2222-3333-4444-555555555555");
    t.conditionalAccessPolicies = [{ ...storedPolicy({ displayName: "Bad" }), state: "sometimes" }];
    t.users!.push({ id: ids.user(0), userPrincipalName: "dup@x" });
    t.groups!.push({ id: ids.user(1), displayName: "Shadow" });
    t.perUserMfa = { [ids.user(1)]: "always" as never };
    t.apps[0].roles = [...t.apps[0].roles, "Policy.Read All"];
    t.perUserMfaOnUsers = "sometimes" as never;
    t.perUserMfaOmittedFor = ["ghost@example.com"];
    const err = await loadError({ tenants: [t] });
    const text = err.problems.join("\n");
    expect(err.problems.every((p) => p.startsWith(`tenant "${t.tenantId}"`))).to.equal(true);
    expect(text).to.match(/groups\[0\] \(id "[^"]+", "G"\): member "11111111-2222-3333-4444-555555555555" is neither a user nor a group/);
    expect(text).to.match(/conditionalAccessPolicies\[0\] \(id "[^"]+", "Bad"\): state must be one of/);
    expect(text).to.match(/users\[2\].*id is used twice/);
    expect(text).to.match(/groups\[1\] \(id "[^"]+", "Shadow"\): id is also a user's/);
    expect(text).to.contain('"Policy.Read All" does not look like a Graph permission name');
    expect(text).to.match(/perUserMfa\["[^"]+"\]: must be one of disabled, enabled, enforced/);
    expect(text).to.contain("perUserMfaOnUsers must be one of served, omitted, unknownProperty");
    expect(text).to.contain('perUserMfaOmittedFor: "ghost@example.com" is not a user of this tenant');
  });

  it("refuses a file that is not JSON, naming the file", async () => {
    const err = await loadError(__filename);
    expect(err.message).to.contain(__filename);
  });

  it("accepts a policy payload copied from Microsoft's docs unchanged, filling what Graph would return", async () => {
    const docsPolicy = {
      id: "7359d0e0-d8a9-4afa-8a93-e23e099d7be8",
      displayName: "Access to EXO requires MFA",
      createdDateTime: "2019-10-14T19:52:00.050958Z",
      modifiedDateTime: null,
      state: "enabled",
      sessionControls: null,
      conditions: {
        signInRiskLevels: [],
        clientAppTypes: ["mobileAppsAndDesktopClients", "browser"],
        platforms: null,
        applications: { includeApplications: ["00000002-0000-0ff1-ce00-000000000000"], excludeApplications: [], includeUserActions: [] },
        users: { includeUsers: [], excludeUsers: [], includeGroups: ["ba8e7ded-8b0f-4836-ba06-8ff1ecc5c8ba"], excludeGroups: [], includeRoles: [], excludeRoles: [] },
        locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
        someFutureCondition: { preview: true },
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [] },
      partnerTag: "unknown-to-the-emulator",
    };
    const emu = await startEmulator({ fixture: { ...buildTenant({ users: 1 }), conditionalAccessPolicies: [docsPolicy] }, caThrottle: false });
    try {
      const stored = emu.control.dump(ids.tenant()).conditionalAccessPolicies![0] as any;
      expect(stored.partnerTag).to.equal("unknown-to-the-emulator");
      expect(stored.conditions.someFutureCondition).to.deep.equal({ preview: true });
      expect(stored.conditions.users.excludeGuestsOrExternalUsers).to.equal(null);
      expect(stored.grantControls.authenticationStrength).to.equal(null);
    } finally {
      await emu.stop();
    }
  });

  describe("the shipped sample", function () {
    const emu = useEmulator(() => SAMPLE, { caThrottle: false });
    const [contoso, fabrikam] = require(SAMPLE).tenants as TenantFixture[];

    it("has Contoso on Security Defaults with its old MFA policies parked, everyone protected", () => {
      expect(emu.control.protection(contoso.tenantId).mfaEnforcedForAll).to.equal(true);
      expect(contoso.conditionalAccessPolicies!.map((p) => p.state).sort()).to.deep.equal(["disabled", "enabledForReportingButNotEnforced"]);
    });

    it("has Fabrikam on Conditional Access with only the break-glass accounts unprotected", () => {
      const breakGlass = fabrikam.groups!.find((g) => g.displayName === "Break-glass accounts")!.members;
      expect(emu.control.protection(fabrikam.tenantId).unprotectedUserIds).to.deep.equal([...breakGlass!].sort());
    });

    it("round-trips: a dump loads back as an identical tenant", async () => {
      const dump = emu.control.dump(fabrikam.tenantId);
      emu.control.loadTenant(dump);
      expect(emu.control.dump(fabrikam.tenantId)).to.deep.equal(dump);
    });

    it("returns a property outside the v1.0 default set through $select", async () => {
      const user = contoso.users![0];
      const r = await emu.graph(`/users/${String(user.id)}?$select=employeeId`);
      expect(r.body.employeeId).to.equal(user.employeeId);
    });
  });
});
