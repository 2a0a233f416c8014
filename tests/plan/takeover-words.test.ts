// What a take-over plan says, word for word: the preview and the handler show exactly these sentences.

import { expect } from "chai";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { BREAK_GLASS, id, policy, spec } from "./fixtures";
import { managedFrom, tenant } from "./scenario-helpers";

const NAME = "MFA (managed by Pulumi) - do not modify";
const NO_MFA_TODAY =
  "No MFA is enforced in this tenant today: once the managed policy is enabled every user it targets must pass MFA, " +
  "and users without a registered method will be asked to register at their next sign-in.";
const FIX = "or set takeOver.securityDefaults: false to keep Security Defaults on.";

describe("take-over plan, word for word", () => {
  it("Security Defaults on, takeOver.securityDefaults false: the policy stays report-only, and why", () => {
    const plan = planMfaTakeover(tenant([], true), spec({ takeOver: { securityDefaults: false } }));
    expect(plan.warnings).to.deep.equal([
      "Security Defaults is on and takeOver.securityDefaults is false: Graph refuses an enabled Conditional Access policy while Security Defaults is on, " +
        "so the managed policy stays report-only until Security Defaults is turned off.",
    ]);
    expect(plan.securityDefaults).to.deep.equal({ isEnabled: true, handoverRequired: false, staysOnBecause: "takeOver.securityDefaults is false" });
    expect(plan.steps.map((s) => [s.description, s.undo.description])).to.deep.equal([
      [`Create the managed policy "${NAME}" in state report-only, requiring MFA for all users on all applications.`, `Delete the managed policy "${NAME}".`],
    ]);
  });

  it("Security Defaults on, the managed policy disabled or report-only: Security Defaults stays on, and why", () => {
    for (const [state, said] of [["disabled", "disabled"], ["reportOnly", "report-only"]] as const) {
      const plan = planMfaTakeover(tenant([], true), spec({ state }));
      expect(plan.warnings, state).to.deep.equal([`The managed policy is ${said}: it enforces nothing, so Security Defaults stays on.`]);
      expect(plan.securityDefaults, state).to.deep.equal({ isEnabled: true, handoverRequired: false, staysOnBecause: `the managed policy is ${said}, so it enforces nothing` });
    }
    const sdOff = planMfaTakeover(tenant([]), spec({ state: "disabled", takeOver: { securityDefaults: false } }));
    expect(sdOff.securityDefaults).to.deep.equal({ isEnabled: false, handoverRequired: false });
  });

  it("Security Defaults on, a hand-over to a policy that leaves people out: refused, with both reasons", () => {
    const group = id(2);
    const plan = planMfaTakeover(tenant([], true), spec({ includeAllUsers: false, includeGroups: [group], applications: ["00000002-0000-0ff1-ce00-000000000000", "Office365"] }));
    expect(plan.errors).to.deep.equal([
      "Security Defaults is on and would be handed over to the managed policy, but the policy does not include all users: Security Defaults protects everyone. " +
        `Set includeAllUsers: true (break-glass exclusions are fine), ${FIX}`,
      `Security Defaults is on and would be handed over, but the managed policy covers only some applications; use applications ["All"], ${FIX}`,
    ]);
    expect(plan.securityDefaults.staysOnBecause).to.equal("handing it over to this policy is refused as declared (see Errors)");
    expect(plan.steps[0]!.description).to.equal(
      `Create the managed policy "${NAME}" in state report-only, requiring MFA for groups ${group} on applications 00000002-0000-0ff1-ce00-000000000000, Office365.`,
    );
    const oneApp = planMfaTakeover(tenant([], true), spec({ applications: ["Office365"] }));
    expect(oneApp.errors).to.have.length(1);
    expect(oneApp.errors[0]).to.contain("only some applications");
  });

  it("holds foreign policies back while the managed policy is disabled, saying so", () => {
    const p = policy({ displayName: "MFA" });
    const plan = planMfaTakeover(tenant([p]), spec({ state: "disabled" }));
    expect(plan.leftAlone.map((l) => l.reason)).to.deep.equal(["it requires MFA, but the managed policy is disabled, so it would not enforce MFA for this policy's users"]);
  });

  it("a managed policy gone from the tenant is created again; an adoptPolicyId that names nothing is an error", () => {
    const gone = id(5);
    const plan = planMfaTakeover(tenant([], false, gone), spec());
    expect(plan.warnings[0]).to.equal(`The managed policy ${gone} no longer exists in the tenant; it will be created again.`);
    expect(plan.errors).to.deep.equal([]);
    expect(plan.steps.map((s) => s.kind)).to.deep.equal(["createPolicy"]);
    const nothing = id(6);
    const adopting = planMfaTakeover(tenant([]), spec({ adoptPolicyId: nothing }));
    expect(adopting.errors).to.deep.equal([`adoptPolicyId ${nothing} names no Conditional Access policy in the tenant.`]);
    expect(adopting.warnings.join("\n")).to.not.contain("no longer exists");
  });

  it("names every part an adoption sets, conditions by name, and what the undo puts back", () => {
    const existing = policy({ displayName: "Old", users: { includeGroups: [id(2)] }, conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } });
    const plan = planMfaTakeover(tenant([existing]), spec({ adoptPolicyId: existing.id, excludeUsers: [BREAK_GLASS], displayName: "New name" }));
    expect(plan.steps.map((s) => [s.description, s.undo.description])).to.deep.equal([
      ['Adopt the managed policy "Old": set displayName, conditions.users, conditions.locations.', 'Put "Old" back as it was (displayName, conditions).'],
    ]);
  });

  it("an update of the managed policy is said as an update; the tenant already had MFA, so no 'no MFA' warning", () => {
    const first = planMfaTakeover(tenant([]), spec());
    const managed = managedFrom(first);
    const plan = planMfaTakeover(tenant([managed], false, managed.id), spec({ excludeUsers: [BREAK_GLASS] }));
    expect(plan.steps.map((s) => s.description)).to.deep.equal([`Update the managed policy "${NAME}": set conditions.users.`]);
    expect(plan.warnings.join("\n")).to.not.contain("No MFA is enforced");
    expect(first.warnings.join("\n")).to.contain("No MFA is enforced");
  });

  it("says 'no MFA' when a report-only managed policy is created, and again when it is switched on while nothing else enforces MFA", () => {
    const first = planMfaTakeover(tenant([]), spec({ state: "reportOnly" }));
    expect(first.warnings).to.deep.equal([NO_MFA_TODAY]);
    const managed = managedFrom(first);
    const switchedOn = planMfaTakeover(tenant([managed], false, managed.id), spec());
    expect(switchedOn.steps.map((s) => s.description)).to.deep.equal([`Update the managed policy "${NAME}": set state.`]);
    expect(switchedOn.warnings).to.deep.equal([NO_MFA_TODAY]);
  });

  it("says 'no MFA' when the managed policy was deleted behind the stack's back and the policies it took over are stripped", () => {
    const taken = policy({ displayName: "Finance MFA", users: { includeGroups: [id(2)] } });
    const ours = spec({ includeAllUsers: false, includeGroups: [id(2)] });
    const first = planMfaTakeover(tenant([taken]), ours);
    const stripped = { ...taken, state: "disabled" as const };
    const gone = id(5);
    const again = planMfaTakeover(tenant([stripped], false, gone), ours, first.journal);
    expect(again.steps.map((s) => s.kind)).to.deep.equal(["createPolicy"]);
    expect(again.warnings).to.deep.equal([`The managed policy ${gone} no longer exists in the tenant; it will be created again.`, NO_MFA_TODAY]);
  });

  it("does not warn of no MFA when a foreign policy enforces it, and does when the only other one is report-only", () => {
    const other = policy({ displayName: "Other MFA", state: "enabledForReportingButNotEnforced" });
    expect(planMfaTakeover(tenant([policy()]), spec({ takeOver: { mfaPolicies: "leave" } })).warnings.join("\n")).to.not.contain("No MFA is enforced");
    expect(planMfaTakeover(tenant([other]), spec()).warnings.join("\n")).to.contain("No MFA is enforced");
  });
});
