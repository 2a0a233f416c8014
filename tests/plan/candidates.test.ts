// Which foreign policy can be taken over, judged one policy at a time: the verdict and what it tells the reader.

import { expect } from "chai";
import { applicationsOutside, classify } from "../../provider/plan/candidates";
import type { ConditionalAccessGrantControls, ConditionalAccessPolicy } from "../../provider/graph/types";
import type { MfaControl } from "../../provider/plan/mfa-controls";
import { grant, id, MFA_STRENGTH, PHISHING_RESISTANT, policy, spec } from "./fixtures";

const MFA: MfaControl = { type: "builtIn" };

function verdictOf(p: ConditionalAccessPolicy, required: MfaControl = MFA, s = spec()) {
  return classify(p, required, s);
}
function leaveReason(p: ConditionalAccessPolicy, required: MfaControl = MFA, s = spec()): string {
  const v = verdictOf(p, required, s);
  if (typeof v === "string" || !("leave" in v)) throw new Error(`expected the policy to be left alone, got ${JSON.stringify(v)}`);
  expect(v.leave).to.be.a("string").and.not.equal("");
  return v.leave;
}
function candidateOf(p: ConditionalAccessPolicy, required: MfaControl = MFA, s = spec()) {
  const v = verdictOf(p, required, s);
  if (typeof v === "string" || !("candidate" in v)) throw new Error(`expected a candidate, got ${JSON.stringify(v)}`);
  return v.candidate;
}

describe("candidates: classify one foreign policy", () => {
  it("takes over MFA AND-ed with each control that stands without it, stripping only MFA", () => {
    for (const control of ["compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication"])
      expect(candidateOf(policy({ grantControls: grant("AND", ["mfa", control]) })).action, control).to.equal("stripMfa");
    expect(candidateOf(policy()).action).to.equal("disable");
  });

  it("leaves MFA AND-ed with a control Graph accepts only beside MFA, naming the controls (not as unknown ones)", () => {
    for (const control of ["block", "passwordChange", "riskRemediation"]) {
      const reason = leaveReason(policy({ grantControls: grant("AND", ["mfa", control]) }));
      expect(reason, control).to.contain(control).and.not.contain("operator");
    }
    expect(leaveReason(policy({ grantControls: grant("AND", ["mfa", "passwordChange", "riskRemediation"]) }))).to.contain(
      "passwordChange, riskRemediation",
    );
  });

  it("leaves grant controls it does not understand, naming them and the operator", () => {
    expect(leaveReason(policy({ grantControls: grant("AND", ["mfa", "futureControl"]) }))).to.contain("futureControl, operator AND");
    const xor = { ...grant("AND", ["mfa"]), operator: "XOR" } as unknown as ConditionalAccessGrantControls;
    expect(leaveReason(policy({ grantControls: xor }))).to.contain("operator XOR");
  });

  it("reads a grant without an operator as OR, and one without built-in controls as its strength alone", () => {
    const noOperator = { builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [] } as unknown as ConditionalAccessGrantControls;
    expect(candidateOf(policy({ grantControls: noOperator })).action).to.equal("disable");
    const strengthOnly = { ...grant("OR", [], MFA_STRENGTH), builtInControls: null } as unknown as ConditionalAccessGrantControls;
    expect(candidateOf(policy({ grantControls: strengthOnly })).action).to.equal("disable");
  });

  it("leaves a policy without a user condition, and one that includes nobody", () => {
    const workload = policy();
    workload.conditions.users = null;
    leaveReason(workload);
    leaveReason(policy({ users: { includeUsers: [] } }));
  });

  it("leaves MFA offered as one alternative, saying why removing it is not the same", () => {
    const reason = leaveReason(policy({ grantControls: grant("OR", ["mfa", "compliantDevice"]) }));
    expect(reason).to.contain("MFA or a compliant device").and.contain("stricter");
  });

  it("leaves a policy that applies to no application", () => {
    leaveReason(policy({ includeApplications: ["None"] }));
    leaveReason(policy({ includeApplications: [] }));
  });

  it("names both requirements when the strengths differ", () => {
    const mfaPolicy = leaveReason(policy(), { type: "strength", strengthId: PHISHING_RESISTANT });
    expect(mfaPolicy).to.contain("requires MFA,");
    const stronger = leaveReason(policy({ grantControls: grant("OR", [], PHISHING_RESISTANT) }));
    expect(stronger).to.contain("policy's MFA:");
  });

  it("notes every way the policy's reach was narrower, and nothing when it was not", () => {
    expect(candidateOf(policy()).notes).to.deep.equal([]);
    const narrow = policy({ conditions: { clientAppTypes: ["browser"], locations: { includeLocations: ["AllTrusted"] } } });
    const notes = candidateOf(narrow).notes;
    expect(notes).to.have.length(1);
    expect(notes[0]).to.contain("client app types browser; its locations condition");
  });
});

describe("candidates: what a policy protects beyond the managed policy's applications", () => {
  const [app1, app2, app3] = [id(7), id(8), id(9)];
  function withApps(apps: Record<string, unknown>): ConditionalAccessPolicy {
    const p = policy();
    Object.assign(p.conditions.applications!, apps);
    return p;
  }

  it("lists every user action, authentication context and application outside, separated", () => {
    expect(applicationsOutside(withApps({ includeUserActions: ["urn:user:registersecurityinfo", "urn:user:registerdevice"] }), ["All"])).to.contain(
      "urn:user:registerdevice, urn:user:registersecurityinfo",
    );
    expect(applicationsOutside(withApps({ includeAuthenticationContextClassReferences: ["c1", "c2"] }), ["All"])).to.contain("c1, c2");
    const outside = applicationsOutside(withApps({ includeApplications: [app1, app2, app3] }), [app3]);
    expect(outside).to.contain([app1, app2].sort().join(", "));
  });

  it("finds nothing outside for a policy on no application or on the managed policy's own", () => {
    expect(applicationsOutside(withApps({ includeApplications: ["None"] }), [app1])).to.equal(undefined);
    expect(applicationsOutside(withApps({ includeApplications: [app1] }), [app1])).to.equal(undefined);
  });
});
