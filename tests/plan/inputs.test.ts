import { expect } from "chai";
import {
  DEFAULT_DISPLAY_NAME,
  validateManagedMfaPolicy,
  validateSecurityDefaultsOff,
  validateSystemPreferredMfa,
  type CheckFailure,
} from "../../provider/plan/inputs";
import { UNKNOWN } from "../../provider/plan/normalize";

const G1 = "11111111-1111-4111-8111-111111111111";
const G2 = "22222222-2222-4222-8222-222222222222";
const properties = (failures: CheckFailure[]) => failures.map((f) => f.property);

describe("validateManagedMfaPolicy", () => {
  it("fills the documented defaults and normalises id lists", () => {
    const { spec, failures } = validateManagedMfaPolicy({ includeGroups: [G2, G1.toUpperCase(), G1] });
    expect(failures).to.deep.equal([]);
    expect(spec).to.deep.equal({
      displayName: DEFAULT_DISPLAY_NAME,
      includeAllUsers: false,
      includeUsers: [],
      includeGroups: [G1, G2],
      includeRoles: [],
      excludeUsers: [],
      excludeGroups: [],
      state: "enabled",
      applications: ["All"],
      takeOver: { securityDefaults: true, mfaPolicies: "consolidate", perUserMfa: "leave" },
      restoreOnDestroy: true,
    });
  });

  it("names the property and index of an id that is not a GUID", () => {
    const { failures } = validateManagedMfaPolicy({ includeGroups: [G1, "Sales team"] });
    expect(failures).to.have.length(1);
    expect(failures[0]!.property).to.equal("includeGroups");
    expect(failures[0]!.reason).to.contain("includeGroups[1]").and.contain("Sales team").and.contain("GUID");
  });

  it("requires role template ids (GUIDs) and says what they are", () => {
    const { failures } = validateManagedMfaPolicy({ includeRoles: ["Global Administrator"] });
    expect(properties(failures)).to.deep.equal(["includeRoles"]);
    expect(failures[0]!.reason).to.contain("role template id");
  });

  it("accepts user principal names for the handler to resolve, but not free text", () => {
    const ok = validateManagedMfaPolicy({ includeUsers: ["Alice@Contoso.com"] });
    expect(ok.failures).to.deep.equal([]);
    expect(ok.spec.includeUsers).to.deep.equal(["alice@contoso.com"]);
    const bad = validateManagedMfaPolicy({ includeUsers: ["alice"] });
    expect(bad.failures[0]!.reason).to.contain("includeUsers[0]").and.contain("user principal name");
  });

  it("lists the allowed values of an unknown state", () => {
    const { failures } = validateManagedMfaPolicy({ includeAllUsers: true, state: "on" as never });
    expect(properties(failures)).to.deep.equal(["state"]);
    for (const allowed of ["enabled", "reportOnly", "disabled"]) expect(failures[0]!.reason).to.contain(`"${allowed}"`);
  });

  it("maps Graph's report-only state name to reportOnly", () => {
    const { spec } = validateManagedMfaPolicy({ includeAllUsers: true, state: "enabledForReportingButNotEnforced" as never });
    expect(spec.state).to.equal("reportOnly");
  });

  it("refuses includeAllUsers together with listed users", () => {
    const { failures } = validateManagedMfaPolicy({ includeAllUsers: true, includeUsers: [G1] });
    expect(properties(failures)).to.deep.equal(["includeUsers"]);
    expect(failures[0]!.reason).to.contain("includeAllUsers");
  });

  it("refuses a policy that targets nobody", () => {
    const { failures } = validateManagedMfaPolicy({});
    expect(failures).to.have.length(1);
    expect(failures[0]!.reason).to.contain("targets nobody");
  });

  it("refuses a display name Conditional Access would reject", () => {
    expect(properties(validateManagedMfaPolicy({ includeAllUsers: true, displayName: "x".repeat(257) }).failures)).to.deep.equal(["displayName"]);
    expect(properties(validateManagedMfaPolicy({ includeAllUsers: true, displayName: "  " }).failures)).to.deep.equal(["displayName"]);
  });

  it("refuses bad applications, strength and adopt ids and takeOver values", () => {
    const { failures } = validateManagedMfaPolicy({
      includeAllUsers: true,
      applications: ["All", G1],
      authenticationStrengthId: "phishing-resistant",
      adoptPolicyId: "my policy",
      takeOver: { mfaPolicies: "merge" as never },
    });
    expect(properties(failures).sort()).to.deep.equal(["adoptPolicyId", "applications", "authenticationStrengthId", "takeOver.mfaPolicies"]);
  });

  it("warns, without failing, when an all-users policy excludes nobody", () => {
    const bare = validateManagedMfaPolicy({ includeAllUsers: true });
    expect(bare.failures).to.deep.equal([]);
    expect(bare.warnings.join(" ")).to.contain("break-glass");
    expect(validateManagedMfaPolicy({ includeAllUsers: true, excludeGroups: [G1] }).warnings).to.deep.equal([]);
  });

  it("skips checks that need an unknown value during preview, and reports what is unknown", () => {
    const whole = validateManagedMfaPolicy({ includeAllUsers: UNKNOWN as never, includeUsers: [G1], state: UNKNOWN as never });
    expect(whole.failures).to.deep.equal([]);
    expect(whole.unknowns).to.include.members(["includeAllUsers", "state"]);

    const element = validateManagedMfaPolicy({ includeGroups: [UNKNOWN, "not-a-guid"] });
    expect(properties(element.failures)).to.deep.equal(["includeGroups"]);
    expect(element.unknowns).to.deep.equal(["includeGroups"]);

    const list = validateManagedMfaPolicy({ includeGroups: UNKNOWN as never });
    expect(list.failures).to.deep.equal([]);
    expect(list.unknowns).to.deep.equal(["includeGroups"]);
  });
});

