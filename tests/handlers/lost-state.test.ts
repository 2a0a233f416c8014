// ManagedMfaPolicy when the stack does not know what the tenant holds: its state lost, or a create killed after its
// POST landed. The next create must recognise the policy this library made (its create mark) and manage it, never
// create a second one and take the first over; a second ManagedMfaPolicy for the same tenant is refused.
import { expect } from "chai";
import { storedPolicy } from "../support/fixtures";
import { comparable, created, failureOf, newTenant, onceAnnounced, progressOf, Resource, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";

describe("ManagedMfaPolicy: a create the stack has no record of", function () {
  const emu = useHandlerEmulator();

  const managedPolicies = (t: TestTenant) => t.store.conditionalAccessPolicies.filter((p) => typeof p.description === "string" && p.description.includes("[entra-mfa create"));

  function tenantWithOldPolicy() {
    const t = newTenant(emu, { policies: [{ ...storedPolicy({ displayName: "Old MFA for all" }), description: "Kept by the IT team" }] });
    return { t, inputs: { resourceName: "mfa", includeAllUsers: true, connection: t.connection() } };
  }

  /** Run `action` as a process that dies once the take-over PATCH of the old policy has landed: its answer lost, then nothing more reaches Graph. */
  async function killedAfterTakeOver(action: () => Promise<unknown>): Promise<void> {
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    emu.control.injectFault({ method: "PATCH", path: "/identity/conditionalAccess/policies", kind: "commit-then-drop", blackout: true });
    await failureOf(action()).finally(() => {
      emu.control.clearFaults();
      delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    });
  }

  it("state lost after a create: the next create manages the policy it made, and says so", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const first = await created("ManagedMfaPolicy", inputs);
    const { result: again, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    expect(managedPolicies(t).map((p) => p.id)).to.deep.equal([first.outs.policyId]);
    expect(again!.outs.policyId).to.equal(first.outs.policyId);
    expect(t.policy(MANAGED).state).to.equal("enabled");
    expect(events.some((e) => e.level === "warning" && e.message.includes("an earlier run of this resource made"))).to.equal(true);
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

  it("a create killed after it took a policy over: the re-run journals that policy from its mark, and destroy puts it back as it was", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const before = comparable(t.dump());
    await killedAfterTakeOver(() => created("ManagedMfaPolicy", inputs));
    expect(t.policy("Old MFA for all").state, "the take-over landed before the kill").to.equal("disabled");

    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    const old = t.policy("Old MFA for all");
    expect(mfa!.outs.journal.map((e: { policyId: string; action: string }) => [e.policyId, e.action])).to.deep.equal([[old.id, "disable"]]);
    expect(events.some((e) => e.level === "warning" && e.message.includes("carries the mark of a take-over"))).to.equal(true);
    expect(t.unprotected()).to.deep.equal([]);

    await mfa!.delete();
    expect(comparable(t.dump()), "the old policy enabled again, its description without the mark").to.deep.equal(before);
  });

  const saidOf = (policyId: string, events: { level: string; message: string }[]) =>
    events.filter((e) => e.level === "warning" && e.message.includes(`"Old MFA for all" (${policyId}) carries the mark of an MFA take-over`)).map((e) => e.message);

  /** A create killed after its take-over of "Old MFA for all", then its managed policy deleted by hand: the mark names a policy that is gone. */
  async function orphanedMark(t: TestTenant, inputs: Record<string, unknown>) {
    await killedAfterTakeOver(() => created("ManagedMfaPolicy", inputs));
    const gone = t.policy(MANAGED).id;
    t.store.conditionalAccessPolicies = t.store.conditionalAccessPolicies.filter((p) => p.displayName !== MANAGED);
    const old = t.policy("Old MFA for all");
    expect(old.state, "the take-over landed before the kill").to.equal("disabled");
    return { gone, old };
  }

  it("a create killed after it took a policy over, its managed policy then deleted by hand: no later run journals the mark or puts the policy back, and each says so", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const { gone, old } = await orphanedMark(t, inputs);

    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    expect(mfa!.outs.journal).to.deep.equal([]);
    expect(saidOf(old.id, events)).to.have.length(1);
    expect(saidOf(old.id, events)[0]).to.contain("that no managed policy in the tenant accounts for").and.contain("it is left as it is (disabled, requiring MFA)");
    expect(t.unprotected()).to.deep.equal([]);

    const update = await progressOf(() => mfa!.update());
    expect(mfa!.outs.journal, "the mark names the deleted policy, not this one").to.deep.equal([]);
    expect(saidOf(old.id, update.events)[0]).to.contain(`made for another managed policy (${gone}), not "${MANAGED}" (${mfa!.outs.policyId})`);
    const destroy = await progressOf(() => mfa!.delete());
    expect(saidOf(old.id, destroy.events)).to.have.length(1);
    expect(t.policy("Old MFA for all").state, "left as it is").to.equal("disabled");
  });

  it("an adoption after that: the mark is not the adopted policy's either, from the first create on", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const { gone, old } = await orphanedMark(t, inputs);
    const adoptable = storedPolicy({ displayName: "Company MFA", excludeUsers: [] });
    t.store.conditionalAccessPolicies.push({ ...adoptable, createdDateTime: "2021-06-01T08:00:00.0000000Z", modifiedDateTime: null });

    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", { ...inputs, adoptPolicyId: adoptable.id, displayName: "Company MFA" }));
    expect(mfa!.outs.journal.map((e: { action: string }) => e.action)).to.deep.equal(["adopt"]);
    expect(saidOf(old.id, events)[0]).to.contain(`made for another managed policy (${gone}), not "Company MFA" (${adoptable.id})`);
    await mfa!.delete();
    expect(t.policy("Old MFA for all").state, "left as it is").to.equal("disabled");
  });

  it("an update that created the managed policy again (deleted by hand) killed after its take-over: the re-run manages that policy, no third one, and destroy puts the taken-over policy back", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const before = comparable(t.dump());
    const mfa = await created("ManagedMfaPolicy", { ...inputs, takeOver: { mfaPolicies: "leave" } });
    const saved = mfa.outs;
    t.store.conditionalAccessPolicies = t.store.conditionalAccessPolicies.filter((p) => p.displayName !== MANAGED);
    await killedAfterTakeOver(() => mfa.update(inputs));
    const again = t.policy(MANAGED).id;
    expect(t.policy("Old MFA for all").state, "the take-over landed before the kill").to.equal("disabled");

    mfa.outs = saved;
    const { events, error } = await progressOf(() => mfa.update(inputs));
    expect(error).to.equal(undefined);
    expect(events.filter((e) => e.level === "warning").map((e) => e.message)).to.include(
      `the managed policy ${saved.policyId} is gone from the tenant, and "${MANAGED}" (${again}), which an interrupted run of this resource made in its place, is there: managing that one instead of creating another.`,
    );
    expect(managedPolicies(t).map((p) => p.id), "the policy the killed run made, not a third").to.deep.equal([again]);
    expect(mfa.outs.policyId).to.equal(again);
    expect(mfa.outs.journal.map((e: { displayName: string; action: string }) => [e.displayName, e.action])).to.deep.equal([["Old MFA for all", "disable"]]);
    expect(t.unprotected()).to.deep.equal([]);
    await mfa.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("an update whose managed policy was deleted by hand creates it again, though another resource's policy is in the tenant", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const mfa = await created("ManagedMfaPolicy", inputs);
    const gone = mfa.outs.policyId;
    const another = t.store.conditionalAccessPolicies.find((p) => p.id === gone)!;
    t.store.conditionalAccessPolicies = t.store.conditionalAccessPolicies.filter((p) => p.id !== gone);
    t.store.conditionalAccessPolicies.push({ ...another, id: "0c0c0c0c-0000-4000-8000-000000000001", displayName: "MFA for admins", description: String(another.description).replace(" for mfa]", " for mfa-admins]") });
    await mfa.update(inputs);
    expect(mfa.outs.policyId).to.not.equal(gone);
    expect(t.policy(MANAGED).id).to.equal(mfa.outs.policyId);
    expect(t.unprotected()).to.deep.equal([]);
  });

  it("an update killed after it took a policy over, then a destroy from the state saved before it: the policy is put back", async () => {
    const { t, inputs } = tenantWithOldPolicy();
    const before = comparable(t.dump());
    const mfa = await created("ManagedMfaPolicy", { ...inputs, takeOver: { mfaPolicies: "leave" } });
    expect(t.policy("Old MFA for all").state, "left alone at create").to.equal("enabled");
    const saved = mfa.outs;
    await killedAfterTakeOver(() => mfa.update(inputs));
    expect(t.policy("Old MFA for all").state, "the take-over landed before the kill").to.equal("disabled");

    mfa.outs = saved;
    await mfa.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });
});
