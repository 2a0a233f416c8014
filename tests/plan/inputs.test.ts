import { expect } from "chai";
import {
  DEFAULT_DISPLAY_NAME,
  overlapFailures,
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

  it("takes an exclusion that is another group, and all_users written with spaces and capitals", () => {
    const { spec, failures } = validateSystemPreferredMfa({ includeTarget: { id: " All_Users ", targetType: "group" }, excludeTarget: { id: G2, targetType: "group" } });
    expect(failures).to.deep.equal([]);
    expect(spec).to.deep.equal({
      state: "enabled",
      includeTarget: { id: "all_users", targetType: "group" },
      excludeTarget: { id: G2, targetType: "group" },
      restoreOnDestroy: true,
    });
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

describe("what check says, input by input", () => {
  const reasonOf = (failures: CheckFailure[], property: string) => failures.find((f) => f.property === property)?.reason;
  /** The n-th of a run of distinct object ids. */
  const guid = (n: number) => `${n.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;
  const everyone = { includeAllUsers: true, excludeGroups: [G2] };

  describe("scalars: booleans, choices, optional ids, the display name", () => {
    it("null is the same as not set: the default, and no failure", () => {
      const { spec, failures } = validateManagedMfaPolicy({
        ...everyone,
        restoreOnDestroy: null,
        state: null,
        authenticationStrengthId: null,
        adoptPolicyId: "",
        includeUsers: null,
        takeOver: null,
      } as never);
      expect(failures).to.deep.equal([]);
      expect(spec.restoreOnDestroy).to.equal(true);
      expect(spec.state).to.equal("enabled");
      expect(spec.takeOver).to.deep.equal({ securityDefaults: true, mfaPolicies: "consolidate", perUserMfa: "leave" });
      expect(spec).to.not.have.property("authenticationStrengthId");
      expect(spec).to.not.have.property("adoptPolicyId");
      const target = validateSystemPreferredMfa({ includeTarget: null, excludeTarget: null } as never);
      expect(target.failures).to.deep.equal([]);
      expect(target.spec.includeTarget).to.deep.equal({ id: "all_users", targetType: "group" });
    });

    it("a boolean that is not one names its property and the value given", () => {
      const policy = validateManagedMfaPolicy({ ...everyone, restoreOnDestroy: "yes", takeOver: { securityDefaults: "no" } } as never);
      expect(reasonOf(policy.failures, "restoreOnDestroy")).to.equal('restoreOnDestroy must be true or false, not "yes".');
      expect(reasonOf(policy.failures, "takeOver.securityDefaults")).to.equal('takeOver.securityDefaults must be true or false, not "no".');
      expect(policy.spec.restoreOnDestroy).to.equal(true);
      const sd = validateSecurityDefaultsOff({ handoverPolicyIds: [G1], allowUnprotected: 1, restoreOnDestroy: "false" } as never);
      expect(properties(sd.failures).sort()).to.deep.equal(["allowUnprotected", "restoreOnDestroy"]);
      expect(sd.spec).to.include({ allowUnprotected: false, restoreOnDestroy: true });
      expect(properties(validateSystemPreferredMfa({ restoreOnDestroy: 0 } as never).failures)).to.deep.equal(["restoreOnDestroy"]);
    });

    it("choices are read trimmed, aliases too, and a bad one lists every allowed value", () => {
      expect(validateManagedMfaPolicy({ ...everyone, state: " disabled " as never }).spec.state).to.equal("disabled");
      expect(validateManagedMfaPolicy({ ...everyone, state: " enabledForReportingButNotEnforced " as never }).spec.state).to.equal("reportOnly");
      const bad = validateManagedMfaPolicy({ ...everyone, state: "on" as never, takeOver: { perUserMfa: 3 } } as never);
      expect(reasonOf(bad.failures, "state")).to.equal('state is "on"; allowed values are "enabled", "reportOnly", "disabled".');
      expect(reasonOf(bad.failures, "takeOver.perUserMfa")).to.equal('takeOver.perUserMfa is 3; allowed values are "migrate", "leave".');
      expect(bad.spec.state).to.equal("enabled");
      expect(bad.spec.takeOver.perUserMfa).to.equal("leave");
    });

    it("an optional id that is not a GUID says what it should be; one given is normalised", () => {
      const bad = validateManagedMfaPolicy({ ...everyone, authenticationStrengthId: "phishing-resistant", adoptPolicyId: "my policy" });
      expect(reasonOf(bad.failures, "authenticationStrengthId")).to.contain('authenticationStrengthId "phishing-resistant" is not an authentication strength policy id (a GUID');
      expect(reasonOf(bad.failures, "adoptPolicyId")).to.contain('adoptPolicyId "my policy" is not a Conditional Access policy id (a GUID');
      const ok = validateManagedMfaPolicy({ ...everyone, authenticationStrengthId: ` ${G1.toUpperCase()} `, adoptPolicyId: G2 });
      expect(ok.spec).to.include({ authenticationStrengthId: G1, adoptPolicyId: G2 });
    });

    it("the display name: trimmed, unknown during preview, a string of at most 256 characters", () => {
      expect(validateManagedMfaPolicy({ ...everyone, displayName: "  MFA for staff  " }).spec.displayName).to.equal("MFA for staff");
      const unknown = validateManagedMfaPolicy({ ...everyone, displayName: UNKNOWN });
      expect(unknown.failures).to.deep.equal([]);
      expect(unknown.unknowns).to.deep.equal(["displayName"]);
      expect(unknown.spec.displayName).to.equal(DEFAULT_DISPLAY_NAME);
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, displayName: 5 } as never).failures, "displayName")).to.equal("displayName must be a non-empty string.");
      const longest = "x".repeat(256);
      expect(validateManagedMfaPolicy({ ...everyone, displayName: longest }).spec.displayName).to.equal(longest);
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, displayName: "x".repeat(257) }).failures, "displayName")).to.equal(
        "displayName is 257 characters long; Conditional Access allows at most 256.",
      );
    });

    it("takeOver must be an object: a string or a list is refused, not silently read as the defaults", () => {
      for (const takeOver of ["yes", ["consolidate"]]) {
        const { failures, spec } = validateManagedMfaPolicy({ ...everyone, takeOver } as never);
        expect(properties(failures)).to.deep.equal(["takeOver"]);
        expect(failures[0]!.reason).to.equal(`takeOver must be an object like { securityDefaults: true, mfaPolicies: "consolidate" }, not ${JSON.stringify(takeOver)}.`);
        expect(spec.takeOver.mfaPolicies).to.equal("consolidate");
      }
      const unknown = validateManagedMfaPolicy({ ...everyone, takeOver: UNKNOWN } as never);
      expect(unknown.failures).to.deep.equal([]);
      expect(unknown.unknowns).to.deep.equal(["takeOver"]);
    });
  });

  describe("id lists", () => {
    it("a list with several unknown entries is listed as unknown once", () => {
      expect(validateManagedMfaPolicy({ includeGroups: [UNKNOWN, G1, UNKNOWN] }).unknowns).to.deep.equal(["includeGroups"]);
    });

    it("a value that is not a list, or an entry that is not a string, is refused (and does not also make the policy target nobody)", () => {
      const notList = validateManagedMfaPolicy({ includeGroups: G1 } as never);
      expect(notList.failures).to.deep.equal([{ property: "includeGroups", reason: `includeGroups must be a list of ids, not "${G1}".` }]);
      expect(notList.spec.includeGroups).to.deep.equal([]);
      const number = validateManagedMfaPolicy({ includeGroups: [5], excludeGroups: [5] } as never);
      expect(number.failures).to.deep.equal([
        { property: "includeGroups", reason: "includeGroups[0] 5 is not a string." },
        { property: "excludeGroups", reason: "excludeGroups[0] 5 is not a string." },
      ]);
    });

    it("entries are read trimmed", () => {
      expect(validateManagedMfaPolicy({ includeGroups: [` ${G1} `] }).spec.includeGroups).to.deep.equal([G1]);
    });

    it("group and role entries say what kind of id they must be", () => {
      const { failures } = validateManagedMfaPolicy({ includeGroups: ["sales"], excludeGroups: ["x"], includeRoles: ["admin"] });
      expect(reasonOf(failures, "includeGroups")).to.equal('includeGroups[0] "sales" is not a group object id (a GUID).');
      expect(reasonOf(failures, "excludeGroups")).to.equal('excludeGroups[0] "x" is not a group object id (a GUID).');
      expect(reasonOf(failures, "includeRoles")).to.contain("62e90394-69f5-4237-9190-012177145e10 (Global Administrator)");
    });

    it("users: the guest keyword in any case is a user target, All is not", () => {
      const guests = validateManagedMfaPolicy({ includeUsers: ["guestsOrExternalUsers"] });
      expect(guests.failures).to.deep.equal([]);
      expect(guests.spec.includeUsers).to.deep.equal(["GuestsOrExternalUsers"]);
      const all = validateManagedMfaPolicy({ includeUsers: ["all"] });
      expect(all.failures).to.deep.equal([
        { property: "includeUsers", reason: 'includeUsers[0] "all" is not allowed here: set includeAllUsers: true to target every user.' },
      ]);
    });

    it("applications: GUIDs and the three keywords in any case; an empty list or All among others is refused", () => {
      const keywords = validateManagedMfaPolicy({ ...everyone, applications: ["office365", "MicrosoftAdminPortals", G1] });
      expect(keywords.failures).to.deep.equal([]);
      expect(keywords.spec.applications).to.deep.equal([G1, "MicrosoftAdminPortals", "Office365"]);
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, applications: ["Teams"] }).failures, "applications")).to.equal(
        'applications[0] "Teams" is neither an application (client) id (GUID) nor one of All, Office365, MicrosoftAdminPortals.',
      );
      expect(validateManagedMfaPolicy({ ...everyone, applications: [] }).failures).to.deep.equal([
        { property: "applications", reason: 'applications is empty; use ["All"] (the default) or list application ids.' },
      ]);
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, applications: ["All", "Office365"] }).failures, "applications")).to.equal(
        'applications lists "All" together with other entries; "All" already includes every application.',
      );
      const unknown = validateManagedMfaPolicy({ ...everyone, applications: UNKNOWN as never });
      expect(unknown.failures).to.deep.equal([]);
      expect(unknown.unknowns).to.deep.equal(["applications"]);
    });
  });

  describe("user principal names at the edges", () => {
    const refused = (upn: string) => properties(validateManagedMfaPolicy({ includeUsers: [upn] }).failures);
    it("a bad character at either end of the name or the domain is refused", () => {
      for (const upn of ["(alice@contoso.com", "alice(@contoso.com", "alice@(contoso.com", "alice@contoso.com/"]) expect(refused(upn), upn).to.deep.equal(["includeUsers"]);
    });

    it("no domain at all is named as such", () => {
      expect(reasonOf(validateManagedMfaPolicy({ includeUsers: ["alice@"] }).failures, "includeUsers")).to.contain("has no domain after the @");
    });

    it("113 characters is the longest accepted", () => {
      const longest = `${"a".repeat(101)}@contoso.com`;
      expect(longest).to.have.length(113);
      expect(refused(longest)).to.deep.equal([]);
      expect(refused(`a${longest}`)).to.deep.equal(["includeUsers"]);
    });
  });

  describe("unknown keys", () => {
    it("a key near nothing lists the known inputs, at the top level and in takeOver", () => {
      const top = validateManagedMfaPolicy({ ...everyone, zzzzzzzz: 1 } as never);
      expect(reasonOf(top.failures, "zzzzzzzz")).to.match(/^zzzzzzzz is not an input of this resource, so it would be ignored\. Known inputs: displayName, /);
      const nested = validateManagedMfaPolicy({ ...everyone, takeOver: { zzzzzzzz: 1 } } as never);
      expect(reasonOf(nested.failures, "takeOver.zzzzzzzz")).to.equal(
        "takeOver.zzzzzzzz is not an input of this resource, so it would be ignored. Known takeOver inputs: securityDefaults, mfaPolicies, perUserMfa.",
      );
      expect(properties(validateSystemPreferredMfa({ foo: 1 } as never).failures)).to.deep.equal(["foo"]);
    });

    it("suggests the nearest key, the first one on a tie, within two edits for short keys", () => {
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, cludeUsers: [G1] } as never).failures, "cludeUsers")).to.contain("did you mean includeUsers? ");
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, sta: "enabled" } as never).failures, "sta")).to.contain("did you mean state? ");
      expect(reasonOf(validateManagedMfaPolicy({ ...everyone, takeOverAll: true } as never).failures, "takeOverAll")).to.not.contain("did you mean");
    });

    it("never suggests the keys the program does not write", () => {
      const { failures } = validateManagedMfaPolicy({ ...everyone, resourceNames: "x" } as never);
      expect(properties(failures)).to.deep.equal(["resourceNames"]);
      expect(failures[0]!.reason).to.not.contain("resourceName?");
    });
  });

  describe("the same entry included and excluded", () => {
    it("positions past 9 still name the lists", () => {
      const many = Array.from({ length: 12 }, (_, i) => guid(i + 1));
      const { failures } = validateManagedMfaPolicy({ includeUsers: many, excludeUsers: [...many.slice(0, 10).map((_, i) => guid(100 + i)), many[11]!] });
      expect(failures).to.have.length(1);
      expect(failures[0]!.property).to.equal("excludeUsers");
      expect(failures[0]!.reason).to.contain(`excludeUsers[10] "${many[11]}" is also included by includeUsers[11]:`);
      expect(failures[0]!.reason).to.contain("Remove it from excludeUsers if it must have MFA, or from includeUsers if it is a break-glass exclusion.");
    });

    it("the same text in another case or with spaces is the same entry, and is not called another object", () => {
      const { failures } = validateManagedMfaPolicy({ includeUsers: [` ${G1}`], excludeUsers: [G1.toUpperCase()] });
      expect(properties(failures)).to.deep.equal(["excludeUsers"]);
      expect(failures[0]!.reason).to.not.contain("is the same object");
    });

    it("spaces around the excluded entry do not make it another object either", () => {
      const { failures } = validateManagedMfaPolicy({ includeUsers: [G1], excludeUsers: [` ${G1.toUpperCase()} `] });
      expect(properties(failures)).to.deep.equal(["excludeUsers"]);
      expect(failures[0]!.reason).to.not.contain("is the same object");
    });

    it("a user principal name with spaces around it is read as the name", () => {
      const { spec, failures } = validateManagedMfaPolicy({ includeAllUsers: true, excludeUsers: ["  Breakglass@contoso.com "] });
      expect(failures).to.deep.equal([]);
      expect(spec!.excludeUsers).to.deep.equal(["breakglass@contoso.com"]);
    });

    it("entries that are blank are not an overlap", () => {
      const { failures } = validateManagedMfaPolicy({ includeUsers: [G1, "  "], excludeUsers: ["  "] });
      expect(failures.filter((f) => f.reason.includes("also included"))).to.deep.equal([]);
    });

    it("a different spelling that resolves to the same object is named as such", () => {
      const [failure] = overlapFailures(
        [{ path: "includeUsers[0]", value: "Alice@contoso.com", id: G1 }],
        [{ path: "excludeUsers[3]", value: G1, id: G1 }],
      );
      expect(failure!.property).to.equal("excludeUsers");
      expect(failure!.reason).to.contain(`excludeUsers[3] "${G1}" is also included by includeUsers[0] ("Alice@contoso.com" is the same object): an exclusion wins`);
    });
  });

  describe("whom the policy targets", () => {
    it("a refused or unknown target list is not also called nobody; anything else refused does not hide that", () => {
      expect(properties(validateManagedMfaPolicy({ includeAllUsers: "yes" } as never).failures)).to.deep.equal(["includeAllUsers"]);
      expect(properties(validateManagedMfaPolicy({ includeUsers: ["bad"] }).failures)).to.deep.equal(["includeUsers"]);
      expect(validateManagedMfaPolicy({ includeRoles: UNKNOWN as never }).failures).to.deep.equal([]);
      const stateOnly = validateManagedMfaPolicy({ state: "on" as never });
      expect(properties(stateOnly.failures).sort()).to.deep.equal(["includeUsers", "state"]);
      expect(reasonOf(stateOnly.failures, "includeUsers")).to.equal(
        "The policy targets nobody: set includeAllUsers: true, or list includeUsers, includeGroups or includeRoles.",
      );
    });

    it("the missing break-glass warning says why and what to do, and waits while exclusions or targets are unknown", () => {
      const [warning] = validateManagedMfaPolicy({ includeAllUsers: true }).warnings;
      expect(warning).to.contain("No break-glass account is declared (includeAllUsers is true and excludeUsers and excludeGroups are empty)");
      expect(warning).to.contain("Exclusions carried over from policies the take-over absorbs are not break-glass accounts.");
      expect(warning).to.contain("Exclude one or two monitored break-glass accounts with excludeUsers or excludeGroups.");
      for (const unknown of ["excludeUsers", "excludeGroups", "includeRoles"])
        expect(validateManagedMfaPolicy({ includeAllUsers: true, [unknown]: UNKNOWN } as never).warnings, unknown).to.deep.equal([]);
      expect(validateManagedMfaPolicy({ includeAllUsers: true, excludeUsers: [G1] }).warnings).to.deep.equal([]);
    });

    it("all users together with groups or roles names each conflicting list", () => {
      const { failures } = validateManagedMfaPolicy({ includeAllUsers: true, includeGroups: [G1], includeRoles: [G2], excludeUsers: [G1] });
      expect(failures).to.deep.equal(
        ["includeGroups", "includeRoles"].map((p) => ({ property: p, reason: `${p} conflicts with includeAllUsers: true (all users already includes them); remove one of the two.` })),
      );
    });
  });

  describe("SecurityDefaultsOff", () => {
    it("five break-glass accounts are accepted", () => {
      const five = Array.from({ length: 5 }, (_, i) => guid(i + 1));
      expect(validateSecurityDefaultsOff({ handoverPolicyIds: [G1], breakGlassAccounts: five }).failures).to.deep.equal([]);
    });

    it("a bad hand-over id is one failure, not also an empty list; a bad break-glass account does not hide an empty list", () => {
      expect(validateSecurityDefaultsOff({ handoverPolicyIds: ["policy"] }).failures).to.deep.equal([
        { property: "handoverPolicyIds", reason: 'handoverPolicyIds[0] "policy" is not a Conditional Access policy id (a GUID).' },
      ]);
      expect(properties(validateSecurityDefaultsOff({ handoverPolicyIds: [], breakGlassAccounts: ["x"] }).failures)).to.deep.equal([
        "breakGlassAccounts",
        "handoverPolicyIds",
      ]);
    });

    it("an empty hand-over says what it would do; allowUnprotected turns that into a warning, and waits while unknown", () => {
      const [empty] = validateSecurityDefaultsOff({}).failures;
      expect(empty!.reason).to.contain("would leave every user without MFA").and.contain("Pass the ManagedMfaPolicy's policyId, or set allowUnprotected: true");
      expect(validateSecurityDefaultsOff({ allowUnprotected: true }).warnings).to.deep.equal([
        "No hand-over policy: turning Security Defaults off leaves every user without enforced MFA (allowUnprotected is set).",
      ]);
      const unknown = validateSecurityDefaultsOff({ allowUnprotected: UNKNOWN as never });
      expect(unknown.failures).to.deep.equal([]);
      expect(unknown.warnings).to.deep.equal([]);
      expect(unknown.unknowns).to.deep.equal(["allowUnprotected"]);
    });
  });

  describe("SystemPreferredMfa targets", () => {
    it("the target count is named, with what the API takes and what to do instead", () => {
      const two = [{ id: G1, targetType: "group" as const }, { id: G2, targetType: "group" as const }];
      expect(reasonOf(validateSystemPreferredMfa({ includeTarget: two }).failures, "includeTarget")).to.equal(
        "includeTarget lists 2 targets; system-preferred MFA takes exactly one include target (use one group, nested or dynamic, to cover several).",
      );
      expect(reasonOf(validateSystemPreferredMfa({ excludeTarget: two }).failures, "excludeTarget")).to.contain("at most one exclude target");
    });

    it("a target that is not an object is refused, whether given alone or in a list", () => {
      for (const includeTarget of [G1, [G1], [[{ id: G1, targetType: "group" }]]]) {
        const { failures, spec } = validateSystemPreferredMfa({ includeTarget } as never);
        expect(failures, JSON.stringify(includeTarget)).to.deep.equal([
          { property: "includeTarget", reason: `includeTarget must be an object like { id: "<group id>", targetType: "group" }, not ${JSON.stringify([includeTarget].flat(1)[0])}.` },
        ]);
        expect(spec.includeTarget.id).to.equal("all_users");
      }
    });

    it("all_users is read trimmed and in any case, only as a group, and never excluded", () => {
      expect(validateSystemPreferredMfa({ includeTarget: { id: " All_Users ", targetType: "group" } }).spec.includeTarget).to.deep.equal({ id: "all_users", targetType: "group" });
      expect(reasonOf(validateSystemPreferredMfa({ includeTarget: { id: "all_users", targetType: "user" } }).failures, "includeTarget.targetType")).to.equal(
        'includeTarget.id "all_users" is only valid with targetType "group".',
      );
      expect(reasonOf(validateSystemPreferredMfa({ excludeTarget: { id: "all_users", targetType: "group" } }).failures, "excludeTarget")).to.contain(
        'use state: "disabled"',
      );
    });

    it("an exclusion equal to the inclusion is refused, unless both are still unknown", () => {
      const same = validateSystemPreferredMfa({ includeTarget: { id: G1, targetType: "group" }, excludeTarget: { id: G1.toUpperCase(), targetType: "group" } });
      expect(reasonOf(same.failures, "excludeTarget")).to.contain("excludeTarget is the same as includeTarget");
      const unknown = validateSystemPreferredMfa({ includeTarget: { id: UNKNOWN, targetType: "group" }, excludeTarget: { id: UNKNOWN, targetType: "group" } });
      expect(unknown.failures).to.deep.equal([]);
    });

    it("a target id says which kind of object id it must be; a user target is kept as one", () => {
      expect(reasonOf(validateSystemPreferredMfa({ includeTarget: { id: "bob", targetType: "user" } }).failures, "includeTarget.id")).to.equal(
        'includeTarget.id "bob" is not a user object id (a GUID) nor "all_users".',
      );
      expect(validateSystemPreferredMfa({ includeTarget: { id: G1.toUpperCase(), targetType: "user" } }).spec.includeTarget).to.deep.equal({ id: G1, targetType: "user" });
    });
  });
});