describe("validateSecurityDefaultsOff", () => {
  it("normalises hand-over ids and fills defaults", () => {
    const { spec, failures } = validateSecurityDefaultsOff({ handoverPolicyIds: [G2, G1.toUpperCase()] });
    expect(failures).to.deep.equal([]);
    expect(spec).to.deep.equal({ handoverPolicyIds: [G1, G2], breakGlassAccounts: [], restoreOnDestroy: true, allowUnprotected: false });
  });

  it("break-glass accounts: user ids or principal names, a small set", () => {
    const ok = validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakGlassAccounts: ["BG1@contoso.com", G2.toUpperCase()] });
    expect(ok.failures).to.deep.equal([]);
    expect(ok.spec.breakGlassAccounts).to.have.members(["bg1@contoso.com", G2]);
    const notUsers = validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakGlassAccounts: ["All", "break glass"] });
    expect(notUsers.failures.map((f) => f.reason)).to.have.length(2).and.satisfy((r: string[]) => r.every((m) => /neither a user object id/.test(m)));
    const many = Array.from({ length: 6 }, (_, i) => `bg${i}@contoso.com`);
    const tooMany = validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakGlassAccounts: many });
    expect(properties(tooMany.failures)).to.deep.equal(["breakGlassAccounts"]);
    expect(tooMany.failures[0]!.reason).to.contain("names 6 accounts").and.contain("at most 5");
  });

  it("refuses an empty hand-over unless allowUnprotected, which warns", () => {
    expect(properties(validateSecurityDefaultsOff({}).failures)).to.deep.equal(["handoverPolicyIds"]);
    const allowed = validateSecurityDefaultsOff({ allowUnprotected: true });
    expect(allowed.failures).to.deep.equal([]);
    expect(allowed.warnings).to.have.length(1);
  });

  it("does not call a hand-over list empty while it is unknown", () => {
    const { failures, unknowns } = validateSecurityDefaultsOff({ handoverPolicyIds: UNKNOWN as never });
    expect(failures).to.deep.equal([]);
    expect(unknowns).to.deep.equal(["handoverPolicyIds"]);
  });
});

describe("validateSystemPreferredMfa", () => {
  it("defaults to all users as a group", () => {
    const { spec, failures } = validateSystemPreferredMfa({});
    expect(failures).to.deep.equal([]);
    expect(spec).to.deep.equal({ state: "enabled", includeTarget: { id: "all_users", targetType: "group" }, restoreOnDestroy: true });
  });

  it("takes exactly one include target and at most one exclude target", () => {
    const two = [
      { id: G1, targetType: "group" as const },
      { id: G2, targetType: "group" as const },
    ];
    expect(properties(validateSystemPreferredMfa({ includeTarget: two }).failures)).to.deep.equal(["includeTarget"]);
    expect(properties(validateSystemPreferredMfa({ includeTarget: [] }).failures)).to.deep.equal(["includeTarget"]);
    expect(properties(validateSystemPreferredMfa({ excludeTarget: two }).failures)).to.deep.equal(["excludeTarget"]);
    expect(validateSystemPreferredMfa({ includeTarget: [two[0]!], excludeTarget: [] }).failures).to.deep.equal([]);
  });

  it("allows all_users only as a group, and never as the exclusion", () => {
    const asUser = validateSystemPreferredMfa({ includeTarget: { id: "all_users", targetType: "user" } });
    expect(properties(asUser.failures)).to.deep.equal(["includeTarget.targetType"]);
    const excluded = validateSystemPreferredMfa({ excludeTarget: { id: "ALL_USERS", targetType: "group" } });
    expect(properties(excluded.failures)).to.deep.equal(["excludeTarget"]);
  });

  it("refuses a bad state, target type and id", () => {
    const { failures } = validateSystemPreferredMfa({
      state: "on" as never,
      includeTarget: { id: "sales", targetType: "role" as never },
    });
    expect(properties(failures).sort()).to.deep.equal(["includeTarget.id", "includeTarget.targetType", "state"]);
    expect(failures.find((f) => f.property === "state")!.reason).to.contain('"default"');
  });

  it("skips an unknown target id", () => {
    const { failures, unknowns } = validateSystemPreferredMfa({ includeTarget: { id: UNKNOWN, targetType: "group" } });
    expect(failures).to.deep.equal([]);
    expect(unknowns).to.deep.equal(["includeTarget.id"]);
  });
});

