import { expect } from "chai";
import { ids, storedPolicy } from "../support/fixtures";
import { handle } from "../../provider/handlers";
import { comparable, created, expectSecondApplyWritesNothing, failureOf, longestUnprotectedRun, newTenant, onceAnnounced, progressOf, Resource, SD_PATH, uniqueName, useHandlerEmulator } from "./support";

const REPORT_ONLY = "enabledForReportingButNotEnforced";

describe("SecurityDefaultsOff handler", function () {
  const emu = useHandlerEmulator();

  /** Security Defaults on, and a report-only "MFA for everyone but break-glass" policy ready to take over. */
  function sdTenant(extra: Parameters<typeof storedPolicy>[0][] = []) {
    const name = uniqueName();
    const breakGlass = ids.user(0, name);
    const handover = storedPolicy({ displayName: "Hand-over", state: REPORT_ONLY, excludeUsers: [breakGlass] });
    const t = newTenant(emu, { name, securityDefaults: true, policies: [handover, ...extra.map((p) => storedPolicy(p))] });
    return { t, name, breakGlass, handoverId: handover.id as string };
  }

  it("turns Security Defaults off and the hand-over policy on, with at most one mutation unprotected", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId.toUpperCase()], connection: t.connection() });

    expect(t.securityDefaults).to.equal(false);
    expect(t.policy("Hand-over").state).to.equal("enabled");
    expect(t.unprotected()).to.deep.equal([breakGlass]);
    expect(sd.outs).to.include({ wasEnabled: true, isEnabled: false });
    expect(sd.outs.handoverJournal).to.deep.equal([{ policyId: handoverId, displayName: "Hand-over", previousState: REPORT_ONLY }]);
    const timeline = t.timeline();
    expect(timeline.map((e) => `${e.method} ${e.path}`)).to.deep.equal([`PATCH /v1.0${SD_PATH}`, `PATCH /v1.0/identity/conditionalAccess/policies/${handoverId}`]);
    expect(longestUnprotectedRun(timeline, [breakGlass])).to.be.at.most(1);
    expect(timeline.at(-1)!.unprotectedUserIds).to.deep.equal([breakGlass]);
  });

  for (const [what, narrow] of [
    ["excludes a group", (p: Record<string, any>, name: string) => p.conditions.users.excludeGroups.push(ids.group("Everyone else", name))],
    ["covers one application", (p: Record<string, any>) => (p.conditions.applications.includeApplications = ["00000002-0000-0ff1-ce00-000000000000"])],
  ] as const)
    it(`an administrator who narrows the hand-over policy between the check and the write (${what}) causes a rollback`, async () => {
      const { t, name, breakGlass, handoverId } = sdTenant();
      const stop = onceAnnounced(/enabling hand-over policy/, () => narrow(t.policy("Hand-over"), name));
      let error: Error;
      try {
        error = await failureOf(created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() }));
      } finally {
        stop();
      }
      expect(error.message).to.contain("changed during the cut-over").and.contain("rolled back");
      expect(t.securityDefaults).to.equal(true);
      expect(t.policy("Hand-over").state).to.equal(REPORT_ONLY);
      expect(t.unprotected()).to.deep.equal([]);
    });

  it("changes nothing the second time: diff and update with the same inputs write nothing", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    // Case and order of ids are not changes.
    expect((await sd.diff({ ...sd.inputs, handoverPolicyIds: [handoverId.toUpperCase(), handoverId] })).changes).to.equal(false);
    await expectSecondApplyWritesNothing(sd, t);
  });

  it("destroy turns Security Defaults on first, then puts the hand-over policy back: the tenant is as it was", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const before = comparable(t.dump());
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    const mark = t.timeline().length;
    await sd.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
    const destroy = t.timeline().slice(mark);
    expect(destroy.map((e) => e.path)).to.deep.equal([`/v1.0${SD_PATH}`, `/v1.0/identity/conditionalAccess/policies/${handoverId}`]);
    expect(destroy.every((e) => e.mfaEnforcedForAll)).to.equal(true);
  });

  it("a hand-over policy first named by an update is enabled, journaled, and put back at destroy", async () => {
    const { t, breakGlass, handoverId } = sdTenant([{ displayName: "Second hand-over", state: REPORT_ONLY }]);
    const before = comparable(t.dump());
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    const secondId = t.policy("Second hand-over").id as string;
    await sd.up({ ...sd.inputs, handoverPolicyIds: [handoverId, secondId] });
    expect(t.policy("Second hand-over").state).to.equal("enabled");
    expect(sd.outs.handoverJournal.map((e: { policyId: string }) => e.policyId)).to.deep.equal([handoverId, secondId]);
    expect(t.unprotected(), "the second policy covers the break-glass account too").to.deep.equal([]);
    await sd.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("destroy leaves a hand-over policy that was changed since alone, and warns", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    t.policy("Hand-over").state = "disabled";
    const { events, error } = await progressOf(() => sd.delete());
    expect(error).to.equal(undefined);
    expect(t.securityDefaults).to.equal(true);
    expect(t.policy("Hand-over").state).to.equal("disabled");
    expect(events.filter((e) => e.level === "warning").map((e) => e.message).join(" ")).to.contain("Hand-over");
  });

  it("with restoreOnDestroy false, destroy leaves Security Defaults off", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], restoreOnDestroy: false, connection: t.connection() });
    const mark = t.mark();
    await sd.delete();
    expect(t.securityDefaults).to.equal(false);
    expect(t.writes(mark)).to.deep.equal([]);
  });

  it("when Security Defaults is already off, records that and writes nothing, now or at destroy", async () => {
    const name = uniqueName();
    const handover = storedPolicy({ displayName: "MFA", excludeUsers: [ids.user(0, name)] });
    const t = newTenant(emu, { name, securityDefaults: false, policies: [handover] });
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [handover.id], connection: t.connection() });
    expect(sd.outs).to.include({ wasEnabled: false, isEnabled: false });
    await sd.delete();
    expect(t.writes()).to.deep.equal([]);
  });

  describe("refuses to leave users without MFA", () => {
    const cases: [string, Parameters<typeof storedPolicy>[0], RegExp][] = [
      ["a policy that does not require MFA", { displayName: "Hand-over", controls: ["compliantDevice"] }, /does not require MFA/],
      ["MFA OR-ed with another control", { displayName: "Hand-over", controls: ["mfa", "compliantDevice"], operator: "OR" }, /without MFA/],
      ["a policy for one group only", { displayName: "Hand-over", includeUsers: [], includeGroups: [ids.group("x")] }, /does not include all users/],
    ];
    for (const [what, policy, reason] of cases)
      it(`${what}: fails naming the gap, and writes nothing`, async () => {
        const p = storedPolicy({ ...policy, state: REPORT_ONLY });
        const t = newTenant(emu, { securityDefaults: true, policies: [p] });
        const error = await failureOf(created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], connection: t.connection() }));
        expect(error.message).to.match(/^SecurityDefaultsOff 'sd' \(create\): /);
        expect(error.message).to.match(reason);
        expect(error.message).to.contain("allowUnprotected");
        expect(t.writes()).to.deep.equal([]);
        expect(t.securityDefaults).to.equal(true);
      });

    describe("exclusions beyond the declared break-glass accounts", () => {
      /** A report-only hand-over policy for all users that excludes the users at these indexes. */
      function excludingTenant(excluded: number[]) {
        const name = uniqueName();
        const p = storedPolicy({ displayName: "Hand-over", state: REPORT_ONLY, excludeUsers: excluded.map((i) => ids.user(i, name)) });
        return { t: newTenant(emu, { name, securityDefaults: true, policies: [p] }), p, name };
      }

      it("a group that holds everyone: fails naming who would be left without MFA and the input to change, and writes nothing", async () => {
        const name = uniqueName();
        const everyone = { displayName: "Everyone", users: [0, 1, 2, 3, 4, 5] };
        const p = storedPolicy({ displayName: "Hand-over", state: REPORT_ONLY, excludeGroups: [ids.group("Everyone", name)] });
        const t = newTenant(emu, { name, securityDefaults: true, policies: [p], groups: [everyone] });
        const error = await failureOf(
          created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], breakGlassAccounts: [`user0@${name}.onmicrosoft.com`], connection: t.connection() }),
        );
        expect(error.message).to.match(/^SecurityDefaultsOff 'sd' \(create\): Security Defaults was left on/);
        expect(error.message).to.contain("excludes 5 users who are not declared break-glass accounts");
        expect(error.message).to.contain(`user1@${name}.onmicrosoft.com (through group ${ids.group("Everyone", name)})`).and.not.contain(`user0@${name}`);
        expect(error.message).to.contain("breakGlassAccounts");
        expect(t.writes()).to.deep.equal([]);
        expect(t.securityDefaults).to.equal(true);
      });

      it("an excluded user who is not declared (an administrator, say): fails naming that user", async () => {
        const { t, p, name } = excludingTenant([0, 3]);
        const error = await failureOf(
          created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], breakGlassAccounts: [ids.user(0, name)], connection: t.connection() }),
        );
        expect(error.message).to.contain(`excludes 1 user who is not a declared break-glass account: user3@${name}.onmicrosoft.com.`);
        expect(t.writes()).to.deep.equal([]);
      });

      it("no break-glass accounts declared: any exclusion stops the cut-over", async () => {
        const { t, p, name } = excludingTenant([0]);
        const error = await failureOf(created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], connection: t.connection() }));
        expect(error.message).to.contain(`user0@${name}.onmicrosoft.com`);
        expect(t.securityDefaults).to.equal(true);
      });

      it("break-glass accounts by user principal name, excluded through a group of their own: the cut-over goes ahead", async () => {
        const name = uniqueName();
        const group = { displayName: "Break glass", users: [0, 1] };
        const p = storedPolicy({ displayName: "Hand-over", state: REPORT_ONLY, excludeGroups: [ids.group("Break glass", name)] });
        const t = newTenant(emu, { name, securityDefaults: true, policies: [p], groups: [group] });
        const upns = [0, 1].map((i) => `USER${i}@${name}.onmicrosoft.com`);
        await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], breakGlassAccounts: upns, connection: t.connection() });
        expect(t.securityDefaults).to.equal(false);
        expect(t.unprotected().sort()).to.deep.equal([ids.user(0, name), ids.user(1, name)].sort());
      });

      it("a break-glass account that matches nobody (a typo): fails naming it, and writes nothing", async () => {
        const { t, p, name } = excludingTenant([0]);
        const typo = `breakglas@${name}.onmicrosoft.com`;
        const sd = new Resource("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], breakGlassAccounts: [typo], connection: t.connection() });
        const { failures } = await sd.check();
        expect(failures).to.have.length(1);
        expect(failures![0]!.property).to.equal("breakGlassAccounts");
        expect(failures![0]!.reason).to.contain(`SecurityDefaultsOff 'sd': breakGlassAccounts[0] "${typo}": tenant ${t.id} has no user with this user principal name`);
        // create looks again before any write (the tenant may have changed since the preview).
        const error = await failureOf(handle("SecurityDefaultsOff", "create", sd.inputs));
        expect(error.message).to.contain(`no user in tenant ${t.id} has the user principal name '${typo}' (breakGlassAccounts)`);
        expect(t.writes()).to.deep.equal([]);
      });
    });

    it("a hand-over policy that does not exist: fails naming it", async () => {
      const t = newTenant(emu, { securityDefaults: true });
      const missing = ids.group("no such policy");
      const error = await failureOf(created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [missing], connection: t.connection() }));
      expect(error.message).to.contain(missing).and.contain("does not exist");
      expect(t.writes()).to.deep.equal([]);
    });

    it("allowUnprotected: goes ahead, with a warning", async () => {
      const p = storedPolicy({ displayName: "Group MFA", state: REPORT_ONLY, includeUsers: [], includeGroups: [ids.group("x")] });
      const t = newTenant(emu, { securityDefaults: true, policies: [p] });
      const { events, error } = await progressOf(() =>
        created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [p.id], allowUnprotected: true, connection: t.connection() }),
      );
      expect(error).to.equal(undefined);
      expect(t.securityDefaults).to.equal(false);
      expect(events.some((e) => e.level === "warning" && /allowUnprotected/.test(e.message))).to.equal(true);
    });
  });

  it("refresh shows a hand-over policy switched off while Security Defaults is off; the next update enables it again", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    t.policy("Hand-over").state = REPORT_ONLY;
    expect(t.unprotected()).to.have.length(6);
    await sd.refresh();
    expect(sd.outs.drift).to.deep.equal([`handover:${handoverId}`]);
    const mark = t.mark();
    expect((await sd.up()).changes).to.equal(true);
    expect(t.writes(mark).map((w) => w.method)).to.deep.equal(["PATCH"]);
    expect(t.unprotected()).to.deep.equal([breakGlass]);
    await expectSecondApplyWritesNothing(sd, t);
    // Destroy still puts it back as it was before the first cut-over.
    await sd.delete();
    expect(t.securityDefaults).to.equal(true);
    expect(t.policy("Hand-over").state).to.equal(REPORT_ONLY);
  });

  it("refresh shows Security Defaults turned back on; the next update turns it off through the same safe path", async () => {
    const { t, breakGlass, handoverId } = sdTenant();
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", breakGlassAccounts: [breakGlass], handoverPolicyIds: [handoverId], connection: t.connection() });
    // Someone turns Security Defaults back on and parks the policy (the portal requires it).
    t.store.securityDefaultsEnabled = true;
    t.policy("Hand-over").state = REPORT_ONLY;
    await sd.refresh();
    expect(sd.outs.isEnabled).to.equal(true);
    expect(sd.outs.drift).to.deep.equal(["isEnabled"]);
    const mark = t.timeline().length;
    expect((await sd.up()).changes).to.equal(true);
    expect(t.securityDefaults).to.equal(false);
    expect(t.policy("Hand-over").state).to.equal("enabled");
    expect(sd.outs).to.include({ isEnabled: false, wasEnabled: true });
    expect(sd.outs.drift).to.deep.equal([]);
    expect(longestUnprotectedRun(t.timeline().slice(mark), [breakGlass])).to.be.at.most(1);
    // And destroy still puts back what was there before the first create.
    await sd.delete();
    expect(t.securityDefaults).to.equal(true);
    expect(t.policy("Hand-over").state).to.equal(REPORT_ONLY);
  });

});
