import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { comparableGrant } from "../../provider/plan/mfa-controls";
import { planRestore } from "../../provider/plan/restore";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { grant, policy, spec } from "./fixtures";

/** The tenant after the take-over steps ran: each foreign policy with its patch applied, as Graph would return it. */
function applied(policies: ConditionalAccessPolicy[], plan: ReturnType<typeof planMfaTakeover>): ConditionalAccessPolicy[] {
  return policies.map((p) => {
    const step = plan.steps.find((s) => s.kind === "updatePolicy" && s.policyId === p.id);
    if (!step || step.kind !== "updatePolicy") return p;
    const patched = { ...p, ...step.patch } as ConditionalAccessPolicy;
    // Graph fills in the collections a PATCH left out and upper-cases nothing: echo the grant back in Graph's shape.
    if (patched.grantControls) patched.grantControls = { ...grant("AND", []), ...patched.grantControls };
    return patched;
  });
}

describe("planRestore", () => {
  const onlyMfa = policy({ displayName: "MFA only" });
  const mfaAndDevice = policy({ displayName: "MFA and device", grantControls: grant("AND", ["mfa", "compliantDevice"]) });
  const before = [onlyMfa, mfaAndDevice];
  // Planned per test, not while the file loads, so a mutation run can tell which tests reach each line.
  let plan: ReturnType<typeof planMfaTakeover>;
  let after: ConditionalAccessPolicy[];
  beforeEach(() => {
    plan = planMfaTakeover({ securityDefaults: { isEnabled: false }, policies: before }, spec());
    after = applied(before, plan);
  });

  it("puts each journaled policy back exactly, state and grant", () => {
    const { steps, warnings } = planRestore(plan.journal, after);
    expect(warnings).to.deep.equal([]);
    expect(steps.map((s) => s.policyId)).to.deep.equal([mfaAndDevice.id, onlyMfa.id]);
    const restored = after.map((p) => {
      const step = steps.find((s) => s.policyId === p.id)!;
      return { ...p, ...step.patch } as ConditionalAccessPolicy;
    });
    for (const [i, original] of before.entries()) {
      expect(restored[i]!.state).to.equal(original.state);
      expect(comparableGrant(restored[i]!.grantControls)).to.deep.equal(comparableGrant(original.grantControls));
    }
  });

  it("leaves a policy that changed since, with a warning naming it", () => {
    const changed = after.map((p) => (p.id === onlyMfa.id ? { ...p, state: "enabledForReportingButNotEnforced" as const } : p));
    const { steps, warnings } = planRestore(plan.journal, changed);
    expect(steps.map((s) => s.policyId)).to.deep.equal([mfaAndDevice.id]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain(onlyMfa.displayName).and.contain(onlyMfa.id).and.contain("state");
  });

  it("notices a grant changed since, and ignores differences Graph makes up (case, order, empty lists)", () => {
    const regranted = after.map((p) =>
      p.id === mfaAndDevice.id ? { ...p, grantControls: grant("AND", ["compliantDevice", "domainJoinedDevice"]) } : p,
    );
    expect(planRestore(plan.journal, regranted).warnings[0]).to.contain(mfaAndDevice.displayName).and.contain("grantControls");
    const echoed = after.map((p) => (p.id === mfaAndDevice.id ? { ...p, grantControls: { ...p.grantControls!, operator: "and" } } : p));
    expect(planRestore(plan.journal, echoed).warnings).to.deep.equal([]);
  });

  it("warns about a journaled policy that was deleted", () => {
    const { steps, warnings } = planRestore(plan.journal, after.filter((p) => p.id !== onlyMfa.id));
    expect(steps).to.have.length(1);
    expect(warnings[0]).to.contain(onlyMfa.id);
  });
});
