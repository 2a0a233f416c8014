// What changing an existing MFA policy takes from the people it protects today, and what still protects them.

import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { managedPolicyBody } from "../../provider/plan/managed-policy";
import type { MfaControl } from "../../provider/plan/mfa-controls";
import { mfaStillRequired, mfaTakenAway } from "../../provider/plan/mfa-losses";
import { grant, id, PHISHING_RESISTANT, policy, spec } from "./fixtures";
import { tenant } from "./scenario-helpers";

const MFA: MfaControl = { type: "builtIn" };

describe("mfa-losses: what an update of an MFA policy takes away", () => {
  const person = id(3);

  it("takes nothing from a policy that required MFA of nobody (disabled)", () => {
    const existing = policy({ state: "disabled" });
    const narrower = managedPolicyBody(spec({ includeAllUsers: false, includeUsers: [person] }));
    expect(mfaTakenAway(existing, narrower, MFA, spec(), true)).to.deep.equal({ losses: [], notes: [] });
  });

  it("says whether it is adopting or updating the managed policy", () => {
    const existing = policy();
    const narrower = managedPolicyBody(spec({ includeAllUsers: false, includeUsers: [person] }));
    const adopting = mfaTakenAway(existing, narrower, MFA, spec(), true).losses;
    expect(adopting).to.have.length(1);
    expect(adopting[0]).to.match(/^Adopting "/);
    const updating = mfaTakenAway(existing, narrower, MFA, spec(), false).losses;
    expect(updating[0]).to.match(/^Updating the managed policy "/);
  });

  it("notes only the new exclusions of people the policy may cover today, for each kind of target", () => {
    const [group, role, other] = [id(4), id(5), id(6)];
    const body = managedPolicyBody(spec());
    Object.assign(body.conditions.users, { excludeUsers: [other], excludeGroups: [group], excludeRoles: [role] });
    const everyone = mfaTakenAway(policy(), body, MFA, spec(), true).notes;
    expect(everyone).to.have.length(1);
    expect(everyone[0]).to.contain(`users ${other}`).and.contain(`groups ${group}`).and.contain(`roles ${role}`);
    // A policy that already excludes them (and names only one user) loses nobody to the same exclusions.
    const alreadyOut = policy({ users: { includeUsers: [person], excludeUsers: [other], excludeGroups: [group], excludeRoles: [role] } });
    const bodyForPerson = managedPolicyBody(spec({ includeAllUsers: false, includeUsers: [person] }));
    Object.assign(bodyForPerson.conditions.users, { excludeUsers: [other], excludeGroups: [group], excludeRoles: [role] });
    expect(mfaTakenAway(alreadyOut, bodyForPerson, MFA, spec(), true)).to.deep.equal({ losses: [], notes: [] });
  });

  it("loses nothing when plain MFA is replaced by a stronger requirement", () => {
    const body = managedPolicyBody(spec({ authenticationStrengthId: PHISHING_RESISTANT }));
    const stronger: MfaControl = { type: "strength", strengthId: PHISHING_RESISTANT };
    expect(mfaTakenAway(policy({ grantControls: grant("OR", ["mfa"]) }), body, stronger, spec(), true)).to.deep.equal({ losses: [], notes: [] });
  });
});

describe("mfa-losses: what still requires MFA of those uncovered", () => {
  const managed = policy({ displayName: "Managed" });
  const partial = (name: string): ConditionalAccessPolicy => policy({ displayName: name, users: { includeGroups: [id(2)] } });

  it("tells Security Defaults on from off", () => {
    const on = mfaStillRequired(tenant([managed], true), managed);
    const off = mfaStillRequired(tenant([managed], false), managed);
    expect(on).to.not.equal("");
    expect(off).to.not.equal("");
    expect(on).to.not.equal(off);
  });

  it("names a policy that still requires MFA of everyone, before any partial one", () => {
    const all = policy({ displayName: "Everyone MFA" });
    const said = mfaStillRequired(tenant([managed, partial("Some"), all]), managed);
    expect(said).to.contain('"Everyone MFA"').and.not.contain('"Some"');
  });

  it("lists every partial policy left", () => {
    expect(mfaStillRequired(tenant([managed, partial("A"), partial("B")]), managed)).to.contain('"A", "B"');
  });
});