describe("careless inputs that would lock someone out", () => {
  const reasonOf = (failures: CheckFailure[], property: string) => failures.find((f) => f.property === property)?.reason;

  describe("unknown input keys", () => {
    it("names a misspelt key and the key it was meant to be, for every resource and nested object", () => {
      const policy = validateManagedMfaPolicy({ includeAllUsers: true, excludeUser: [G1], takeOver: { securityDefault: false } } as never);
      expect(properties(policy.failures).sort()).to.deep.equal(["excludeUser", "takeOver.securityDefault"]);
      expect(reasonOf(policy.failures, "excludeUser")).to.contain("excludeUser is not an input of this resource").and.contain("did you mean excludeUsers?");
      expect(reasonOf(policy.failures, "takeOver.securityDefault")).to.contain("did you mean takeOver.securityDefaults?");
      const sd = validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakglassAccount: [G2] } as never);
      expect(reasonOf(sd.failures, "breakglassAccount")).to.contain("did you mean breakGlassAccounts?");
      const spm = validateSystemPreferredMfa({ includeTarget: { id: G1, targetTyp: "group" } } as never);
      expect(reasonOf(spm.failures, "includeTarget.targetTyp")).to.contain("did you mean includeTarget.targetType?");
    });

    it("lists the known inputs when nothing is close, and takes the keys every resource carries", () => {
      const { failures } = validateManagedMfaPolicy({ includeAllUsers: true, mfaForEveryone: true, resourceName: "mfa", connection: {}, __provider: "x" } as never);
      expect(properties(failures)).to.deep.equal(["mfaForEveryone"]);
      expect(failures[0]!.reason).to.contain("Known inputs: displayName, includeAllUsers,");
      expect(failures[0]!.reason).to.not.contain("did you mean");
      expect(failures[0]!.reason).to.not.contain("__provider");
    });

    it("ignores keys set to undefined (the outputs a resource class declares)", () => {
      expect(validateManagedMfaPolicy({ includeAllUsers: true, policyId: undefined } as never).failures).to.deep.equal([]);
    });
  });

  describe("the same object both included and excluded", () => {
    it("fails on the exclusion, naming both positions, whatever the case of the id", () => {
      const { failures } = validateManagedMfaPolicy({ includeUsers: [G2, G1], excludeUsers: [G1.toUpperCase()], includeGroups: [G2], excludeGroups: [G1, G2] });
      expect(properties(failures).sort()).to.deep.equal(["excludeGroups", "excludeUsers"]);
      expect(reasonOf(failures, "excludeUsers")).to.contain(`excludeUsers[0] "${G1.toUpperCase()}" is also included by includeUsers[1]`).and.contain("exclusion wins");
      expect(reasonOf(failures, "excludeGroups")).to.contain("excludeGroups[1]").and.contain("includeGroups[0]");
    });

    it("compares user principal names case-insensitively", () => {
      const { failures } = validateManagedMfaPolicy({ includeUsers: ["Alice@contoso.com"], excludeUsers: ["alice@CONTOSO.com"] });
      expect(properties(failures)).to.deep.equal(["excludeUsers"]);
    });
  });

  describe("user principal name syntax", () => {
    const cases: [string, RegExp][] = [
      ["alice smith@contoso.com", /contains a space/],
      ["alice.@contoso.com", /period right before the @/],
      ["alice@contoso", /"contoso" after the @, which is not a domain name/],
      ["alice@@contoso.com", /more than one @/],
      ["al(ice)@contoso.com", /has "\(" before the @/],
      ["@contoso.com", /nothing before the @/],
      [`${"a".repeat(110)}@contoso.com`, /122 characters long \(at most 113\)/],
    ];
    for (const [upn, reason] of cases)
      it(`refuses ${JSON.stringify(upn.slice(0, 30))}, saying why and how to write it`, () => {
        const { failures } = validateManagedMfaPolicy({ includeAllUsers: true, excludeUsers: [G1, upn] });
        expect(properties(failures)).to.deep.equal(["excludeUsers"]);
        expect(failures[0]!.reason).to.contain(`excludeUsers[1] ${JSON.stringify(upn)} is not a user principal name`).and.match(reason).and.contain("name@domain");
        expect(properties(validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakGlassAccounts: [upn] }).failures)).to.deep.equal(["breakGlassAccounts"]);
      });

    it("accepts member and guest (#EXT#) names", () => {
      const upns = ["o'brien.j-x_y!z#w^v~u@contoso.co.uk", "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com"];
      expect(validateManagedMfaPolicy({ includeUsers: upns }).failures).to.deep.equal([]);
    });
  });
});
