// ManagedMfaPolicy when the stack does not know what the tenant holds: its state lost, or a create killed after its
// POST landed. The next create must recognise the policy this library made (its create mark) and manage it, never
// create a second one and take the first over; a second ManagedMfaPolicy for the same tenant is refused.
import { expect } from "chai";
import { storedPolicy } from "../support/fixtures";
import { created, failureOf, newTenant, onceAnnounced, progressOf, Resource, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";

describe("ManagedMfaPolicy: a create the stack has no record of", function () {
  const emu = useHandlerEmulator();

  const managedPolicies = (t: TestTenant) => t.store.conditionalAccessPolicies.filter((p) => typeof p.description === "string" && p.description.includes("[entra-mfa create"));

  function tenantWithOldPolicy() {
    const t = newTenant(emu, { policies: [storedPolicy({ displayName: "Old MFA for all" })] });
    return { t, inputs: { resourceName: "mfa", includeAllUsers: true, connection: t.connection() } };
  }

  it("state lost after a create: the next create manages the policy it made, and says so", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const first = await created("ManagedMfaPolicy", inputs);
    const { result: again, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    expect(managedPolicies(t).map((p) => p.id)).to.deep.equal([first.outs.policyId]);
    expect(again!.outs.policyId).to.equal(first.outs.policyId);
    expect(t.policy(MANAGED).state).to.equal("enabled");
    expect(events.some((e) => e.level === "warning" && e.message.includes("an earlier create of this resource made"))).to.equal(true);
    expect(t.unprotected()).to.deep.equal([]);
  });

  it("a create killed after its POST landed: the re-run makes no second policy, and finishes the take-over", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    // The POST is step 1; the process dies as step 2 (taking over the old policy) is about to be sent.
    const stop = onceAnnounced(/^step 2\//, () => emu.control.injectFault({ path: "/", kind: "drop", times: 1_000_000 }));
    await failureOf(created("ManagedMfaPolicy", inputs)).finally(() => {
      stop();
      emu.control.clearFaults();
      delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    });
    expect(managedPolicies(t), "the POST landed before the kill").to.have.length(1);

    const mfa = await created("ManagedMfaPolicy", inputs);
    expect(managedPolicies(t).map((p) => p.id)).to.deep.equal([mfa.outs.policyId]);
    expect(t.policy("Old MFA for all").state, "taken over").to.equal("disabled");
    expect(t.unprotected()).to.deep.equal([]);
  });

  it("a second ManagedMfaPolicy for the same tenant is refused, naming the first, before any write", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const first = await created("ManagedMfaPolicy", inputs);
    const mark = t.mark();
    const second = new Resource("ManagedMfaPolicy", { ...inputs, resourceName: "mfa-admins", displayName: "MFA for admins" });
    const error = await failureOf(second.create());
    expect(error.message).to.match(/^ManagedMfaPolicy 'mfa-admins' \(create\): nothing was changed: this tenant already has a managed MFA policy/);
    expect(error.message).to.contain(`"${MANAGED}" (${first.outs.policyId}) for ManagedMfaPolicy 'mfa'`).and.contain("adoptPolicyId");
    expect(t.writes(mark)).to.deep.equal([]);
  });
});
