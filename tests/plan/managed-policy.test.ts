import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { diffManagedPolicy, managedGrant, managedPolicyBody, managedPolicyDrift, managedPolicyPatch, NO_TARGETS } from "../../provider/plan/managed-policy";
import { BREAK_GLASS, grant, id, MFA_STRENGTH, PHISHING_RESISTANT, policy, spec } from "./fixtures";

/** What Graph sends back for a created body: server fields, [] and null filled in, ids upper-cased and reordered. */
function asGraphReturns(body: ReturnType<typeof managedPolicyBody>): ConditionalAccessPolicy {
  const u = body.conditions.users;
  const shout = (ids: string[]) => [...ids].reverse().map((x) => x.toUpperCase());
  const strength = body.grantControls.authenticationStrength?.id.toUpperCase();
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
    deletedDateTime: null,
    ...policy({
      displayName: body.displayName,
      state: body.state,
      includeApplications: body.conditions.applications!.includeApplications,
      users: {
        includeUsers: shout(u.includeUsers),
        excludeUsers: shout(u.excludeUsers),
        includeGroups: shout(u.includeGroups),
        excludeGroups: shout(u.excludeGroups),
        includeRoles: shout(u.includeRoles),
      },
      grantControls: grant("OR", body.grantControls.builtInControls, strength),
      conditions: { insiderRiskLevels: null },
    }),
  };
}

describe("managedPolicyBody", () => {
  it("requires MFA of all users except the break-glass account, on all applications and client apps", () => {
    const body = managedPolicyBody(spec({ excludeUsers: [BREAK_GLASS] }));
    expect(body.state).to.equal("enabled");
    expect(body.conditions.clientAppTypes).to.deep.equal(["all"]);
    expect(body.conditions.applications!.includeApplications).to.deep.equal(["All"]);
    expect(body.conditions.users.includeUsers).to.deep.equal(["All"]);
    expect(body.conditions.users.excludeUsers).to.deep.equal([BREAK_GLASS]);
    expect(body.grantControls.builtInControls).to.deep.equal(["mfa"]);
    expect(body.grantControls.authenticationStrength).to.equal(undefined);
  });

  it("maps reportOnly to Graph's state name and uses an authentication strength instead of the mfa control", () => {
    const body = managedPolicyBody(spec({ state: "reportOnly", authenticationStrengthId: PHISHING_RESISTANT }));
    expect(body.state).to.equal("enabledForReportingButNotEnforced");
    expect(body.grantControls.builtInControls).to.deep.equal([]);
    expect(body.grantControls.authenticationStrength).to.deep.equal({ id: PHISHING_RESISTANT });
  });

  it("adds extra targets as references, without duplicates", () => {
    const group = id(2);
    const role = id(3);
    const body = managedPolicyBody(spec({ includeAllUsers: false, includeGroups: [group] }), {
      ...NO_TARGETS,
      includeGroups: [group.toUpperCase()],
      includeRoles: [role],
    });
    expect(body.conditions.users.includeGroups).to.deep.equal([group]);
    expect(body.conditions.users.includeRoles).to.deep.equal([role]);
    expect(body.conditions.users.includeUsers).to.deep.equal([]);
  });

  it("collapses everything into All when an extra target includes all users", () => {
    const body = managedPolicyBody(spec({ includeAllUsers: false, includeGroups: [id(2)] }), { ...NO_TARGETS, includeAllUsers: true });
    expect(body.conditions.users.includeUsers).to.deep.equal(["All"]);
    expect(body.conditions.users.includeGroups).to.deep.equal([]);
  });
});

describe("managedPolicyPatch", () => {
  const group = id(2);
  const desiredSpec = spec({ includeAllUsers: false, includeGroups: [group, id(2)], excludeGroups: [id(4)] });

  it("is null for the same policy as Graph returns it, with server-filled defaults", () => {
    const desired = managedPolicyBody(desiredSpec);
    expect(managedPolicyPatch(asGraphReturns(desired), desired)).to.equal(null);
    const strong = managedPolicyBody(spec({ authenticationStrengthId: PHISHING_RESISTANT }));
    expect(managedPolicyPatch(asGraphReturns(strong), strong)).to.equal(null);
  });

  it("sends only the changed part, with the complete users condition", () => {
    const actual = asGraphReturns(managedPolicyBody(desiredSpec));
    const desired = managedPolicyBody({ ...desiredSpec, includeGroups: [group] });
    const patch = managedPolicyPatch(actual, desired);
    expect(Object.keys(patch!)).to.deep.equal(["conditions"]);
    expect(patch!.conditions).to.deep.equal({ users: desired.conditions.users });
  });

  it("sends the complete grant and the state when they change", () => {
    const actual = asGraphReturns(managedPolicyBody(desiredSpec));
    const desired = managedPolicyBody({ ...desiredSpec, state: "reportOnly", authenticationStrengthId: PHISHING_RESISTANT });
    expect(managedPolicyPatch(actual, desired)).to.deep.equal({ state: "enabledForReportingButNotEnforced", grantControls: desired.grantControls });
  });

  it("clears conditions and session controls someone added to the managed policy", () => {
    const desired = managedPolicyBody(desiredSpec);
    const actual = asGraphReturns(desired);
    actual.conditions.locations = { includeLocations: ["All"], excludeLocations: ["AllTrusted"] };
    actual.conditions.users!.includeGuestsOrExternalUsers = { guestOrExternalUserTypes: "internalGuest" };
    actual.sessionControls = { signInFrequency: { value: 1, type: "hours", isEnabled: true } };
    const patch = managedPolicyPatch(actual, desired)!;
    expect(patch.sessionControls).to.equal(null);
    expect(patch.conditions).to.deep.equal({
      locations: null,
      users: { ...desired.conditions.users, includeGuestsOrExternalUsers: null },
    });
  });
});

