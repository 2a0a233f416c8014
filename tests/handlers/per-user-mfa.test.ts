import { expect } from "chai";
import { journalEntries } from "../../provider/plan/per-user-journal";
import { planTakeover, type PlainManagedMfaPolicyArgs } from "../../provider/preview";
import { getMfaStatus } from "../../provider/report/status";
import { ids } from "../support/fixtures";
import { created, expectSecondApplyWritesNothing, failureOf, newTenant, progressOf, Resource, unprotectedEntries, uniqueName, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";
const MIGRATE = { securityDefaults: true, mfaPolicies: "consolidate", perUserMfa: "migrate" };

describe("ManagedMfaPolicy takeOver.perUserMfa", function () {
  const emu = useHandlerEmulator();

  /**
   * 8 users: 0 enforced and a disabled account, 1 enabled, 2 enforced, 3 enforced and the break-glass account, 4
   * enabled inside a nested excluded group, 5 enabled and a guest; 6 and 7 on no per-user MFA.
   */
  function perUserTenant(spec: Parameters<typeof newTenant>[1] = {}) {
    const name = uniqueName();
    const t = newTenant(emu, {
      name,
      users: 8,
      guests: 3,
      disabled: 1,
      groups: [
        { displayName: "Inner", users: [4] },
        { displayName: "Excluded", groups: ["Inner"] },
      ],
      perUserMfa: { 0: "enforced", 1: "enabled", 2: "enforced", 3: "enforced", 4: "enabled", 5: "enabled" },
      ...spec,
    });
    const user = (i: number) => ids.user(i, name);
    const inputs = { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(3)], excludeGroups: [ids.group("Excluded", name)], takeOver: MIGRATE, connection: t.connection() };
    return { t, user, name, inputs };
  }

  const states = (t: TestTenant) => ({ ...t.store.perUserMfa });
  const journalOf = (r: Resource) => Object.fromEntries(journalEntries(r.outs.perUserMfa?.journal));

  it("moves the covered users off per-user MFA after the policy is enabled, leaves the excluded ones, and nobody is without MFA at any write", async () => {
    const { t, user, inputs } = perUserTenant();
    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    expect(t.policy(MANAGED).state).to.equal("enabled");
    expect(states(t)).to.deep.include({ [user(0)]: "disabled", [user(1)]: "disabled", [user(2)]: "disabled", [user(3)]: "enforced", [user(4)]: "enabled", [user(5)]: "disabled" });
    expect(journalOf(mfa!)).to.deep.equal({ [user(0)]: "enforced", [user(1)]: "enabled", [user(2)]: "enforced", [user(5)]: "enabled" });
    expect(mfa!.outs.perUserMfa.notCovered).to.equal(2);
    expect(t.unprotected()).to.deep.equal([]);
    expect(unprotectedEntries(t.timeline())).to.deep.equal([]);
    const writes = t.writes().map((w) => `${w.method} ${w.path}`);
    const patch = (i: number) => `PATCH /beta/users/${user(i)}/authentication/requirements`;
    expect(writes, "the policy first, then the four users").to.deep.equal([`POST /v1.0/identity/conditionalAccess/policies`, ...[0, 1, 2, 5].map(patch)]);
    expect(t.requests().filter((r) => r.path === "/beta/$batch"), "in one $batch").to.have.length(1);
    const said = events.map((e) => e.message).join("\n");
    expect(said).to.match(/App passwords stop working/).and.match(/trusted IPs/).and.match(/re-register nothing/);
    expect(said).to.contain(`2 users stay on per-user MFA`).and.contain("excluded from the managed policy by name").and.contain("through the group");
    await expectSecondApplyWritesNothing(mfa!, t);
  });

  it("after the migration the status report shows the moved users covered by the managed policy and per-user disabled", async () => {
    const { t, user, inputs } = perUserTenant();
    const mfa = await created("ManagedMfaPolicy", inputs);
    const report = await getMfaStatus({ connection: t.connection() });
    const status = (i: number) => report.users.find((u) => u.id === user(i))!;
    for (const i of [1, 2, 5]) {
      expect(status(i).perUserMfaState, `user ${i}`).to.equal("disabled");
      expect(status(i).mfaEnforced, `user ${i}`).to.equal("yes");
      expect(status(i).enforcedBy, `user ${i}`).to.deep.equal([{ kind: "policy", policy: { id: mfa.id, displayName: MANAGED, managed: true }, otherControls: [] }]);
    }
    expect(status(3).enforcedBy, "the break-glass account keeps its per-user MFA").to.deep.equal([{ kind: "perUserMfa", state: "enforced" }]);
  });

  it("a $batch whose answer is lost after it landed is read back: the create completes without retrying it", async () => {
    const { t, user, inputs } = perUserTenant();
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    // check's look-up `$batch` goes first (v1.0); the second is the switch-off.
    emu.control.injectFault({ path: "/$batch", skip: 1, kind: "commit-then-drop" });
    const mfa = await created("ManagedMfaPolicy", inputs);
    expect(t.requests().filter((r) => r.path === "/beta/$batch" && r.status === 0), "the lost batch").to.have.length(1);
    expect(states(t)).to.deep.include({ [user(0)]: "disabled", [user(1)]: "disabled", [user(2)]: "disabled", [user(5)]: "disabled" });
    expect(Object.keys(journalOf(mfa)).sort()).to.deep.equal([user(0), user(1), user(2), user(5)].sort());
    expect(mfa.outs.perUserMfa.pending).to.equal(undefined);
  });

  it("a refused switch-off fails the create as a partial failure that keeps the policy and the journal; the re-run completes", async () => {
    const { t, user, inputs } = perUserTenant();
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    emu.control.injectFault({ path: `/users/${user(1)}/authentication/requirements`, method: "PATCH", kind: "status", status: 503 });
    const error = (await failureOf(created("ManagedMfaPolicy", inputs))) as Error & { id?: string; properties?: Record<string, any> };
    expect(error.message).to.contain("moving users off per-user MFA did not finish").and.contain(user(1));
    expect(error.id).to.equal(t.policy(MANAGED).id);
    expect([...journalEntries(error.properties!.perUserMfa.journal).keys()], "journaled before the write").to.include(user(1));
    expect(t.store.perUserMfa[user(1)], "not switched off").to.equal("enabled");
    expect(unprotectedEntries(t.timeline())).to.deep.equal([]);
    delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    const mfa = new Resource("ManagedMfaPolicy", inputs);
    mfa.id = error.id!;
    mfa.outs = error.properties as Record<string, any>;
    expect((await mfa.diff()).changes, "the unfinished move is a change").to.equal(true);
    await mfa.up();
    expect(t.store.perUserMfa[user(1)]).to.equal("disabled");
    expect(mfa.outs.perUserMfa.pending).to.equal(undefined);
  });

  it("destroy puts back exactly the journaled users, before the managed policy goes", async () => {
    const { t, user, inputs } = perUserTenant();
    const before = states(t);
    const mfa = await created("ManagedMfaPolicy", inputs);
    // Someone else's later change to a user this resource never touched is left alone.
    t.store.perUserMfa[user(7)] = "enforced";
    await mfa.delete();
    expect(states(t)).to.deep.equal({ ...before, [user(7)]: "enforced" });
    expect(t.store.conditionalAccessPolicies).to.have.length(0);
    const timeline = t.timeline();
    expect(timeline.at(-1)!.method, "the policy is deleted last").to.equal("DELETE");
    expect(unprotectedEntries(timeline.slice(0, -1))).to.deep.equal([]);
  });

  it("a user switched back to enabled by hand is drift on refresh, and the next up moves them again, keeping the first journaled state", async () => {
    const { t, user, inputs } = perUserTenant();
    const mfa = await created("ManagedMfaPolicy", inputs);
    t.store.perUserMfa[user(2)] = "enabled";
    await mfa.refresh();
    expect(mfa.outs.drift).to.deep.equal(["perUserMfa"]);
    expect((await mfa.diff()).changes).to.equal(true);
    await mfa.up();
    expect(t.store.perUserMfa[user(2)]).to.equal("disabled");
    expect(journalOf(mfa)[user(2)]).to.equal("enforced");
    await expectSecondApplyWritesNothing(mfa, t);
  });

  it("going back to \"leave\" restores the journaled users and ends the journal; the policy stays", async () => {
    const { t, inputs } = perUserTenant();
    const before = states(t);
    const mfa = await created("ManagedMfaPolicy", inputs);
    expect((await mfa.diff({ ...inputs, takeOver: { ...MIGRATE, perUserMfa: "leave" } })).changes).to.equal(true);
    await mfa.up({ ...inputs, takeOver: { ...MIGRATE, perUserMfa: "leave" } });
    expect(states(t)).to.deep.equal(before);
    expect(mfa.outs.perUserMfa.journal.count).to.equal(0);
    expect(t.policy(MANAGED).state).to.equal("enabled");
    await expectSecondApplyWritesNothing(mfa, t);
  });

  it("excluding a moved user gives them per-user MFA back before the policy stops covering them", async () => {
    const { t, user, inputs } = perUserTenant();
    const mfa = await created("ManagedMfaPolicy", inputs);
    const mark = t.mark();
    await mfa.up({ ...inputs, excludeUsers: [user(3), user(1)] });
    expect(t.store.perUserMfa[user(1)]).to.equal("enabled");
    expect(journalOf(mfa)).to.not.have.property(user(1));
    expect(t.writes(mark).map((w) => w.path)).to.deep.equal([`/beta/users/${user(1)}/authentication/requirements`, `/v1.0/identity/conditionalAccess/policies/${mfa.id}`]);
    expect(unprotectedEntries(t.timeline())).to.deep.equal([]);
  });

  it("where the user listing does not fill perUserMfaState, each user's state is read from authentication/requirements instead", async () => {
    const { t, user, inputs } = perUserTenant();
    t.store.perUserMfaOnUsers = "omitted";
    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", inputs));
    expect(states(t)).to.deep.include({ [user(0)]: "disabled", [user(1)]: "disabled", [user(2)]: "disabled", [user(3)]: "enforced", [user(4)]: "enabled", [user(5)]: "disabled" });
    expect(journalOf(mfa!)).to.deep.equal({ [user(0)]: "enforced", [user(1)]: "enabled", [user(2)]: "enforced", [user(5)]: "enabled" });
    expect(events.map((e) => e.message).join("\n")).to.contain("did not return perUserMfaState for 8 users");
    const reads = t.requests().filter((r) => r.method === "GET" && r.batchItem && r.path.endsWith("/authentication/requirements"));
    expect(reads, "one read per user").to.have.length(8);
  });

  it("with the default (leave), per-user MFA is neither read nor written", async () => {
    const { t, inputs } = perUserTenant();
    const before = states(t);
    const { takeOver: _, ...leave } = inputs;
    const mfa = await created("ManagedMfaPolicy", leave);
    expect(states(t)).to.deep.equal(before);
    expect(t.requests().filter((r) => r.path.includes("/beta/") || /perUserMfaState/.test(r.query))).to.deep.equal([]);
    expect(mfa.outs.perUserMfa).to.deep.include({ notCovered: 0 });
  });

  it("while Security Defaults is on, nobody is switched off: the move waits for the hand-over, then the next up makes it", async () => {
    const { t, user, inputs } = perUserTenant({ securityDefaults: true });
    const before = states(t);
    const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", { ...inputs, excludeGroups: [] }));
    expect(states(t)).to.deep.equal(before);
    expect(mfa!.outs.perUserMfa.pending).to.match(/Security Defaults is on/);
    expect(events.map((e) => e.message).join("\n")).to.match(/nobody is switched off yet/);
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [mfa!.id], breakGlassAccounts: [user(3)], connection: t.connection() });
    expect(t.securityDefaults).to.equal(false);
    expect(sd.id).to.be.a("string");
    const handedOver = t.timeline().length;
    expect((await mfa!.diff()).changes, "the pending move shows as a change").to.equal(true);
    await mfa!.up();
    expect(states(t)).to.deep.include({ [user(0)]: "disabled", [user(1)]: "disabled", [user(2)]: "disabled", [user(4)]: "disabled", [user(3)]: "enforced" });
    expect(mfa!.outs.perUserMfa.pending).to.equal(undefined);
    expect(unprotectedEntries(t.timeline().slice(handedOver))).to.deep.equal([]);
  });

  it("the preview (previewMfaTakeover, entra-mfa plan) shows whom it moves and whom it leaves, why, and writes nothing", async () => {
    const { t, user, inputs } = perUserTenant();
    const preview = await planTakeover(inputs as PlainManagedMfaPolicyArgs, { get: () => undefined });
    expect(preview.perUserMfa!.move.map((m) => m.userId).sort()).to.deep.equal([user(0), user(1), user(2), user(5)].sort());
    expect(preview.perUserMfa!.left.map((l) => [l.userId, l.state])).to.deep.equal([[user(3), "enforced"], [user(4), "enabled"]]);
    expect(preview.summary).to.contain("user3@").and.contain("excluded from the managed policy by name").and.match(/App passwords stop working/);
    expect(t.writes()).to.deep.equal([]);
  });

  it("the preview while Security Defaults is on says nobody is switched off until the hand-over, and why", async () => {
    const { t, inputs } = perUserTenant({ securityDefaults: true });
    const preview = await planTakeover({ ...inputs, excludeGroups: [] } as PlainManagedMfaPolicyArgs, { get: () => undefined });
    expect(preview.perUserMfa!.move).to.deep.equal([]);
    expect(preview.perUserMfa!.heldBack).to.match(/Security Defaults is on/);
    expect(preview.summary).to.match(/nobody is switched off now: Security Defaults is on/).and.match(/until the managed policy itself enforces MFA/);
    expect(t.writes()).to.deep.equal([]);
  });
});
