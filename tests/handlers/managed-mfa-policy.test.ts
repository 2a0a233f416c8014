import { expect } from "chai";
import { ids, storedPolicy } from "../support/fixtures";
import { handle } from "../../provider/handlers";
import { onProgress } from "../../provider/handlers/context";
import { planTakeover } from "../../provider/preview";
import { CA_PATH, comparable, created, expectSecondApplyWritesNothing, failureOf, newTenant, progressOf, uniqueName, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";

describe("ManagedMfaPolicy handler", function () {
  const emu = useHandlerEmulator();

  function plainTenant(spec: Parameters<typeof newTenant>[1] = {}) {
    const name = uniqueName();
    const t = newTenant(emu, { name, ...spec });
    return { t, user: (i: number) => ids.user(i, name), name };
  }

  const managedOf = (t: TestTenant) => t.policy(MANAGED);

  it("creates the policy enabled in a tenant without MFA: everyone but break-glass is protected, and it says so", async () => {
    const { t, user } = plainTenant();
    const { result: mfa, events } = await progressOf(() =>
      created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(0)], connection: t.connection() }),
    );
    const policy = managedOf(t);
    expect(mfa!.id).to.equal(policy.id);
    expect(mfa!.outs.policyId).to.equal(policy.id);
    expect(policy.state).to.equal("enabled");
    expect(policy.conditions.users.excludeUsers).to.deep.equal([user(0)]);
    expect(t.unprotected()).to.deep.equal([user(0)]);
    expect(t.timeline()).to.have.length(1);
    expect(events.some((e) => e.level === "warning" && /No MFA is enforced/.test(e.message))).to.equal(true);
    expect(mfa!.outs.journal).to.deep.equal([]);
  });

  it("the same inputs twice: no diff, and an update writes nothing", async () => {
    const { t, user } = plainTenant();
    const inputs = { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(0), user(1)], connection: t.connection() };
    const mfa = await created("ManagedMfaPolicy", inputs);
    const reordered = { ...inputs, excludeUsers: [user(1).toUpperCase(), user(0), user(0)] };
    expect(await mfa.diff(reordered)).to.deep.equal({ changes: false, replaces: [] });
    await expectSecondApplyWritesNothing(mfa, t);
    const mark = t.mark();
    await mfa.update(reordered);
    expect(t.writes(mark)).to.deep.equal([]);
  });

  it("adding a person to the targets enables MFA for them; excluding them turns it off; only users are PATCHed", async () => {
    const { t, user } = plainTenant();
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
    expect(t.unprotected()).to.include(user(2));
    expect(t.unprotected()).to.not.include(user(1));

    let mark = t.mark();
    await mfa.up({ ...mfa.inputs, includeUsers: [user(1), user(2)] });
    expect(t.unprotected()).to.not.include(user(2));
    const writes = t.writes(mark);
    expect(writes.map((w) => `${w.method} ${w.path}`)).to.deep.equal([`PATCH /v1.0${CA_PATH}/${mfa.id}`]);

    mark = t.mark();
    const { events } = await progressOf(() => mfa.up({ ...mfa.inputs, includeUsers: [user(2)] }));
    const warned = events.filter((e) => e.level === "warning").map((e) => e.message);
    expect(warned.find((m) => m.includes("would stop requiring MFA")), "the warning names whom MFA is taken from").to.contain(user(1)).and.not.contain(user(2));
    expect(warned.join("\n")).to.contain("password alone");
    expect(t.unprotected()).to.include(user(1));
    expect(t.unprotected()).to.not.include(user(2));
    expect(t.writes(mark)).to.have.length(1);
    expect(managedOf(t).conditions.users.includeUsers).to.deep.equal([user(2)]);
  });

  it("lowering the policy to report-only after a take-over first gives the taken-over policy its MFA back, warning before any write", async () => {
    const { t } = plainTenant({ policies: [storedPolicy({ displayName: "Old MFA", excludeUsers: [] })] });
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
    expect(t.policy("Old MFA").state).to.equal("disabled");
    expect(t.unprotected()).to.deep.equal([]);
    const writesSoFar = t.writes().length;
    const writesAtWarning: number[] = [];
    const { events, error } = await progressOf(() => {
      const stop = onProgress((e) => e.level === "warning" && writesAtWarning.push(t.writes().length));
      return mfa.up({ ...mfa.inputs, state: "reportOnly" }).finally(stop);
    });
    expect(error).to.equal(undefined);
    const warned = events.filter((e) => e.level === "warning").map((e) => e.message).join("\n");
    expect(warned).to.contain("make it report-only").and.contain("all users");
    expect(writesAtWarning, "warnings").to.not.be.empty;
    expect(writesAtWarning.every((n) => n === writesSoFar), "every warning comes before the first PATCH").to.equal(true);
    const [restore, lower] = t.writes().slice(writesSoFar);
    expect(restore!.path, "Old MFA is put back first").to.contain(t.policy("Old MFA").id);
    expect(lower!.path).to.contain(managedOf(t).id);
    expect(t.writes()).to.have.length(writesSoFar + 2);
    expect(t.policy("Old MFA").state).to.equal("enabled");
    expect(managedOf(t).state).to.equal("enabledForReportingButNotEnforced");
    // Nobody was without MFA at any write, and the journal no longer holds what was given back.
    expect(t.timeline().filter((e) => e.unprotectedUserIds.length)).to.deep.equal([]);
    expect(mfa.outs.journal).to.deep.equal([]);
    const mark = t.mark();
    await mfa.delete();
    expect(t.writes(mark).map((w) => w.method)).to.deep.equal(["DELETE"]);
    expect(t.policy("Old MFA").state).to.equal("enabled");
  });

  it("a new exclusion gives back only the taken-over policy that may cover the excluded user", async () => {
    const name = uniqueName();
    const user = (i: number) => ids.user(i, name);
    const policies = [storedPolicy({ displayName: "User 1: MFA", includeUsers: [user(1)] }), storedPolicy({ displayName: "User 2: MFA", includeUsers: [user(2)] })];
    const t = newTenant(emu, { name, policies });
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(0)], connection: t.connection() });
    expect(t.policy("User 1: MFA").state).to.equal("disabled");
    expect(t.policy("User 2: MFA").state).to.equal("disabled");
    await mfa.up({ ...mfa.inputs, excludeUsers: [user(1)] });
    expect(t.policy("User 1: MFA").state).to.equal("enabled");
    expect(t.policy("User 2: MFA").state).to.equal("disabled");
    expect((mfa.outs.journal as { displayName: string }[]).map((e) => e.displayName)).to.deep.equal(["User 2: MFA"]);
    expect(t.timeline().filter((e) => e.unprotectedUserIds.includes(user(1)))).to.deep.equal([]);
  });

  describe("the break-glass rule where the managed policy protects everyone", () => {
    const everyoneBut = (name: string) => ({ name, users: 8, groups: [{ displayName: "Most people", users: [1, 2, 3, 4, 5, 6] }, { displayName: "Break-glass", users: [0] }] });

    it("an update while Security Defaults is off that excludes a group of six is refused before any write, naming them", async () => {
      const name = uniqueName();
      const t = newTenant(emu, everyoneBut(name));
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeGroups: [ids.group("Break-glass", name)], connection: t.connection() });
      const mark = t.mark();
      const error = await failureOf(mfa.up({ ...mfa.inputs, excludeGroups: [ids.group("Break-glass", name), ids.group("Most people", name)] }));
      expect(error.message).to.contain("nothing was changed").and.contain("leave 7 users without MFA").and.contain(`through group ${ids.group("Most people", name)}`);
      expect(t.writes(mark)).to.deep.equal([]);
      expect(t.unprotected()).to.deep.equal([ids.user(0, name)]);
    });

    it("a hand-over of Security Defaults to a policy excluding a group of six is refused at create and in the preview", async () => {
      const name = uniqueName();
      const t = newTenant(emu, { ...everyoneBut(name), securityDefaults: true });
      const args = { includeAllUsers: true, excludeGroups: [ids.group("Most people", name)], connection: t.connection() };
      const preview = await planTakeover(args, { get: () => undefined });
      expect(preview.errors.join(" ")).to.contain("leave 6 users without MFA");
      const error = await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", ...args }));
      expect(error.message).to.contain("leave 6 users without MFA");
      expect(t.writes()).to.deep.equal([]);
    });
  });

  it("switches from the built-in MFA control to an authentication strength and back with one grant PATCH each", async () => {
    const { t, user } = plainTenant();
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(0)], connection: t.connection() });
    const phishingResistant = "00000000-0000-0000-0000-000000000004";
    let mark = t.mark();
    await mfa.up({ ...mfa.inputs, authenticationStrengthId: phishingResistant });
    expect(t.writes(mark)).to.have.length(1);
    expect(managedOf(t).grantControls.builtInControls).to.deep.equal([]);
    expect(managedOf(t).grantControls.authenticationStrength.id).to.equal(phishingResistant);
    await expectSecondApplyWritesNothing(mfa, t);
    mark = t.mark();
    const { authenticationStrengthId: _dropped, ...builtIn } = mfa.inputs;
    await mfa.up(builtIn);
    expect(t.writes(mark)).to.have.length(1);
    expect(managedOf(t).grantControls.builtInControls).to.deep.equal(["mfa"]);
    expect(managedOf(t).grantControls.authenticationStrength).to.equal(null);
  });

  it("takes foreign policies over when takeOver.mfaPolicies changes from leave to consolidate", async () => {
    const { t } = plainTenant({ policies: [storedPolicy({ displayName: "Old MFA", excludeUsers: [] })] });
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, takeOver: { mfaPolicies: "leave" }, connection: t.connection() });
    expect(t.policy("Old MFA").state).to.equal("enabled");
    expect((await mfa.up({ ...mfa.inputs, takeOver: { mfaPolicies: "consolidate" } })).changes).to.equal(true);
    expect(t.policy("Old MFA").state).to.equal("disabled");
    expect(mfa.outs.journal.map((e: { displayName: string }) => e.displayName)).to.deep.equal(["Old MFA"]);
    expect(t.unprotected()).to.deep.equal([]);
  });

  it("an update after the policy was deleted outside Pulumi (no refresh) creates it again, and destroy removes that one", async () => {
    const { t } = plainTenant();
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
    t.store.conditionalAccessPolicies = [];
    await mfa.update({ ...mfa.inputs, displayName: "MFA for everyone" });
    const recreated = t.policy("MFA for everyone");
    expect(mfa.outs.policyId).to.equal(recreated.id);
    await mfa.delete();
    expect(t.store.conditionalAccessPolicies).to.deep.equal([]);
  });

  it("created again report-only after it was deleted outside Pulumi: the policy it took over gets its MFA back first", async () => {
    const { t } = plainTenant({ policies: [storedPolicy({ displayName: "Old MFA", excludeUsers: [] })] });
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
    expect(t.policy("Old MFA").state).to.equal("disabled");
    t.store.conditionalAccessPolicies = t.store.conditionalAccessPolicies.filter((p) => p.displayName !== MANAGED);
    const mark = t.mark();
    await mfa.update({ ...mfa.inputs, state: "reportOnly" });
    const [restore, create] = t.writes(mark);
    expect([restore!.method, restore!.path]).to.deep.equal(["PATCH", `/v1.0${CA_PATH}/${t.policy("Old MFA").id}`]);
    expect(create!.method).to.equal("POST");
    expect(t.policy("Old MFA").state).to.equal("enabled");
    expect(managedOf(t).state).to.equal("enabledForReportingButNotEnforced");
    expect(mfa.outs.policyId).to.equal(managedOf(t).id);
    expect(mfa.outs.journal).to.deep.equal([]);
  });

  it("resolves user principal names to object ids", async () => {
    const { t, user, name } = plainTenant();
    const mfa = await created("ManagedMfaPolicy", {
      resourceName: "mfa",
      includeAllUsers: true,
      excludeUsers: [`USER0@${name}.onmicrosoft.com`],
      connection: t.connection(),
    });
    expect(managedOf(t).conditions.users.excludeUsers).to.deep.equal([user(0)]);
    expect((await mfa.diff()).changes).to.equal(false);
  });

  it("a user principal name nobody has fails before anything is written", async () => {
    const { t, name } = plainTenant();
    const inputs = { resourceName: "mfa", includeAllUsers: true, excludeUsers: [`nobody@${name}.onmicrosoft.com`], connection: t.connection() };
    const { failures } = (await handle("ManagedMfaPolicy", "check", undefined, inputs)) as { failures: { property: string; reason: string }[] };
    expect(failures.map((f) => f.property)).to.deep.equal(["excludeUsers"]);
    expect(failures[0]!.reason).to.contain(`excludeUsers[0] "nobody@${name}.onmicrosoft.com": tenant ${t.id} has no user with this user principal name`);
    // create looks again before any write (the tenant may have changed since the preview).
    const error = await failureOf(handle("ManagedMfaPolicy", "create", inputs));
    expect(error.message).to.match(/^ManagedMfaPolicy 'mfa' \(create\): /).and.contain("nobody@");
    expect(t.writes()).to.deep.equal([]);
  });

  describe("drift", () => {
    const driftCases: [string, (t: TestTenant, policyId: string) => Promise<unknown> | void, string][] = [
      ["state set to report-only in the portal", (t) => void (managedOf(t).state = "enabledForReportingButNotEnforced"), "state"],
      ["a user excluded in the portal", (t) => void managedOf(t).conditions.users.excludeUsers.push(ids.user(3, t.fixture.displayName)), "users"],
      ["MFA limited to untrusted locations in the portal", (t) => void (managedOf(t).conditions.locations = { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }), "locations"],
      ["a sign-in frequency session control added in the portal", (t) => void (managedOf(t).sessionControls = { signInFrequency: { value: 1, type: "hours", isEnabled: true } }), "sessionControls"],
      [
        "the grant changed to MFA OR compliant device through Graph",
        (t, id) => t.emu.graph(`${CA_PATH}/${id}`, { method: "PATCH", tenantId: t.id, body: { grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } } }),
        "grantControls",
      ],
    ];
    for (const [what, change, part] of driftCases)
      it(`refresh finds ${what}; the next update repairs it`, async () => {
        const { t, user } = plainTenant();
        const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(0)], connection: t.connection() });
        const pristine = comparable(t.dump()).conditionalAccessPolicies;
        await change(t, mfa.id);
        expect(await mfa.refresh()).to.equal(true);
        expect(mfa.outs.drift).to.deep.equal([part]);
        const mark = t.mark();
        expect((await mfa.up()).changes).to.equal(true);
        expect(t.writes(mark)).to.have.length(1);
        expect(comparable(t.dump()).conditionalAccessPolicies).to.deep.equal(pristine);
        await mfa.refresh();
        expect(mfa.outs.drift).to.deep.equal([]);
        expect((await mfa.diff()).changes).to.equal(false);
      });

    it("a policy deleted outside Pulumi leaves the stack on refresh (read returns id '')", async () => {
      const { t, user } = plainTenant();
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
      t.store.conditionalAccessPolicies = [];
      expect(await mfa.refresh()).to.equal(false);
    });

    it("read lists MFA policies outside the managed one, with a warning", async () => {
      const { t, user } = plainTenant({ policies: [storedPolicy({ displayName: "Report-only MFA", state: "enabledForReportingButNotEnforced" })] });
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
      // Someone adds an enforcing MFA policy by hand.
      await t.emu.graph(CA_PATH, { tenantId: t.id, body: { ...storedPolicy({ displayName: "Hand-made MFA", includeUsers: [user(2)] }), id: undefined } });
      const { events } = await progressOf(() => mfa.refresh());
      expect(mfa.outs.unmanagedMfaPolicies.map((p: { displayName: string }) => p.displayName)).to.deep.equal(["Hand-made MFA"]);
      expect(events.some((e) => e.level === "warning" && e.message.includes("Hand-made MFA"))).to.equal(true);
    });
  });

  it("destroy, when nothing was taken over, reads the policies once (for take-overs a killed run could not journal) and deletes the policy: the tenant is as before create", async () => {
    const { t, user } = plainTenant({ policies: [storedPolicy({ displayName: "Report-only MFA", state: "enabledForReportingButNotEnforced" })] });
    const before = comparable(t.dump());
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [user(0)], connection: t.connection() });
    const mark = t.mark();
    await mfa.delete();
    expect(t.requests(mark).map((r) => r.method)).to.deep.equal(["GET", "DELETE"]);
    expect(comparable(t.dump())).to.deep.equal(before);
  });
});
