// A restore while Security Defaults is back on: Graph refuses to write an enabled policy then, so what would end
// enabled is left, said word for word, and the rest is put back. Then, with it off, what a restore leaves and why.

import { expect } from "chai";
import { NO_TARGETS } from "../../provider/plan/managed-policy";
import { planRestore } from "../../provider/plan/restore";
import { adoptionEntry, journalEntry, updateStep } from "../../provider/plan/steps";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { managedPolicyBody } from "../../provider/plan/managed-policy";
import { grant, policy, spec } from "./fixtures";
import { patched, stepOf, tenant } from "./scenario-helpers";

/** Two policies taken over (one disabled, one stripped of MFA), and the tenant after the take-over. */
function takenOver() {
  const onlyMfa = policy({ displayName: "MFA only" });
  const withDevice = policy({ displayName: "MFA and device", grantControls: grant("AND", ["mfa", "compliantDevice"]) });
  const plan = planMfaTakeover(tenant([onlyMfa, withDevice]), spec());
  return { onlyMfa, withDevice, plan, after: [patched(onlyMfa, stepOf(plan, onlyMfa).patch), patched(withDevice, stepOf(plan, withDevice).patch)] };
}

describe("planRestore with Security Defaults on", () => {

  it("leaves a policy that would end enabled as it is, and says why and what it was", () => {
    const { onlyMfa, withDevice, plan, after } = takenOver();
    const { steps, warnings } = planRestore(plan.journal, after, true);
    expect(steps).to.deep.equal([]);
    const tail =
      "Security Defaults requires MFA of every user meanwhile; put the policy back once Security Defaults is off, if it is still wanted.";
    expect(warnings).to.deep.equal([
      `Policy "MFA and device" (${withDevice.id}) cannot be put back while Security Defaults is on (Graph refuses to write an enabled Conditional Access ` +
        `policy then): it stays enabled as it is; before the take-over it was enabled, requiring MFA and a compliant device. ${tail}`,
      `Policy "MFA only" (${onlyMfa.id}) cannot be put back while Security Defaults is on (Graph refuses to write an enabled Conditional Access ` +
        `policy then): it stays disabled as it is; before the take-over it was enabled, requiring MFA. ${tail}`,
    ]);
  });

  it("puts back everything but the state of a policy that is not enabled now", () => {
    const found = policy({ displayName: "Adopted", grantControls: grant("AND", ["mfa", "compliantDevice"]) });
    const entry = adoptionEntry(found, managedPolicyBody(spec()), null);
    const reportOnlyNow = { ...found, displayName: "Managed", state: "enabledForReportingButNotEnforced" as const, grantControls: grant("OR", ["mfa"]) };
    const { steps, warnings } = planRestore([entry], [reportOnlyNow], true);
    expect(steps).to.have.length(1);
    expect(steps[0]!.role).to.equal("managed");
    expect(steps[0]!.patch).to.not.have.property("state");
    expect(steps[0]!.patch).to.deep.include({ displayName: "Adopted", grantControls: { ...grant("AND", ["mfa", "compliantDevice"]), authenticationStrength: null } });
    expect(steps[0]!.description).to.equal(`Put "Adopted" (${found.id}) back: report-only, requiring MFA and a compliant device.`);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain("it stays report-only with its other settings put back");
  });

  it("puts a policy that was report-only back in full: it does not end enabled", () => {
    const pilot = policy({ displayName: "Pilot", state: "enabledForReportingButNotEnforced" });
    const step = updateStep("foreign", pilot, { state: "disabled" }, "Disable it.", "Put it back.");
    const entry = journalEntry(pilot, "disable", step, NO_TARGETS);
    const { steps, warnings } = planRestore([entry], [patched(pilot, step.patch)], true);
    expect(warnings).to.deep.equal([]);
    expect(steps.map((s) => [s.role, s.patch, s.description, s.undo.description])).to.deep.equal([
      ["foreign", { state: "enabledForReportingButNotEnforced" }, `Put "Pilot" (${pilot.id}) back: report-only, requiring MFA.`, `Apply the take-over change to "Pilot" (${pilot.id}) again.`],
    ]);
  });

});

describe("planRestore with Security Defaults off, word for word", () => {
  it("says the changed part and what it was", () => {
    const { onlyMfa, plan, after } = takenOver();
    const changed = after.map((p) => (p.id === onlyMfa.id ? { ...p, state: "enabledForReportingButNotEnforced" as const } : p));
    const { warnings } = planRestore(plan.journal, changed);
    expect(warnings).to.deep.equal([
      `Policy "MFA only" (${onlyMfa.id}) was changed since this stack changed it (state differ from what was set), so it is left as it is. ` +
        "Before the take-over it was enabled, requiring MFA; restore that by hand if wanted.",
    ]);
  });

  it("names every drifted part, joined", () => {
    const { withDevice, plan, after } = takenOver();
    const changed = after.map((p) => (p.id === withDevice.id ? { ...p, grantControls: { ...grant("AND", ["domainJoinedDevice"]), termsOfUse: ["t-1"] } } : p));
    const { steps, warnings } = planRestore(plan.journal, changed);
    expect(steps.map((s) => s.policyId)).to.not.include(withDevice.id);
    expect(warnings).to.deep.equal([
      `Policy "MFA and device" (${withDevice.id}) was changed since this stack changed it ` +
        "(grantControls.builtInControls, grantControls.operator, grantControls.termsOfUse differ from what was set), so it is left as it is. " +
        "Before the take-over it was enabled, requiring MFA and a compliant device; restore that by hand if wanted.",
    ]);
  });

  it("writes nothing for an adopted policy that is already as it was", () => {
    const found = policy({ displayName: "Adopted", grantControls: grant("AND", ["mfa", "compliantDevice"]) });
    expect(planRestore([adoptionEntry(found, managedPolicyBody(spec()), null)], [found])).to.deep.equal({ steps: [], warnings: [] });
  });
});
