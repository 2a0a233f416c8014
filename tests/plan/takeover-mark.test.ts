// The take-over mark a foreign policy carries in its description, and the journal entries a re-run reads back from
// it when the run that took the policy over died before its outputs were saved.
import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { writableGrant } from "../../provider/plan/mfa-controls";
import { readMarks } from "../../provider/plan/recovered-journal";
import { planRestore } from "../../provider/plan/restore";
import type { UpdateStep } from "../../provider/plan/steps";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { forCreatedPolicy, NEW_MANAGED_POLICY, takeoverMarkOf, withoutTakeoverMark, withTakeoverMark } from "../../provider/plan/takeover-mark";
import { BREAK_GLASS, grant, id, MFA_STRENGTH, policy, spec, users } from "./fixtures";
import { patched, tenant } from "./scenario-helpers";

const GROUP = "a1000000-0000-4000-8000-00000000a001";
const PARTNERS = "a1000000-0000-4000-8000-00000000a002";
const MANAGED = "c0000000-0000-4000-8000-0000000000ce";

describe("take-over mark", () => {
  it("reads back the managed policy, state and grant, whatever description it sits in", () => {
    const p = policy({ state: "enabledForReportingButNotEnforced", grantControls: { ...grant("AND", ["mfa", "compliantDevice"]), termsOfUse: ["t-1"] } });
    for (const description of [null, "", "Owned by the SOC team"]) {
      const marked = withTakeoverMark({ ...p, description }, MANAGED);
      expect(marked.startsWith(description || "[")).to.equal(true);
      expect(takeoverMarkOf(marked)).to.deep.equal({ managedPolicyId: MANAGED, previousState: "enabledForReportingButNotEnforced", previousGrantControls: writableGrant(p.grantControls) });
      expect(withoutTakeoverMark(marked)).to.equal(description || null);
    }
  });

  it("keeps the earliest state and grant: a policy taken over twice is put back as it was before the first time; the mark names the latest managed policy", () => {
    const first = withTakeoverMark({ ...policy({ state: "enabled", grantControls: grant("OR", ["mfa"]) }), description: "SOC" }, "c0000000-0000-4000-8000-000000000001");
    const again = withTakeoverMark({ ...policy({ state: "disabled", grantControls: null }), description: first }, MANAGED);
    expect(takeoverMarkOf(again)).to.deep.equal({ managedPolicyId: MANAGED, previousState: "enabled", previousGrantControls: writableGrant(grant("OR", ["mfa"])) });
    expect(withoutTakeoverMark(again)).to.equal("SOC");
    const bare = withTakeoverMark(policy(), MANAGED);
    expect(withTakeoverMark({ ...policy({ state: "disabled" }), description: bare }, MANAGED)).to.equal(bare);
  });

  it("names the managed policy a create just made in place of the placeholder, and leaves every other patch as it is", () => {
    const planned = { state: "disabled" as const, description: withTakeoverMark({ ...policy(), description: "SOC" }, NEW_MANAGED_POLICY) };
    const written = forCreatedPolicy(planned, MANAGED);
    expect(takeoverMarkOf(written.description)?.managedPolicyId).to.equal(MANAGED);
    expect({ ...written, description: withoutTakeoverMark(written.description) }).to.deep.equal({ state: "disabled", description: "SOC" });
    const named = { state: "disabled" as const, description: withTakeoverMark(policy(), "c0000000-0000-4000-8000-000000000001") };
    for (const patch of [named, { state: "disabled" as const }, { description: "new, not a mark" }]) expect(forCreatedPolicy(patch, MANAGED)).to.equal(patch);
  });

  it("replaces a damaged earlier mark instead of writing a second one beside it", () => {
    const damaged = "Kept [entra-mfa took MFA over, was enabled, grant bnVsbA]";
    const marked = forCreatedPolicy({ description: withTakeoverMark({ ...policy(), description: damaged }, NEW_MANAGED_POLICY) }, MANAGED).description;
    expect(takeoverMarkOf(marked)).to.deep.equal({ managedPolicyId: MANAGED, previousState: "enabled", previousGrantControls: writableGrant(policy().grantControls) });
    expect(withoutTakeoverMark(marked)).to.equal("Kept");
    expect(withoutTakeoverMark(`${damaged} [entra-mfa took MFA over for x, was disabled, grant bnVsbA]`)).to.equal("Kept");
  });

  it("is not read from a description without one, or with a damaged one", () => {
    expect(takeoverMarkOf("[entra-mfa hand-over, was disabled]")).to.equal(undefined);
    expect(takeoverMarkOf("[entra-mfa took MFA over, was enabled, grant bm90IGpzb24]")).to.equal(undefined);
    const marked = (json: string) => `[entra-mfa took MFA over, was enabled, grant ${Buffer.from(json).toString("base64url")}]`;
    for (const json of ["[1]", "null", "1", '"mfa"']) expect(takeoverMarkOf(marked(json)), json).to.equal(undefined);
    expect(takeoverMarkOf(marked('{"operator":"OR"}'))).to.deep.equal({ previousState: "enabled", previousGrantControls: { operator: "OR" } });
    expect(takeoverMarkOf(undefined)).to.equal(undefined);
  });
});

