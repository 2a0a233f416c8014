import { expect } from "chai";
import { mfaGrantOf } from "../../provider/plan/mfa-controls";

describe("mfaGrantOf", () => {
  const grant = (operator: string, builtInControls: string[], strength?: string) => ({
    operator,
    builtInControls: builtInControls as never,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: strength ? { id: strength } : null,
  });
  it("treats MFA alone as required", () => {
    expect(mfaGrantOf(grant("OR", ["mfa"])).kind).to.equal("required");
  });
  it("treats MFA AND another control as required, naming the other control", () => {
    const g = mfaGrantOf(grant("AND", ["mfa", "compliantDevice"]));
    expect(g).to.deep.equal({ kind: "required", via: { type: "builtIn" }, otherControls: ["compliantDevice"] });
  });
  it("treats MFA OR another control as an alternative, not enforcement", () => {
    expect(mfaGrantOf(grant("OR", ["mfa", "compliantDevice"])).kind).to.equal("alternative");
  });
  it("recognises an authentication strength as MFA", () => {
    expect(mfaGrantOf(grant("OR", [], "00000000-0000-0000-0000-000000000004"))).to.deep.equal({
      kind: "required",
      via: { type: "strength", strengthId: "00000000-0000-0000-0000-000000000004" },
      otherControls: [],
    });
  });
  it("finds no MFA in a block or a missing grant", () => {
    expect(mfaGrantOf(grant("OR", ["block"])).kind).to.equal("none");
    expect(mfaGrantOf(null).kind).to.equal("none");
  });
});

describe("mfaGrantOf with an authentication strength beside the mfa control", () => {
  const grant = (operator: string, builtInControls: string[], strength: string) => ({
    operator,
    builtInControls: builtInControls as never,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: { id: strength },
  });
  it("treats mfa OR a strength as required by the mfa control, since both ways are MFA", () => {
    expect(mfaGrantOf(grant("OR", ["mfa"], "00000000-0000-0000-0000-000000000004"))).to.deep.equal({
      kind: "required",
      via: { type: "builtIn" },
      otherControls: [],
    });
  });
  it("still treats mfa OR a strength OR a compliant device as an alternative", () => {
    expect(mfaGrantOf(grant("OR", ["mfa", "compliantDevice"], "00000000-0000-0000-0000-000000000004")).kind).to.equal("alternative");
  });
});
