// ManagedMfaPolicy's take-over, end to end against the emulator: what each kind of foreign policy becomes, that
// nobody loses MFA at any mutation, and that destroy gives every touched policy back as it was.
import { expect } from "chai";
import type { GraphObject } from "../../emulator";
import { planTakeover } from "../../provider/preview";
import { GLOBAL_ADMINISTRATOR, ids, storedPolicy } from "../support/fixtures";
import { CA_PATH, comparable, created, expectSecondApplyWritesNothing, failureOf, newTenant, onceAnnounced, progressOf, Resource, uniqueName, useHandlerEmulator, type TestTenant } from "./support";

const MANAGED = "MFA (managed by Pulumi) - do not modify";
const REPORT_ONLY = "enabledForReportingButNotEnforced";
const PHISHING_RESISTANT = "00000000-0000-0000-0000-000000000004";
const MFA_STRENGTH = "00000000-0000-0000-0000-000000000002";

function withStrength(policy: GraphObject, strengthId: string): GraphObject {
  return { ...policy, grantControls: { operator: "OR", builtInControls: [], authenticationStrength: { id: strengthId } } };
}

/** Nobody protected at the start was unprotected after any mutation since. */
function expectNobodyLostMfa(t: TestTenant, unprotectedAtStart: string[]) {
  for (const entry of t.timeline())
    expect(entry.unprotectedUserIds.filter((u) => !unprotectedAtStart.includes(u)), `after ${entry.method} ${entry.path}`).to.deep.equal([]);
}

