// The hand-over's words, exactly: each problem, the break-glass rule over whom a hand-over policy or the managed
// policy leaves out, and what changed between the check and the cut-over.

import { expect } from "chai";
import { checkSecurityDefaultsHandover, exclusionProblems, handoverChangesSince, managedExclusionProblems } from "../../provider/plan/handover";
import { grant, id, policy } from "./fixtures";

const nameOf = (userId: string) => `name-of-${userId}`;

describe("hand-over problems, word for word", () => {
  it("names the missing hand-over and each problem of a policy", () => {
    expect(checkSecurityDefaultsHandover([], [])).to.deep.equal(["No hand-over policy is named: turning Security Defaults off would leave every user without enforced MFA."]);
    const cases: [ReturnType<typeof policy>, string][] = [
      [policy({ grantControls: grant("OR", ["block"]) }), "blocks access instead of requiring MFA"],
      [policy({ grantControls: grant("OR", ["mfa", "compliantDevice"]) }), "lets users pass without MFA (MFA is OR-ed with other controls)"],
      [policy({ grantControls: grant("OR", ["compliantDevice"]) }), "does not require MFA"],
      [policy({ users: { includeGroups: [id(2)] } }), "does not include all users"],
      [policy({ users: { includeUsers: ["All"], excludeRoles: [id(3)] } }), "excludes directory roles (only user or group exclusions, for break-glass accounts, are allowed)"],
      [policy({ users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] } }), "excludes guests or external users, whom Security Defaults protects"],
    ];
    for (const [p, problem] of cases) expect(checkSecurityDefaultsHandover([p], [p.id]), problem).to.deep.equal([`Hand-over policy "${p.displayName}" (${p.id}) ${problem}.`]);
  });

  it("says a policy without a user condition has none, with the grant's problem first", () => {
    const p = policy({ grantControls: grant("OR", ["compliantDevice"]) });
    p.conditions.users = null;
    expect(checkSecurityDefaultsHandover([p], [p.id])).to.deep.equal([
      `Hand-over policy "${p.displayName}" (${p.id}) does not require MFA.`,
      `Hand-over policy "${p.displayName}" (${p.id}) has no user condition.`,
    ]);
  });

  it("reads a grant without built-in controls as not requiring MFA, not as a block", () => {
    const p = policy({ grantControls: { operator: "OR", authenticationStrength: null } as unknown as ReturnType<typeof policy>["grantControls"] });
    expect(checkSecurityDefaultsHandover([p], [p.id])).to.deep.equal([`Hand-over policy "${p.displayName}" (${p.id}) does not require MFA.`]);
  });

  it("names the applications a policy is limited to", () => {
    const app = "00000002-0000-0ff1-ce00-000000000000";
    const p = policy({ includeApplications: [app] });
    expect(checkSecurityDefaultsHandover([p], [p.id])).to.deep.equal([
      `Hand-over policy "${p.displayName}" (${p.id}) applies only to applications ${app}, while Security Defaults covers every sign-in to every application.`,
    ]);
  });
});

describe("exclusionProblems: whom a hand-over policy leaves out beyond the break-glass accounts", () => {
  const hp = { id: "p-1", displayName: "MFA for all" };

  it("says nothing when only declared break-glass accounts are left out, whatever their case", () => {
    const users = new Map([["BG-1", "directly"]]);
    expect(exclusionProblems([{ policy: hp, users }], new Set(["bg-1"]), nameOf)).to.deep.equal([]);
    expect(exclusionProblems([{ policy: hp, users: new Map() }], new Set(), nameOf)).to.deep.equal([]);
  });

  it("names one undeclared user, directly or through a group, in the singular", () => {
    expect(exclusionProblems([{ policy: hp, users: new Map([["u-1", "g-1"], ["bg", "directly"]]) }], new Set(["bg"]), nameOf)).to.deep.equal([
      'Hand-over policy "MFA for all" (p-1) excludes 1 user who is not a declared break-glass account: name-of-u-1 (through group g-1). ' +
        "They would be left without MFA: narrow the policy's exclusions, or declare the emergency access accounts in breakGlassAccounts (at most 5).",
    ]);
  });

  it("names the first five of more users, sorted, and counts the rest", () => {
    const users = new Map(["u-7", "u-3", "u-1", "u-6", "u-2", "u-5", "u-4"].map((u) => [u, "directly"]));
    expect(exclusionProblems([{ policy: hp, users }], new Set(), nameOf)).to.deep.equal([
      'Hand-over policy "MFA for all" (p-1) excludes 7 users who are not declared break-glass accounts: ' +
        "name-of-u-1, name-of-u-2, name-of-u-3, name-of-u-4, name-of-u-5 and 2 more. " +
        "They would be left without MFA: narrow the policy's exclusions, or declare the emergency access accounts in breakGlassAccounts (at most 5).",
    ]);
    const five = new Map(["u-1", "u-2", "u-3", "u-4", "u-5"].map((u) => [u, "directly"]));
    expect(exclusionProblems([{ policy: hp, users: five }], new Set(), nameOf)[0]).to.contain("name-of-u-5. They would");
  });
});

