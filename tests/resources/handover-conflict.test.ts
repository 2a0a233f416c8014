// A program that declares a ManagedMfaPolicy that must not enforce (or must keep Security Defaults) and hands it to
// SecurityDefaultsOff asks for two things that undo each other. It fails when the program runs (at preview), under
// Pulumi's own unit-test mocks.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ManagedMfaPolicy, SecurityDefaultsOff } from "../../provider";

describe("a ManagedMfaPolicy that does not take over Security Defaults, handed to SecurityDefaultsOff", () => {
  before(() =>
    pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
      },
      "project",
      "stack",
      true,
    ),
  );

  const conflicting: [string, ConstructorParameters<typeof ManagedMfaPolicy>[1], RegExp][] = [
    ["declared report-only", { includeAllUsers: true, state: "reportOnly" }, /ManagedMfaPolicy 'mfa-reportOnly' is declared state: "reportOnly"/],
    ["declared disabled", { includeAllUsers: true, state: "disabled" }, /is declared state: "disabled"/],
    ["declared to keep Security Defaults", { includeAllUsers: true, takeOver: { securityDefaults: false } }, /takeOver\.securityDefaults: false, which keeps Security Defaults on/],
  ];
  for (const [what, args, reason] of conflicting)
    it(`${what}: the program fails with one message naming both resources and what to change`, () => {
      const name = `mfa-${String(args?.state ?? "keep")}`;
      const mfa = new ManagedMfaPolicy(name, args);
      expect(() => new SecurityDefaultsOff(`sd-${name}`, { handoverPolicyIds: [mfa.policyId] }))
        .to.throw(new RegExp(`^SecurityDefaultsOff 'sd-${name}' would turn Security Defaults off`))
        .with.property("message")
        .that.matches(reason)
        .and.contains("remove this SecurityDefaultsOff");
    });

  it("declared enabled with the default take-over: accepted", () => {
    const mfa = new ManagedMfaPolicy("mfa-enabled", { includeAllUsers: true, state: "enabled" });
    expect(() => new SecurityDefaultsOff("sd-enabled", { handoverPolicyIds: [mfa.policyId] })).to.not.throw();
  });
});
