// The small readers every plan rests on: what a grant requires and how it is written and said; whom a user
// condition targets and how that is said.

import { expect } from "chai";
import type { ConditionalAccessGrantControls } from "../../provider/graph/types";
import { NO_TARGETS } from "../../provider/plan/managed-policy";
import { comparableGrant, demandedRequirementId, describeGrant, describeStrength, mfaGrantOf, writableGrant } from "../../provider/plan/mfa-controls";
import { describeIds, describeTargets, excludesGuests, includesGuests, mayCover, targetsOf } from "../../provider/plan/targets";
import { MFA_STRENGTH, PHISHING_RESISTANT, users } from "./fixtures";

const PASSWORDLESS = "00000000-0000-0000-0000-000000000003";
const CUSTOM = "6f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

function g(operator: string, builtInControls: string[], extra: Partial<ConditionalAccessGrantControls> = {}): ConditionalAccessGrantControls {
  return { operator, builtInControls: builtInControls as never, customAuthenticationFactors: [], termsOfUse: [], ...extra };
}

describe("grant readers", () => {
  it("mfaGrantOf names every other control of an AND grant, in order", () => {
    expect(mfaGrantOf(g("and", ["mfa", "compliantDevice"], { customAuthenticationFactors: ["f1"], termsOfUse: ["t1"], authenticationStrength: { id: CUSTOM } }))).to.deep.equal({
      kind: "required",
      via: { type: "builtIn" },
      otherControls: ["compliantDevice", "f1", "termsOfUse:t1", `authenticationStrength:${CUSTOM}`],
    });
    expect(mfaGrantOf(g("AND", [], { authenticationStrength: { id: CUSTOM }, termsOfUse: ["t1"] }))).to.deep.equal({
      kind: "required",
      via: { type: "strength", strengthId: CUSTOM },
      otherControls: ["termsOfUse:t1"],
    });
    expect(mfaGrantOf({ operator: "OR", builtInControls: ["mfa"] } as never)).to.deep.equal({ kind: "required", via: { type: "builtIn" }, otherControls: [] });
    expect(mfaGrantOf({ builtInControls: ["mfa"], customAuthenticationFactors: ["f1"] } as never).kind).to.equal("alternative");
    expect(mfaGrantOf({ builtInControls: ["mfa"], termsOfUse: ["t1"] } as never).kind).to.equal("alternative");
  });

  it("demandedRequirementId: a strength AND-ed beside mfa sets the bar, one OR-ed beside it does not", () => {
    expect(demandedRequirementId(g("AND", ["mfa"], { authenticationStrength: { id: PHISHING_RESISTANT.toUpperCase() } }), { type: "builtIn" })).to.equal(PHISHING_RESISTANT);
    expect(demandedRequirementId(g("OR", ["mfa"], { authenticationStrength: { id: PHISHING_RESISTANT } }), { type: "builtIn" })).to.equal(MFA_STRENGTH);
    expect(demandedRequirementId(g("AND", ["mfa"]), { type: "builtIn" })).to.equal(MFA_STRENGTH);
    expect(demandedRequirementId(g("AND", ["mfa"], { authenticationStrength: { id: CUSTOM.toUpperCase() } }), { type: "builtIn" })).to.equal(CUSTOM);
    expect(demandedRequirementId(g("AND", [], { authenticationStrength: { id: CUSTOM.toUpperCase() } }), { type: "strength", strengthId: CUSTOM.toUpperCase() })).to.equal(CUSTOM);
    expect(demandedRequirementId(g("OR", [], { authenticationStrength: { id: CUSTOM.toUpperCase() } }), { type: "strength", strengthId: CUSTOM.toUpperCase() })).to.equal(CUSTOM);
  });

  it("writableGrant keeps what Graph returned, copies the lists, reduces the strength to its id and drops annotations", () => {
    const returned = {
      ...g("AND", ["mfa"], { authenticationStrength: { id: CUSTOM, displayName: "Custom", requirementsSatisfied: "mfa" } }),
      "authenticationStrength@odata.context": "x",
      futureProperty: "kept",
    };
    const out = writableGrant(returned)!;
    expect(out).to.deep.equal({ operator: "AND", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: { id: CUSTOM }, futureProperty: "kept" });
    out.builtInControls.push("block");
    expect(returned.builtInControls).to.deep.equal(["mfa"]);
    expect(writableGrant({ operator: "OR" } as never)).to.deep.equal({ operator: "OR", builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null });
    expect(writableGrant(null)).to.equal(null);
  });

  it("comparableGrant: no control is no grant; one control ignores the operator; more are upper-cased", () => {
    expect(comparableGrant(g("AND", []))).to.equal(null);
    expect(comparableGrant(g("AND", ["mfa"]))!.operator).to.equal("OR");
    expect(comparableGrant(g("AND", [], { termsOfUse: ["t1"] }))!.operator).to.equal("OR");
    expect(comparableGrant(g("AND", [], { customAuthenticationFactors: ["f1"] }))!.operator).to.equal("OR");
    expect(comparableGrant(g("and", [], { authenticationStrength: { id: CUSTOM }, termsOfUse: ["t1"] }))!.operator).to.equal("AND");
    expect(comparableGrant(g("and", ["mfa"], { customAuthenticationFactors: ["f1"] }))!.operator).to.equal("AND");
    expect(comparableGrant(g("and", ["mfa", "compliantDevice"]))!.operator).to.equal("AND");
    expect(comparableGrant({ builtInControls: ["mfa", "compliantDevice"] } as never)!.operator).to.equal("OR");
  });

  it("describeGrant says every control by name, joined by its operator", () => {
    const all = g("AND", ["mfa", "block", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange", "riskRemediation", "later"], {
      authenticationStrength: { id: PASSWORDLESS },
      customAuthenticationFactors: ["f1"],
      termsOfUse: ["t1"],
    });
    expect(describeGrant(all)).to.equal(
      "MFA and block access and a compliant device and a Microsoft Entra hybrid joined device and an approved client app and an app protection policy and " +
        'a password change and risk remediation and later and authentication strength "Passwordless MFA" and custom control f1 and terms of use t1',
    );
    expect(describeGrant(g("OR", ["mfa", "compliantDevice"]))).to.equal("MFA or a compliant device");
    expect(describeGrant(g("OR", []))).to.equal("no grant controls");
  });

  it("describeStrength names the built-in strengths in any case, and a custom one by id", () => {
    expect(describeStrength(MFA_STRENGTH)).to.equal('authentication strength "Multifactor authentication"');
    expect(describeStrength(PHISHING_RESISTANT)).to.equal('authentication strength "Phishing-resistant MFA"');
    expect(describeStrength(CUSTOM.toUpperCase())).to.equal(`custom authentication strength ${CUSTOM.toUpperCase()}`);
    expect(describeStrength("00000000-0000-0000-0000-00000000000A".replace("A", "3"))).to.equal('authentication strength "Passwordless MFA"');
  });
});