describe("managedExclusionProblems: the managed policy as what protects everyone", () => {
  const leftOut = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`u-${i + 1}`, i % 2 ? "g-bg" : "directly"]));

  it("allows up to five users left out", () => {
    expect(managedExclusionProblems(leftOut(5), nameOf)).to.deep.equal([]);
  });

  it("refuses six, naming five and counting the rest", () => {
    expect(managedExclusionProblems(leftOut(6), nameOf)).to.deep.equal([
      "The managed policy's exclusions leave 6 users without MFA (name-of-u-1, name-of-u-2 (through group g-bg), name-of-u-3, " +
        "name-of-u-4 (through group g-bg), name-of-u-5 and 1 more), more than the 5 break-glass accounts an all-users MFA policy may leave out: " +
        "narrow excludeUsers / excludeGroups to the emergency access accounts.",
    ]);
  });

  it("names the first five in id order, whatever order they were found in", () => {
    const found = new Map([...leftOut(7)].reverse());
    expect(managedExclusionProblems(found, nameOf)[0]).to.contain(
      "leave 7 users without MFA (name-of-u-1, name-of-u-2 (through group g-bg), name-of-u-3, name-of-u-4 (through group g-bg), name-of-u-5 and 2 more)",
    );
  });
});

describe("handoverChangesSince: what changed between the check and the cut-over", () => {
  const bg = "b0000000-0000-4000-8000-00000000b6a5";
  const checked = () => policy({ displayName: "Hand-over", users: { includeUsers: ["All"], excludeUsers: [bg], excludeGroups: ["g-1"] } });

  it("finds nothing when the policy is as checked, Graph's echo aside", () => {
    const p = checked();
    const echoed = { ...p, conditions: { ...p.conditions, users: { ...p.conditions.users!, excludeUsers: [bg.toUpperCase()] } } };
    expect(handoverChangesSince([p], [echoed], [p.id])).to.deep.equal([]);
  });

  it("names users and groups newly excluded", () => {
    const p = checked();
    const now = { ...p, conditions: { ...p.conditions, users: { ...p.conditions.users!, excludeUsers: [bg, "u-2"], excludeGroups: ["g-1", "g-2"] } } };
    expect(handoverChangesSince([p], [now], [p.id])).to.deep.equal([`Hand-over policy "Hand-over" (${p.id}) now also excludes user u-2, group g-2, which were not checked.`]);
    const groupOnly = { ...p, conditions: { ...p.conditions, users: { ...p.conditions.users!, excludeGroups: ["g-1", "g-3"] } } };
    expect(handoverChangesSince([p], [groupOnly], [p.id])).to.deep.equal([`Hand-over policy "Hand-over" (${p.id}) now also excludes group g-3, which were not checked.`]);
  });

  it("names a problem the check did not find, and a policy gone, but not the problems it already knew", () => {
    const p = checked();
    const narrowed = { ...p, conditions: { ...p.conditions, clientAppTypes: ["browser"] } };
    expect(handoverChangesSince([p], [narrowed], [p.id])).to.deep.equal([
      `Hand-over policy "Hand-over" (${p.id}) applies only to client app types browser, while Security Defaults covers every sign-in to every application.`,
    ]);
    expect(handoverChangesSince([p], [], [p.id])).to.deep.equal([`Hand-over policy ${p.id} does not exist in the tenant.`]);
    expect(handoverChangesSince([narrowed], [narrowed], [p.id])).to.deep.equal([]);
  });

  it("skips a policy without a user condition on either side", () => {
    const p = checked();
    const noUsers = { ...p, conditions: { ...p.conditions, users: null } };
    expect(handoverChangesSince([noUsers], [noUsers], [p.id])).to.deep.equal([]);
  });
});
