// Grant controls beside MFA: what counts as MFA required, what a take-over keeps, and what a restore puts back.

import { expect } from "chai";
import type { ConditionalAccessGrantControls, ConditionalAccessPolicy } from "../../provider/graph/types";
import { checkSecurityDefaultsHandover } from "../../provider/plan/handover";
import { mfaGrantOf, writableGrant } from "../../provider/plan/mfa-controls";
import { planRestore } from "../../provider/plan/restore";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { takeoverMarkOf } from "../../provider/plan/takeover-mark";
import { grant, PHISHING_RESISTANT, policy, spec } from "./fixtures";
import { patched, reasonLeft, stepOf, tenant, touched } from "./scenario-helpers";

const TERMS = "7f2c0f5e-4a1b-4c3d-9e8f-0a1b2c3d4e5f";
const FACTOR = "contoso-hardware-token";

function withExtras(operator: "AND" | "OR", extras: Partial<ConditionalAccessGrantControls>, builtIn = ["mfa"]): ConditionalAccessGrantControls {
  return { ...grant(operator, builtIn), ...extras };
}

describe("grant scenarios: MFA OR a custom factor, MFA OR terms of use", () => {
  const cases = {
    "MFA OR a custom authentication factor": withExtras("OR", { customAuthenticationFactors: [FACTOR] }),
    "MFA OR terms of use": withExtras("OR", { termsOfUse: [TERMS] }),
  };

  for (const [name, g] of Object.entries(cases)) {
    it(`${name} does not require MFA: the plan leaves it, the hand-over refuses it`, () => {
      expect(mfaGrantOf(g).kind, name).to.equal("alternative");
      const p = policy({ displayName: name, grantControls: g });
      const plan = planMfaTakeover(tenant([p]), spec());
      expect(touched(plan), name).to.deep.equal([]);
      expect(reasonLeft(plan, p), name).to.contain("MFA is only one way to pass");
      const problems = checkSecurityDefaultsHandover([p], [p.id]);
      expect(problems, name).to.deep.equal([`Hand-over policy "${name}" (${p.id}) lets users pass without MFA (MFA is OR-ed with other controls).`]);
      // It does not count as MFA today either: nothing protects the tenant, and the plan says so.
      expect(plan.warnings.join("\n"), name).to.contain("No MFA is enforced in this tenant today");
    });
  }
});

describe("grant scenarios: MFA AND terms of use, MFA AND a custom factor", () => {
  const cases: [string, Partial<ConditionalAccessGrantControls>, string][] = [
    ["MFA AND terms of use", { termsOfUse: [TERMS] }, `terms of use ${TERMS}`],
    ["MFA AND a custom authentication factor", { customAuthenticationFactors: [FACTOR] }, `custom control ${FACTOR}`],
  ];

  for (const [name, extras, said] of cases) {
    it(`${name}: the take-over removes MFA only, and the restore puts back exactly what was there`, () => {
      const original = policy({ displayName: name, grantControls: withExtras("AND", extras) });
      const plan = planMfaTakeover(tenant([original]), spec());
      expect(plan.errors, name).to.deep.equal([]);
      const step = stepOf(plan, original);
      expect(plan.takenOver.map((t) => t.action), name).to.deep.equal(["stripMfa"]);
      const { description: mark, ...patch } = step.patch;
      expect(patch, name).to.deep.equal({
        grantControls: { operator: "AND", builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null, ...extras },
      });
      expect(takeoverMarkOf(mark), name).to.deep.equal({ managedPolicyId: "new", previousState: "enabled", previousGrantControls: writableGrant(original.grantControls) });
      expect(step.description, name).to.contain(`keeping ${said}`);

      const after = patched(original, step.patch);
      const restore = planRestore(plan.journal, [after]);
      expect(restore.warnings, name).to.deep.equal([]);
      expect(restore.steps.map((s) => s.patch), name).to.deep.equal([{ grantControls: writableGrant(original.grantControls), description: null }]);
      const restored = patched(after, restore.steps[0]!.patch);
      expect(restored.state, name).to.equal("enabled");
      expect(restored.grantControls, name).to.deep.equal({ operator: "AND", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null, ...extras });
    });
  }
});

describe("grant scenarios: MFA AND an authentication strength", () => {
  const strengthAndMfa = () =>
    policy({ displayName: "MFA and phishing-resistant", grantControls: { ...grant("AND", ["mfa"]), authenticationStrength: { id: PHISHING_RESISTANT } } });

  it("is MFA required with the strength beside it, never plain MFA", () => {
    expect(mfaGrantOf(strengthAndMfa().grantControls)).to.deep.equal({
      kind: "required",
      via: { type: "builtIn" },
      otherControls: [`authenticationStrength:${PHISHING_RESISTANT}`],
    });
  });

  it("a take-over keeps the strength in the policy", () => {
    const p = strengthAndMfa();
    const plan = planMfaTakeover(tenant([p]), spec());
    const g = stepOf(plan, p).patch.grantControls as ConditionalAccessPolicy["grantControls"];
    expect(g).to.deep.include({ operator: "AND", builtInControls: [], authenticationStrength: { id: PHISHING_RESISTANT } });
    expect(stepOf(plan, p).description).to.contain('keeping authentication strength "Phishing-resistant MFA"');
  });

  it("adopting it under a plain-MFA spec is refused: that would weaken its users' sign-in to plain MFA", () => {
    const p = strengthAndMfa();
    const plan = planMfaTakeover(tenant([p]), spec({ adoptPolicyId: p.id }));
    expect(plan.errors).to.have.length(1);
    expect(plan.errors[0]).to.contain('Adopting "MFA and phishing-resistant"').and.contain('authentication strength "Phishing-resistant MFA"').and.contain("authenticationStrengthId");
    expect(planMfaTakeover(tenant([p]), spec({ adoptPolicyId: p.id, authenticationStrengthId: PHISHING_RESISTANT })).errors).to.deep.equal([]);
  });

  it("adopting MFA OR a strength under a plain-MFA spec is fine: MFA alone already passed it", () => {
    const p = policy({ grantControls: { ...grant("OR", ["mfa"]), authenticationStrength: { id: PHISHING_RESISTANT } } });
    expect(planMfaTakeover(tenant([p]), spec({ adoptPolicyId: p.id })).errors).to.deep.equal([]);
  });
});