describe("target readers", () => {
  const [a, b] = ["a0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002"];

  it("targetsOf drops the keywords from the id lists and reads All as all users", () => {
    const t = targetsOf(users({ includeUsers: ["All", "None", "GuestsOrExternalUsers", a.toUpperCase()], excludeUsers: ["guestsorexternalusers", b], includeGroups: ["all", a], excludeRoles: [b] }));
    expect(t).to.deep.equal({ includeAllUsers: true, includeUsers: [a], includeGroups: [a], includeRoles: [], excludeUsers: [b], excludeGroups: [], excludeRoles: [b] });
    expect(targetsOf(users({ includeUsers: ["None"] })).includeAllUsers).to.equal(false);
  });

  it("includesGuests and excludesGuests read the keyword and the typed rule, each on its own side", () => {
    const typed = { guestOrExternalUserTypes: "internalGuest" };
    expect([includesGuests(users({ includeUsers: ["GuestsOrExternalUsers"] })), includesGuests(users({ includeGuestsOrExternalUsers: typed })), includesGuests(users({ excludeGuestsOrExternalUsers: typed }))]).to.deep.equal([true, true, false]);
    expect([excludesGuests(users({ excludeUsers: ["GuestsOrExternalUsers"] })), excludesGuests(users({ excludeGuestsOrExternalUsers: typed })), excludesGuests(users({ includeUsers: ["GuestsOrExternalUsers"] }))]).to.deep.equal([true, true, false]);
  });

  it("mayCover: an exclusion wins; groups, roles and all users may hold anyone; named users hold only themselves, but may be in any group or role", () => {
    const named = { ...NO_TARGETS, includeUsers: [a] };
    expect([mayCover(named, "users", a), mayCover(named, "users", b), mayCover(named, "groups", b), mayCover(named, "roles", b)]).to.deep.equal([true, false, true, true]);
    expect(mayCover(NO_TARGETS, "groups", b)).to.equal(false);
    expect(mayCover({ ...NO_TARGETS, includeGroups: [a] }, "users", b)).to.equal(true);
    expect(mayCover({ ...NO_TARGETS, includeRoles: [a] }, "users", b)).to.equal(true);
    expect(mayCover({ ...NO_TARGETS, includeAllUsers: true, excludeUsers: [b] }, "users", b)).to.equal(false);
    expect(mayCover({ ...NO_TARGETS, includeAllUsers: true, excludeGroups: [b] }, "groups", b)).to.equal(false);
    expect(mayCover({ ...NO_TARGETS, includeAllUsers: true, excludeRoles: [b] }, "roles", b)).to.equal(false);
  });

  it("describeIds and describeTargets say whom, word for word", () => {
    expect(describeIds([a, b], ["g1"], ["r1"], true)).to.equal(`users ${a}, ${b} and groups g1 and roles r1 and guests or external users`);
    expect(describeIds([], [], [])).to.equal("nobody");
    expect(describeIds([], ["g1", "g2"], ["r1", "r2"])).to.equal("groups g1, g2 and roles r1, r2");
    expect(describeTargets({ ...NO_TARGETS, includeAllUsers: true, includeUsers: [a], excludeGroups: ["g1"] })).to.equal("all users except groups g1");
    expect(describeTargets({ ...NO_TARGETS, includeRoles: ["r1"] })).to.equal("roles r1");
  });
});