describe("managedGrant", () => {
  it("is Graph's whole grant object: mfa alone, OR, no custom factors or terms; a strength replaces the control", () => {
    expect(managedGrant({})).to.deep.equal({ operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [] });
    expect(managedGrant({ authenticationStrengthId: MFA_STRENGTH })).to.deep.equal({
      operator: "OR",
      builtInControls: [],
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: { id: MFA_STRENGTH },
    });
  });
});

describe("managedPolicyPatch: the parts it leaves alone and the parts it clears", () => {
  const desired = managedPolicyBody(spec({ excludeUsers: [BREAK_GLASS] }));

  it("never sends server-owned fields, whatever the desired side holds", () => {
    const actual = asGraphReturns(desired);
    const withServerFields = { ...desired, id: id(7), createdDateTime: "x", modifiedDateTime: "y", deletedDateTime: "z", templateId: "t" };
    expect(managedPolicyPatch(actual, withServerFields)).to.equal(null);
  });

  it("compares an authentication strength by id, not by the name and requirements Graph adds", () => {
    const strong = managedPolicyBody(spec({ authenticationStrengthId: MFA_STRENGTH }));
    const actual = { ...asGraphReturns(strong), grantControls: grant("OR", [], MFA_STRENGTH) };
    expect(managedPolicyPatch(actual, strong)).to.equal(null);
  });

  it("keeps session controls the desired side asks for, and clears a list condition to [] and others to null", () => {
    const sessionControls = { signInFrequency: { value: 4, type: "hours", isEnabled: true } };
    const actual = { ...asGraphReturns(desired), sessionControls };
    expect(managedPolicyPatch(actual, { ...desired, sessionControls })).to.equal(null);
    actual.conditions.signInRiskLevels = ["high"];
    actual.conditions.devices = { deviceFilter: { mode: "include", rule: "device.isCompliant -eq True" } };
    expect(managedPolicyPatch(actual, { ...desired, sessionControls })).to.deep.equal({ conditions: { signInRiskLevels: [], devices: null } });
  });
});

describe("managedPolicyDrift", () => {
  it("names the top-level parts and each condition that would be set back, and nothing for an untouched policy", () => {
    const desired = managedPolicyBody(spec({ excludeUsers: [BREAK_GLASS] }));
    expect(managedPolicyDrift(asGraphReturns(desired), desired)).to.deep.equal([]);
    const actual = asGraphReturns(desired);
    actual.state = "disabled";
    actual.conditions.users!.excludeUsers = [];
    actual.conditions.locations = { includeLocations: ["All"] };
    expect(managedPolicyDrift(actual, desired)).to.deep.equal(["state", "users", "locations"]);
  });
});

describe("diffManagedPolicy", () => {
  it("sees no change between specs that differ only in order and case", () => {
    const a = id(2);
    const b = id(2);
    expect(diffManagedPolicy(spec({ includeAllUsers: false, includeGroups: [a, b] }), spec({ includeAllUsers: false, includeGroups: [b.toUpperCase(), a] }))).to.deep.equal({
      changed: [],
      replace: [],
    });
  });

  it("updates Conditional Access properties in place", () => {
    const d = diffManagedPolicy(spec(), spec({ state: "reportOnly", excludeGroups: [id(4)], takeOver: { mfaPolicies: "leave" } }));
    expect(d).to.deep.equal({ changed: ["excludeGroups", "state", "takeOver"], replace: [] });
  });

  it("replaces only when the adopted policy changes", () => {
    expect(diffManagedPolicy(spec({ adoptPolicyId: id(6) }), spec({ adoptPolicyId: id(6) })).replace).to.deep.equal(["adoptPolicyId"]);
  });

  it("counts properties unknown during preview as changed", () => {
    expect(diffManagedPolicy(spec(), spec(), ["includeGroups", "takeOver.securityDefaults"]).changed).to.deep.equal(["includeGroups", "takeOver"]);
  });
});
