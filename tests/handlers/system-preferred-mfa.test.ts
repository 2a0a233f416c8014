import { expect } from "chai";
import { ids } from "../support/fixtures";
import { AMP_PATH, comparable, created, expectSecondApplyWritesNothing, failureOf, newTenant, Resource, uniqueName, useHandlerEmulator, type TestTenant } from "./support";

const preferences = (t: TestTenant) => t.store.authenticationMethodsPolicy.systemCredentialPreferences as Record<string, any>;

describe("SystemPreferredMfa handler", function () {
  const emu = useHandlerEmulator();

  function tenant() {
    const name = uniqueName();
    const t = newTenant(emu, { name, groups: [{ displayName: "Pilot", users: [1, 2] }, { displayName: "Kiosks", users: [3] }] });
    return { t, pilot: ids.group("Pilot", name), kiosks: ids.group("Kiosks", name) };
  }

  it("reads before writing, PATCHes beta systemCredentialPreferences alone, and remembers what it found", async () => {
    const { t, pilot, kiosks } = tenant();
    const before = comparable(t.dump());
    const found = structuredClone(preferences(t));
    const spm = await created("SystemPreferredMfa", {
      resourceName: "spm",
      state: "enabled",
      includeTarget: { id: pilot.toUpperCase(), targetType: "group" },
      excludeTarget: { id: kiosks, targetType: "group" },
      connection: t.connection(),
    });
    expect(preferences(t)).to.deep.equal({ state: "enabled", includeTargets: [{ id: pilot, targetType: "group" }], excludeTargets: [{ id: kiosks, targetType: "group" }] });
    // Past check's one `$batch` that finds both groups, create reads once and writes once.
    const [batch, ...rest] = t.requests().filter((r) => !r.batchItem);
    expect(`${batch!.method} ${batch!.path}`).to.equal("POST /v1.0/$batch");
    expect(rest.map((r) => `${r.method} /${r.version}${r.path.replace(/^\/(v1\.0|beta)/, "")}`)).to.deep.equal([`GET /beta${AMP_PATH}`, `PATCH /beta${AMP_PATH}`]);
    expect(spm.outs.previous).to.deep.equal(found);
    // Nothing else of the tenant-wide policy changed.
    const { systemCredentialPreferences: _a, ...restBefore } = before.authenticationMethodsPolicy as Record<string, unknown>;
    const { systemCredentialPreferences: _b, ...restAfter } = comparable(t.dump()).authenticationMethodsPolicy as Record<string, unknown>;
    expect(restAfter).to.deep.equal(restBefore);
  });

  it("a create whose PATCH landed but whose answer was lost records the settings found before it, so destroy restores those", async () => {
    const { t, pilot } = tenant();
    const before = comparable(t.dump());
    const found = structuredClone(preferences(t));
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    emu.control.injectFault({ method: "PATCH", path: AMP_PATH, kind: "commit-then-drop" });
    const inputs = { resourceName: "spm", state: "enabled", includeTarget: { id: pilot, targetType: "group" }, connection: t.connection() };
    const error = (await failureOf(created("SystemPreferredMfa", inputs))) as Error & { id?: string; properties?: Record<string, any> };
    delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    expect(preferences(t).state, "the PATCH landed").to.equal("enabled");
    expect(error.id, error.message).to.be.a("string");
    expect(error.properties!.previous).to.deep.equal(found);
    const spm = new Resource("SystemPreferredMfa", inputs);
    spm.id = error.id!;
    spm.outs = error.properties!;
    await spm.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("the same inputs twice: no diff, and an update writes nothing", async () => {
    const { t, pilot } = tenant();
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", includeTarget: { id: pilot, targetType: "group" }, connection: t.connection() });
    expect(await spm.diff({ ...spm.inputs, includeTarget: [{ id: pilot.toUpperCase(), targetType: "group" }] })).to.deep.equal({ changes: false, replaces: [] });
    await expectSecondApplyWritesNothing(spm, t);
  });

  it("writes nothing when the tenant already says the same", async () => {
    const { t } = tenant();
    preferences(t).state = "enabled";
    await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: t.connection() });
    expect(t.writes()).to.deep.equal([]);
  });

  it("refresh shows a state changed outside Pulumi; the next update puts it back", async () => {
    const { t, pilot } = tenant();
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", includeTarget: { id: pilot, targetType: "group" }, connection: t.connection() });
    preferences(t).state = "disabled";
    preferences(t).includeTargets = [{ id: "all_users", targetType: "group" }];
    await spm.refresh();
    expect(spm.outs.state).to.equal("disabled");
    expect(spm.outs.includeTarget).to.deep.equal({ id: "all_users", targetType: "group" });
    expect((await spm.up()).changes).to.equal(true);
    expect(preferences(t)).to.include({ state: "enabled" });
    expect(preferences(t).includeTargets).to.deep.equal([{ id: pilot, targetType: "group" }]);
    await spm.refresh();
    expect((await spm.diff()).changes).to.equal(false);
  });

  it("an update changes the state and targets with one PATCH", async () => {
    const { t, pilot } = tenant();
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: t.connection() });
    const mark = t.mark();
    await spm.up({ ...spm.inputs, state: "disabled", includeTarget: { id: ids.user(4, t.fixture.displayName), targetType: "user" }, excludeTarget: { id: pilot, targetType: "group" } });
    expect(t.writes(mark)).to.have.length(1);
    expect(preferences(t)).to.deep.equal({
      state: "disabled",
      includeTargets: [{ id: ids.user(4, t.fixture.displayName), targetType: "user" }],
      excludeTargets: [{ id: pilot, targetType: "group" }],
    });
  });

  it("destroy puts back what create found, even after updates", async () => {
    const { t, pilot } = tenant();
    const before = comparable(t.dump());
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: t.connection() });
    await spm.up({ ...spm.inputs, state: "disabled", includeTarget: { id: pilot, targetType: "group" } });
    await spm.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("with restoreOnDestroy false, destroy leaves the setting", async () => {
    const { t } = tenant();
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "disabled", restoreOnDestroy: false, connection: t.connection() });
    const mark = t.mark();
    await spm.delete();
    expect(t.writes(mark)).to.deep.equal([]);
    expect(preferences(t).state).to.equal("disabled");
  });
});