describe("journal entries recovered from take-over marks", () => {
  const managedId = MANAGED;
  const onlyMfa = () => policy({ displayName: "Admins MFA", users: users({ includeGroups: [GROUP], excludeUsers: [BREAK_GLASS] }), grantControls: grant("OR", ["mfa"]) });
  const mfaAndDevice = () =>
    ({ ...policy({ displayName: "Partners MFA and device", users: users({ includeGroups: [PARTNERS], excludeUsers: [BREAK_GLASS] }), grantControls: grant("AND", ["mfa", "compliantDevice"]) }), description: "kept by IT" }) as ConditionalAccessPolicy;
  const strength = () => policy({ displayName: "MFA strength", users: users({ includeUsers: [id(7)], excludeUsers: [BREAK_GLASS] }), grantControls: grant("AND", ["compliantDevice"], MFA_STRENGTH) });

  /** The take-over applied to the tenant as Graph would, then the run killed: the journal in the outputs is gone. */
  function takenOverThenKilled(originals: ConditionalAccessPolicy[]) {
    const planned = planMfaTakeover(tenant(originals), spec({ excludeUsers: [BREAK_GLASS] }));
    expect(planned.errors).to.deep.equal([]);
    const create = planned.steps.find((s) => s.kind === "createPolicy")!;
    const managed = { ...create.body, id: managedId } as unknown as ConditionalAccessPolicy;
    const updates = planned.steps.filter((s): s is UpdateStep => s.kind === "updatePolicy");
    // As the apply writes them: the take-over marks name the policy the create returned.
    const after = originals.map((p) => updates.filter((s) => s.policyId === p.id).reduce((q, s) => patched(q, forCreatedPolicy(s.patch, managedId)), p));
    return { planned, after: [managed, ...after] };
  }

  it("rebuilds what the lost journal said, so a destroy puts every policy back exactly, description included", () => {
    const originals = [onlyMfa(), mfaAndDevice(), strength()];
    const { planned, after } = takenOverThenKilled(originals);
    expect(planned.journal.map((e) => e.action)).to.deep.equal(["disable", "stripMfa", "stripMfa"]);

    const recovered = readMarks(tenant(after, false, managedId), []).recovered;
    expect(recovered.map((e) => [e.policyId, e.action])).to.deep.equal(planned.journal.map((e) => [e.policyId, e.action]));
    for (const [i, e] of recovered.entries()) {
      expect(e.previousState, e.displayName).to.equal(originals[i]!.state);
      expect(e.previousGrantControls, e.displayName).to.deep.equal(writableGrant(originals[i]!.grantControls));
      expect(e.movedTargets, e.displayName).to.deep.equal(planned.journal[i]!.movedTargets);
    }

    const restore = planRestore(recovered, after);
    expect(restore.warnings).to.deep.equal([]);
    const restored = after.slice(1).map((p) => restore.steps.filter((s) => s.policyId === p.id).reduce((q, s) => patched(q, s.patch), p));
    for (const [i, p] of restored.entries()) {
      expect(p.state, p.displayName).to.equal(originals[i]!.state);
      expect(writableGrant(p.grantControls), p.displayName).to.deep.equal(writableGrant(originals[i]!.grantControls));
      expect(p.description ?? null, p.displayName).to.equal(originals[i]!.description ?? null);
    }
  });

  it("takes nothing the journal already holds, nothing unmarked, and nothing someone put back since", () => {
    const originals = [onlyMfa(), mfaAndDevice()];
    const { planned, after } = takenOverThenKilled(originals);
    expect(readMarks(tenant(after, false, managedId), planned.journal).recovered).to.deep.equal([]);
    // The first put back by an administrator (MFA again, mark left behind); the second's mark removed by hand.
    const [managed, disabled, stripped] = after as [ConditionalAccessPolicy, ConditionalAccessPolicy, ConditionalAccessPolicy];
    const edited = [managed, { ...disabled, state: "enabled" as const }, { ...stripped, description: "kept by IT" }];
    expect(readMarks(tenant(edited, false, managedId), []).recovered).to.deep.equal([]);
    // Recovered, then changed by someone before the destroy: what the entry says was set no longer holds, so the
    // restore leaves both policies as they are now.
    const recovered = readMarks(tenant(after, false, managedId), []).recovered;
    const later = [managed, { ...disabled, state: "enabledForReportingButNotEnforced" as const }, { ...stripped, grantControls: grant("OR", ["compliantDevice", "domainJoinedDevice"]) }];
    const restore = planRestore(recovered, later);
    expect(restore.steps).to.deep.equal([]);
    expect(restore.warnings.map((w) => w.match(/\((state|grantControls)[^)]*\)/)?.[1])).to.deep.equal(["grantControls", "state"]);
    // Without the managed policy there is nothing the marks could have moved into.
    expect(readMarks(tenant(after.slice(1)), []).recovered).to.deep.equal([]);
  });

  it("without the managed policy, journals nothing and says what each marked policy was and is", () => {
    const { after } = takenOverThenKilled([onlyMfa(), mfaAndDevice()]);
    const [managed, disabled, stripped] = after as [ConditionalAccessPolicy, ConditionalAccessPolicy, ConditionalAccessPolicy];
    const orphaned = tenant([disabled, stripped], false, managedId);
    const tail = "and nothing will put it back. Put it back by hand if its users should have MFA from it.";
    expect(readMarks(orphaned, []).unattributed).to.deep.equal([
      `"Admins MFA" (${disabled.id}) carries the mark of an MFA take-over that no managed policy in the tenant accounts for: before it, the policy was ` +
        `enabled, requiring MFA; it is left as it is (disabled, requiring MFA) ${tail}`,
      `"Partners MFA and device" (${stripped.id}) carries the mark of an MFA take-over that no managed policy in the tenant accounts for: before it, the policy was ` +
        `enabled, requiring MFA and a compliant device; it is left as it is (enabled, requiring a compliant device) ${tail}`,
    ]);
    // Journaled (a destroy puts it back), put back by someone, or with its managed policy in place: nothing to say.
    const journaled = readMarks(tenant(after, false, managedId), []).recovered.filter((e) => e.policyId === disabled.id);
    const putBack = { ...stripped, grantControls: grant("AND", ["mfa", "compliantDevice"]) };
    expect(readMarks(tenant([disabled, putBack]), journaled).unattributed).to.deep.equal([]);
    expect(readMarks(tenant([managed, disabled, stripped], false, managedId), []).unattributed).to.deep.equal([]);
  });

  it("takes no mark naming another managed policy, whenever it was made, and says whose it is", () => {
    const { after } = takenOverThenKilled([onlyMfa(), mfaAndDevice()]);
    const [made, disabled, stripped] = after as [ConditionalAccessPolicy, ConditionalAccessPolicy, ConditionalAccessPolicy];
    const earlierManaged = "c0000000-0000-4000-8000-0000000000e1";
    const theirs = { ...disabled, description: withTakeoverMark(onlyMfa(), earlierManaged), modifiedDateTime: "2099-01-01T00:00:00Z" };
    const managed = { ...made, displayName: "MFA (managed)", createdDateTime: "2026-03-01T10:00:00Z" };
    const snapshot = tenant([managed, theirs, stripped], false, managedId.toUpperCase());
    expect(readMarks(snapshot, []).recovered.map((e) => e.policyId)).to.deep.equal([stripped.id]);
    expect(readMarks(snapshot, []).unattributed).to.deep.equal([
      `"Admins MFA" (${disabled.id}) carries the mark of an MFA take-over made for another managed policy (${earlierManaged}), not "MFA (managed)" (${managedId}): ` +
        "before it, the policy was enabled, requiring MFA; it is left as it is (disabled, requiring MFA) and nothing will put it back. Put it back by hand if its users should have MFA from it.",
    ]);
  });

  it("takes a mark of an earlier version (no managed policy named) only on a policy last changed no earlier than the managed policy was created", () => {
    const { after } = takenOverThenKilled([onlyMfa(), mfaAndDevice()]);
    const unnamed = (p: ConditionalAccessPolicy) => ({ ...p, description: p.description!.replace(/\[entra-mfa took MFA over for [\w-]+,/, "[entra-mfa took MFA over,") });
    const [made, ...foreign] = after as [ConditionalAccessPolicy, ...ConditionalAccessPolicy[]];
    const [disabled, stripped] = foreign.map(unnamed) as [ConditionalAccessPolicy, ConditionalAccessPolicy];
    expect(takeoverMarkOf(disabled.description)).to.not.have.property("managedPolicyId");
    const managed = { ...made, displayName: "MFA (managed)", createdDateTime: "2026-03-01T10:00:00.0000000Z" };
    const earlier = { ...disabled, modifiedDateTime: "2026-02-28T09:00:00.0000000Z" };
    const sameTime = { ...stripped, modifiedDateTime: "2026-03-01T10:00:00Z" };
    const snapshot = tenant([managed, earlier, sameTime], false, managedId);
    expect(readMarks(snapshot, []).recovered.map((e) => e.policyId)).to.deep.equal([stripped.id]);
    expect(readMarks(snapshot, []).unattributed).to.deep.equal([
      `"Admins MFA" (${disabled.id}) carries the mark of an MFA take-over from before the managed policy "MFA (managed)" (${managedId}) was created, so not its own: ` +
        "before it, the policy was enabled, requiring MFA; it is left as it is (disabled, requiring MFA) and nothing will put it back. Put it back by hand if its users should have MFA from it.",
    ]);
    // Never changed since it was created (Graph's modifiedDateTime is null then): its creation is its last change.
    const neverChanged = { ...disabled, createdDateTime: "2026-02-01T00:00:00Z", modifiedDateTime: null };
    expect(readMarks(tenant([managed, neverChanged], false, managedId), []).recovered).to.deep.equal([]);
    expect(readMarks(tenant([managed, { ...neverChanged, createdDateTime: "2026-04-01T00:00:00Z" }], false, managedId), []).recovered).to.have.length(1);
    // Without Graph's timestamps, such a mark is taken.
    expect(readMarks(tenant([managed, { ...neverChanged, createdDateTime: null }], false, managedId), []).recovered).to.have.length(1);
    expect(readMarks(tenant([{ ...managed, createdDateTime: null }, earlier], false, managedId), []).recovered).to.have.length(1);
  });

  it("never recovers the managed policy itself, even adopted with a take-over's mark naming it and disabled", () => {
    const { after } = takenOverThenKilled([onlyMfa()]);
    const [made, disabled] = after as [ConditionalAccessPolicy, ConditionalAccessPolicy];
    const adopted = { ...made, state: "disabled" as const, grantControls: grant("OR", ["mfa"]), description: disabled.description };
    expect(takeoverMarkOf(adopted.description)?.managedPolicyId).to.equal(managedId);
    expect(readMarks(tenant([adopted], false, managedId), []).recovered).to.deep.equal([]);
    expect(readMarks(tenant([adopted], false, managedId), []).unattributed).to.deep.equal([]);
  });

  it("a rollback takes the mark off with the rest", () => {
    const { planned } = takenOverThenKilled([onlyMfa()]);
    const step = planned.steps.find((s): s is UpdateStep => s.kind === "updatePolicy")!;
    expect(takeoverMarkOf(step.patch.description)).to.not.equal(undefined);
    expect(step.undo.kind === "updatePolicy" && step.undo.patch).to.deep.equal({ state: "enabled", description: null });
  });
});