describe("ManagedMfaPolicy take-over", function () {
  const emu = useHandlerEmulator();

  describe("Security Defaults off, a mix of MFA policies", () => {
    const name = uniqueName();
    const user = (i: number) => ids.user(i, name);
    const engineering = ids.group("Engineering", name);
    const policies = [
      storedPolicy({ displayName: "Admins: MFA", includeUsers: [], includeRoles: [GLOBAL_ADMINISTRATOR] }),
      storedPolicy({ displayName: "Engineering: MFA and compliant device", includeUsers: [], includeGroups: [engineering], controls: ["mfa", "compliantDevice"], operator: "AND" }),
      withStrength(storedPolicy({ displayName: "User 3: MFA strength", includeUsers: [user(3)] }), MFA_STRENGTH),
      storedPolicy({ displayName: "Report-only MFA for all", state: REPORT_ONLY }),
      storedPolicy({ displayName: "MFA or compliant device", controls: ["mfa", "compliantDevice"], operator: "OR" }),
      withStrength(storedPolicy({ displayName: "Guests: phishing-resistant", includeUsers: [user(5)] }), PHISHING_RESISTANT),
    ];
    const spec = { name, users: 8, groups: [{ displayName: "Engineering", users: [2, 6] }], roles: { [GLOBAL_ADMINISTRATOR]: [4] }, policies };

    it("disables the MFA-only policies, strips MFA from MFA AND device, moves targets in as references, leaves the rest", async () => {
      const t = newTenant(emu, spec);
      const before = comparable(t.dump());
      const unprotectedAtStart = t.unprotected();
      const { result: mfa, events } = await progressOf(() => created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() }));

      expect(t.policy("Admins: MFA").state).to.equal("disabled");
      expect(t.policy("User 3: MFA strength").state).to.equal("disabled");
      const stripped = t.policy("Engineering: MFA and compliant device");
      expect(stripped.state).to.equal("enabled");
      expect(stripped.grantControls).to.include({ operator: "AND" });
      expect(stripped.grantControls.builtInControls).to.deep.equal(["compliantDevice"]);
      for (const untouched of ["Report-only MFA for all", "MFA or compliant device", "Guests: phishing-resistant"])
        expect(comparable(t.dump()).conditionalAccessPolicies!.find((p) => p.displayName === untouched)).to.deep.equal(
          before.conditionalAccessPolicies!.find((p) => p.displayName === untouched),
        );
      const users = t.policy(MANAGED).conditions.users;
      expect(users.includeUsers).to.have.members([user(1), user(3)]);
      expect(users.includeGroups).to.deep.equal([engineering]);
      expect(users.includeRoles).to.deep.equal([GLOBAL_ADMINISTRATOR]);

      const journal = mfa!.outs.journal as { displayName: string; action: string; previousState: string; previousGrantControls: { builtInControls: string[] } }[];
      expect(journal.map((e) => [e.displayName, e.action, e.previousState])).to.have.deep.members([
        ["Admins: MFA", "disable", "enabled"],
        ["Engineering: MFA and compliant device", "stripMfa", "enabled"],
        ["User 3: MFA strength", "disable", "enabled"],
      ]);
      expect(journal.find((e) => e.action === "stripMfa")!.previousGrantControls.builtInControls).to.have.members(["mfa", "compliantDevice"]);
      const left = events.filter((e) => e.message.startsWith("leaving")).map((e) => e.message).join("\n");
      for (const alone of ["Report-only MFA for all", "MFA or compliant device", "Guests: phishing-resistant"]) expect(left).to.contain(alone);

      expectNobodyLostMfa(t, unprotectedAtStart);
      expect(t.unprotected().filter((u) => !unprotectedAtStart.includes(u))).to.deep.equal([]);
      // One create and one PATCH per taken-over policy: nothing else is written.
      expect(t.writes().map((w) => w.method)).to.deep.equal(["POST", "PATCH", "PATCH", "PATCH"]);
    });

    it("a preview after the take-over (no journal at hand) shows no change, and still shows a real one", async () => {
      const t = newTenant(emu, spec);
      const args = { includeUsers: [user(1)], connection: t.connection() };
      await created("ManagedMfaPolicy", { resourceName: "mfa", ...args });
      const mark = t.mark();
      const unchanged = await planTakeover(args, { get: () => undefined });
      expect(unchanged.errors).to.deep.equal([]);
      expect(unchanged.steps).to.deep.equal([]);
      expect(unchanged.summary).to.contain("No changes: the tenant already matches.");
      expect(unchanged.summary).to.not.match(/Taken over:/);

      const narrower = await planTakeover({ ...args, includeUsers: [user(7)] }, { get: () => undefined });
      expect(narrower.steps).to.have.length(1);
      expect(narrower.steps[0]).to.contain("conditions.users");
      expect(t.writes(mark)).to.deep.equal([]);
    });

    it("a preview of a rename finds the managed policy by its create mark: one update, and the policies it took over are its own", async () => {
      const t = newTenant(emu, spec);
      const args = { includeUsers: [user(1)], connection: t.connection() };
      await created("ManagedMfaPolicy", { resourceName: "mfa", ...args });
      const renamed = await planTakeover({ ...args, displayName: "MFA for everyone (managed)" }, { get: () => undefined });
      expect(renamed.errors).to.deep.equal([]);
      expect(renamed.steps).to.have.length(1);
      expect(renamed.steps[0]).to.match(/^Update the managed policy/).and.contain("displayName");
      expect(renamed.warnings.join("\n")).to.not.contain("carries the mark of an MFA take-over");
      const made = t.policy(MANAGED);
      expect(renamed.warnings).to.include(
        `"${MANAGED}" (${made.id}) is taken as the managed policy: pulumi-entra-mfa made it for ManagedMfaPolicy 'mfa' under another name, so this previews renaming it. ` +
          "If it is another resource's, this is not what an apply would do: a tenant has one ManagedMfaPolicy.",
      );
    });

    it("a second apply with the same inputs writes nothing, and a refresh finds no drift", async () => {
      const t = newTenant(emu, spec);
      await expectSecondApplyWritesNothing(await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() }), t);
    });

    it("destroy puts every taken-over policy back exactly, MFA first, then deletes the managed policy", async () => {
      const t = newTenant(emu, spec);
      const before = comparable(t.dump());
      const unprotectedAtStart = t.unprotected();
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
      await mfa.delete();
      expect(comparable(t.dump())).to.deep.equal(before);
      expectNobodyLostMfa(t, unprotectedAtStart);
    });

    it("destroy leaves a taken-over policy changed since alone, with a warning, and restores the others", async () => {
      const t = newTenant(emu, spec);
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
      t.policy("Admins: MFA").state = REPORT_ONLY;
      const { events } = await progressOf(() => mfa.delete());
      expect(t.policy("Admins: MFA").state).to.equal(REPORT_ONLY);
      expect(events.some((e) => e.level === "warning" && e.message.includes("Admins: MFA") && e.message.includes("left as it is"))).to.equal(true);
      expect(t.policy("Engineering: MFA and compliant device").grantControls.builtInControls).to.have.members(["mfa", "compliantDevice"]);
      expect(t.policy("User 3: MFA strength").state).to.equal("enabled");
    });

    it("destroy after Security Defaults came back on: finishes, keeps everyone protected, and names the policy it could not enable", async () => {
      const t = newTenant(emu, spec);
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], connection: t.connection() });
      t.store.securityDefaultsEnabled = true;
      const { error, events } = await progressOf(() => mfa.delete());
      expect(error, error?.message).to.equal(undefined);
      expect(t.dump().conditionalAccessPolicies!.map((p) => p.displayName)).to.not.include(MANAGED);
      const cannot = (name: string) => events.some((e) => e.level === "warning" && e.message.includes(`"${name}"`) && e.message.includes("cannot be put back while Security Defaults is on"));
      for (const disabled of ["Admins: MFA", "User 3: MFA strength"]) {
        expect(t.policy(disabled).state).to.equal("disabled");
        expect(cannot(disabled), disabled).to.equal(true);
      }
      expect(cannot("Engineering: MFA and compliant device")).to.equal(true);
      expect(t.unprotected()).to.deep.equal([]);
    });

    it("with restoreOnDestroy false, destroy only deletes the managed policy", async () => {
      const t = newTenant(emu, spec);
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [user(1)], restoreOnDestroy: false, connection: t.connection() });
      const mark = t.mark();
      await mfa.delete();
      expect(t.writes(mark).map((w) => w.method)).to.deep.equal(["DELETE"]);
      expect(t.policy("Admins: MFA").state).to.equal("disabled");
    });
  });

  it("carries a taken-over policy's exclusion when nothing else covers the excluded user", async () => {
    const name = uniqueName();
    const sales = ids.group("Sales", name);
    const t = newTenant(emu, {
      name,
      groups: [{ displayName: "Sales", users: [2, 3] }],
      policies: [storedPolicy({ displayName: "Sales MFA", includeUsers: [], includeGroups: [sales], excludeUsers: [ids.user(3, name)] })],
    });
    const unprotectedAtStart = t.unprotected();
    await created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [ids.user(1, name)], connection: t.connection() });
    expect(t.policy("Sales MFA").state).to.equal("disabled");
    expect(t.policy(MANAGED).conditions.users.excludeUsers).to.deep.equal([ids.user(3, name)]);
    expect(t.unprotected()).to.include(ids.user(3, name));
    expectNobodyLostMfa(t, unprotectedAtStart);
  });

  it("a policy for all users but break-glass, taken over by a managed policy with the same exclusion", async () => {
    const name = uniqueName();
    const breakGlass = ids.user(0, name);
    const t = newTenant(emu, { name, policies: [storedPolicy({ displayName: "Everyone MFA", excludeUsers: [breakGlass] })] });
    const before = comparable(t.dump());
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [breakGlass], connection: t.connection() });
    expect(t.policy("Everyone MFA").state).to.equal("disabled");
    expect(t.unprotected()).to.deep.equal([breakGlass]);
    expectNobodyLostMfa(t, [breakGlass]);
    await mfa.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("takeOver.mfaPolicies 'leave' changes no foreign policy", async () => {
    const t = newTenant(emu, { policies: [storedPolicy({ displayName: "Everyone MFA" })] });
    await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, takeOver: { mfaPolicies: "leave" }, connection: t.connection() });
    expect(t.writes().map((w) => w.method)).to.deep.equal(["POST"]);
    expect(t.policy("Everyone MFA").state).to.equal("enabled");
  });

  describe("Security Defaults on: the pairing with SecurityDefaultsOff", () => {
    it("creates the policy report-only, SecurityDefaultsOff enables it in the same up, and destroy gives Security Defaults back", async () => {
      const name = uniqueName();
      const breakGlass = ids.user(0, name);
      const t = newTenant(emu, { name, securityDefaults: true, policies: [storedPolicy({ displayName: "Old report-only MFA", state: REPORT_ONLY })] });
      const before = comparable(t.dump());
      const { result: mfa, events } = await progressOf(() =>
        created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [breakGlass], connection: t.connection() }),
      );
      expect(t.policy(MANAGED).state).to.equal(REPORT_ONLY);
      expect(t.securityDefaults).to.equal(true);
      expect(events.some((e) => e.message.includes(`handoverPolicyIds [${mfa!.outs.policyId}]`))).to.equal(true);

      const sd = await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [mfa!.outs.policyId], breakGlassAccounts: [breakGlass], connection: t.connection() });
      expect(t.securityDefaults).to.equal(false);
      expect(t.policy(MANAGED).state).to.equal("enabled");
      expect(t.unprotected()).to.deep.equal([breakGlass]);
      expect(t.policy("Old report-only MFA").state).to.equal(REPORT_ONLY);
      const timeline = t.timeline();
      expect(timeline.filter((e) => e.unprotectedUserIds.some((u) => u !== breakGlass))).to.have.length.at.most(1);

      // The managed policy being enabled by the hand-over is what it expects: no drift, no change.
      const mark = t.mark();
      await mfa!.refresh();
      expect(mfa!.outs.drift).to.deep.equal([]);
      expect((await mfa!.diff()).changes).to.equal(false);
      await mfa!.update();
      await sd.refresh();
      expect((await sd.diff()).changes).to.equal(false);
      expect(t.writes(mark)).to.deep.equal([]);

      // Destroy in dependency order: SecurityDefaultsOff, then the policy it depends on.
      await sd.delete();
      await mfa!.delete();
      expect(comparable(t.dump())).to.deep.equal(before);
      expect(t.timeline().slice(timeline.length).every((e) => e.mfaEnforcedForAll)).to.equal(true);
    });

    it("without a SecurityDefaultsOff, the policy waits report-only: a refresh shows no drift and an update writes nothing", async () => {
      const t = newTenant(emu, { securityDefaults: true });
      await expectSecondApplyWritesNothing(await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() }), t);
      expect(t.policy(MANAGED).state).to.equal(REPORT_ONLY);
    });

    // The portal parks Conditional Access policies before Security Defaults goes on; the plan tests cover enabled ones.
    it("leaves a parked MFA policy alone while Security Defaults is on", async () => {
      const t = newTenant(emu, { securityDefaults: true, policies: [storedPolicy({ displayName: "Parked MFA", state: "disabled" })] });
      await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
      expect(t.writes().map((w) => w.method)).to.deep.equal(["POST"]);
    });

    it("refuses a hand-over to a policy that does not include all users, before writing anything", async () => {
      const t = newTenant(emu, { securityDefaults: true });
      const error = await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", includeUsers: [ids.user(1, t.fixture.displayName)], connection: t.connection() }));
      expect(error.message).to.match(/^ManagedMfaPolicy 'mfa' \(create\): nothing was changed: /).and.contain("includeAllUsers");
      expect(t.writes()).to.deep.equal([]);
    });
  });

  describe("adopting an existing policy", () => {
    it("takes it under management without deleting it, and destroy gives it back as it was", async () => {
      const name = uniqueName();
      const breakGlass = ids.user(0, name);
      const existing = storedPolicy({ displayName: "Company MFA", excludeUsers: [breakGlass] });
      const t = newTenant(emu, { name, policies: [existing] });
      const before = comparable(t.dump());
      const mfa = await created("ManagedMfaPolicy", {
        resourceName: "mfa",
        adoptPolicyId: existing.id,
        displayName: "Company MFA (Pulumi)",
        includeAllUsers: true,
        excludeUsers: [breakGlass],
        connection: t.connection(),
      });
      expect(mfa.id).to.equal(existing.id);
      expect(t.store.conditionalAccessPolicies).to.have.length(1);
      expect(t.policy("Company MFA (Pulumi)").state).to.equal("enabled");
      expect(t.writes().map((w) => `${w.method} ${w.path}`)).to.deep.equal([`PATCH /v1.0${CA_PATH}/${existing.id}`]);
      expectNobodyLostMfa(t, [breakGlass]);

      await expectSecondApplyWritesNothing(mfa, t);
      await mfa.delete();
      expect(comparable(t.dump())).to.deep.equal(before);
    });

    it("adopts a policy that is already as declared without a write, and destroy keeps it", async () => {
      const name = uniqueName();
      const breakGlass = ids.user(0, name);
      const existing = storedPolicy({ displayName: "Company MFA", excludeUsers: [breakGlass] });
      const t = newTenant(emu, { name, policies: [existing] });
      const before = comparable(t.dump());
      const inputs = { resourceName: "mfa", adoptPolicyId: existing.id, displayName: "Company MFA", includeAllUsers: true, excludeUsers: [breakGlass] };
      const mfa = await created("ManagedMfaPolicy", { ...inputs, takeOver: { mfaPolicies: "leave" }, connection: t.connection() });
      expect(mfa.id).to.equal(existing.id);
      // Nothing was changed; the journal still says the policy was adopted (so no destroy deletes it) and changes nothing.
      expect(mfa.outs.journal.map((e: { action: string; set: object }) => [e.action, e.set])).to.deep.equal([["adopt", {}]]);
      expect(t.writes()).to.deep.equal([]);
      await mfa.delete();
      expect(t.writes(), "destroy keeps the policy, which already holds what it held").to.deep.equal([]);
      expect(comparable(t.dump())).to.deep.equal(before);
    });

    it("refuses to adopt a policy if that would take MFA from someone it covers", async () => {
      const existing = storedPolicy({ displayName: "Company MFA" });
      const t = newTenant(emu, { policies: [existing] });
      const error = await failureOf(
        created("ManagedMfaPolicy", { resourceName: "mfa", adoptPolicyId: existing.id, includeUsers: [ids.user(1, t.fixture.displayName)], connection: t.connection() }),
      );
      expect(error.message).to.contain("would stop requiring MFA of all users");
      expect(t.writes()).to.deep.equal([]);
    });
  });

  describe("a failure in the middle of the apply", () => {
    for (const kind of ["status", "commit-then-status", "drop", "commit-then-drop"] as const)
      it(`rolls back to the starting tenant (${kind} on the second foreign PATCH, retries exhausted)`, async () => {
        const name = uniqueName();
        const first = storedPolicy({ displayName: "First MFA", includeUsers: [ids.user(1, name)] });
        const second = storedPolicy({ displayName: "Second MFA", includeUsers: [ids.user(2, name)], controls: ["mfa", "compliantDevice"], operator: "AND" });
        const t = newTenant(emu, { name, policies: [first, second] });
        const before = comparable(t.dump());
        const unprotectedAtStart = t.unprotected();
        process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
        emu.control.injectFault(
          kind === "status" || kind === "commit-then-status"
            ? { method: "PATCH", path: `${CA_PATH}/${second.id}`, kind, status: 503 }
            : { method: "PATCH", path: `${CA_PATH}/${second.id}`, kind },
        );
        const error = await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() }));
        expect(error.message).to.match(/^ManagedMfaPolicy 'mfa' \(create\): /).and.contain("rolled back");
        expect(comparable(t.dump())).to.deep.equal(before);
        expectNobodyLostMfa(t, unprotectedAtStart);
      });

    for (const kind of ["commit-then-status", "commit-then-drop"] as const)
      it(`deletes the managed policy a create may have made when its answer is lost (${kind}, retries exhausted)`, async () => {
        const t = newTenant(emu, { policies: [storedPolicy({ displayName: "Old MFA", excludeUsers: [] })] });
        const before = comparable(t.dump());
        process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
        emu.control.injectFault(kind === "commit-then-status" ? { method: "POST", path: CA_PATH, kind, status: 503 } : { method: "POST", path: CA_PATH, kind });
        await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() }));
        expect(comparable(t.dump())).to.deep.equal(before);
      });

    it("an undo whose answer is lost but which landed is read back: the journal holds only what the tenant still holds", async () => {
      const name = uniqueName();
      const first = storedPolicy({ displayName: "First MFA", includeUsers: [ids.user(1, name)] });
      const second = storedPolicy({ displayName: "Second MFA", includeUsers: [ids.user(2, name)] });
      const t = newTenant(emu, { name, policies: [first, second] });
      process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
      const stop = onceAnnounced(/^step 3\/3/, () => {
        emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${second.id}`, kind: "status", status: 503 });
        // Step 3's own undo goes through; the first policy's undo lands, and its answer is lost.
        emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${first.id}`, kind: "commit-then-drop" });
      });
      const inputs = { resourceName: "mfa", includeAllUsers: true, connection: t.connection(), __provider: "serialized shim" };
      const error = (await failureOf(created("ManagedMfaPolicy", inputs)).finally(stop)) as Error & { id?: string; properties?: Record<string, any> };
      delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
      expect(error.message).to.contain("Rolling back failed too").and.contain("read back, the tenant still holds 1 of the changes");
      expect(t.policy("First MFA").state, "its undo landed").to.equal("enabled");
      expect(t.policy("Second MFA").state).to.equal("enabled");
      expect(error.properties!.journal).to.deep.equal([]);
      expect(t.unprotected()).to.deep.equal([]);
    });

    it("when the rollback fails too, a partial failure records what the tenant holds; the next up and destroy use it", async () => {
      const name = uniqueName();
      const old = storedPolicy({ displayName: "Old MFA", includeUsers: [ids.user(1, name)] });
      const t = newTenant(emu, { name, policies: [old] });
      const before = comparable(t.dump());
      process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
      emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${old.id}`, kind: "status", status: 503 });
      emu.control.injectFault({ method: "DELETE", path: CA_PATH, kind: "status", status: 503 });
      // The engine's inputs carry the serialized provider; outputs recorded without it could not be deleted.
      const inputs = { resourceName: "mfa", includeAllUsers: true, connection: t.connection(), __provider: "serialized shim" };
      const error = (await failureOf(created("ManagedMfaPolicy", inputs))) as Error & { id?: string; properties?: Record<string, any> };
      expect(error.properties!.__provider).to.equal("serialized shim");
      expect(error.message).to.contain("Rolling back failed too");
      const managed = t.policy(MANAGED);
      expect(error.id).to.equal(managed.id);
      expect(error.properties).to.deep.equal(JSON.parse(JSON.stringify(error.properties)));
      expect(error.properties!.policyId).to.equal(managed.id);
      delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;

      // The engine keeps the partial outputs; the next up finishes the job on the same policy.
      const mfa = new Resource("ManagedMfaPolicy", inputs);
      mfa.id = error.id!;
      mfa.outs = error.properties!;
      expect(await mfa.refresh()).to.equal(true);
      expect((await mfa.up()).changes).to.equal(true);
      expect(t.store.conditionalAccessPolicies.filter((p) => p.displayName === MANAGED)).to.have.length(1);
      expect(t.policy("Old MFA").state).to.equal("disabled");
      await mfa.delete();
      expect(comparable(t.dump())).to.deep.equal(before);
    });

    it("keeps the managed policy when a foreign policy cannot be put back, so nobody loses MFA", async () => {
      const name = uniqueName();
      const first = storedPolicy({ displayName: "First MFA", includeUsers: [ids.user(1, name)] });
      const second = storedPolicy({ displayName: "Second MFA", includeUsers: [ids.user(2, name)] });
      const t = newTenant(emu, { name, policies: [first, second] });
      const unprotectedAtStart = t.unprotected();
      process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
      // The first foreign PATCH lands but its answer is lost, and putting it back fails.
      emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${first.id}`, kind: "commit-then-status", status: 503 });
      emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${first.id}`, kind: "status", status: 503 });
      const error = (await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() }))) as Error & {
        id?: string;
        properties?: Record<string, any>;
      };
      expect(t.policy("First MFA").state).to.equal("disabled");
      expect(t.policy(MANAGED).state).to.equal("enabled");
      expect(error.id).to.equal(t.policy(MANAGED).id);
      expect(error.properties!.journal.map((e: { displayName: string }) => e.displayName)).to.deep.equal(["First MFA"]);
      expectNobodyLostMfa(t, unprotectedAtStart);
    });

    it("a lost answer with retries left: the create finds its own policy instead of making a second", async () => {
      const t = newTenant(emu);
      emu.control.injectFault({ method: "POST", path: CA_PATH, kind: "commit-then-status", status: 503 });
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
      expect(t.store.conditionalAccessPolicies.map((p) => p.id)).to.deep.equal([mfa.id]);
    });
  });
});
