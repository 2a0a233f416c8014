// The step that takes MFA out of a foreign policy: what it writes and how it tells the reader, both ways.

import { expect } from "chai";
import { classify } from "../../provider/plan/candidates";
import { foreignStep } from "../../provider/plan/foreign-steps";
import { NEW_MANAGED_POLICY } from "../../provider/plan/takeover-mark";
import { grant, policy, spec, type PolicyOptions } from "./fixtures";

function stepFor(o: PolicyOptions) {
  const v = classify(policy({ displayName: "Contoso MFA", ...o }), { type: "builtIn" }, spec());
  if (typeof v === "string" || !("candidate" in v)) throw new Error(`expected a candidate, got ${JSON.stringify(v)}`);
  return foreignStep(v.candidate, NEW_MANAGED_POLICY).step;
}

describe("foreign-steps", () => {
  it("names the policy and what it required in the step and in its undo, for each way MFA is taken out", () => {
    const steps = [
      stepFor({}),
      stepFor({ grantControls: grant("AND", ["mfa", "compliantDevice"]) }),
      stepFor({ sessionControls: { signInFrequency: { isEnabled: true, type: "hours", value: 4 } } }),
    ];
    const settings = steps.map(({ patch: { description: _mark, ...rest } }) => rest);
    expect(settings[0]).to.deep.equal({ state: "disabled" });
    expect(settings[1]!.grantControls?.builtInControls).to.deep.equal(["compliantDevice"]);
    expect(settings[2]).to.deep.equal({ grantControls: null });
    for (const s of steps) {
      expect(s.description).to.contain('"Contoso MFA"');
      expect(s.undo.description).to.contain('"Contoso MFA"').and.contain("state enabled").and.contain("MFA");
    }
  });
});
