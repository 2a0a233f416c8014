// The quickstart with `perUserMfa: migrate` through the engine double, against Contoso (Security Defaults on, some
// users on legacy per-user MFA, break-glass accounts among them): the first up hands Security Defaults over and
// leaves per-user MFA pending; the next up moves the covered users; a third changes nothing; a user switched back on
// by hand is drift on refresh and moved again; destroy puts every moved user back and the tenant is as it was.
import { expect } from "chai";
import type { TenantFixture } from "../../emulator";
import { journalEntries } from "../../provider/plan/per-user-journal";
import { reveal, type EngineResult } from "../engine";
import { longestUnprotectedRun } from "../handlers/support";
import { ExampleStack, clientSecretConfig, graphWrites, lastSeq, sampleTenant, useSampleEmulator } from "./support";
import { tenantDifferences } from "./tenant-diff";

const stepOf = (result: EngineResult, name: string) => result.steps.find((s) => s.name === name);
const perUserOf = (result: EngineResult) => reveal(result.state.resources.find((r) => r.name === "mfa")!.outputs.perUserMfa!) as { journal: any; pending?: string };

describe("lifecycle: per-user MFA migrated by the quickstart through the engine", function () {
  this.timeout(120_000);
  const emu = useSampleEmulator();
  const contoso = sampleTenant("Contoso");
  let stack: ExampleStack;
  let start: TenantFixture;
  const dump = () => emu.control.dump(contoso.id);
  const states = () => ({ ...emu.control.tenant(contoso.id).perUserMfa });
  /** Contoso's users on per-user MFA, and which of them the quickstart's policy covers (all but break-glass). */
  const onPerUser = Object.entries(contoso.fixture.perUserMfa ?? {}).filter(([, s]) => s !== "disabled");
  const covered = onPerUser.filter(([id]) => !contoso.breakGlassUserIds.includes(id));

  before(() => {
    emu.control.loadTenant(contoso.fixture);
    stack = new ExampleStack(emu, "quickstart", { ...clientSecretConfig(contoso), "entra-mfa-quickstart:perUserMfa": "migrate" });
    start = dump();
  });
  after(() => stack.remove());

  it("the fixture has covered users on per-user MFA to move", () => {
    expect(covered.length).to.be.greaterThan(0);
  });

  it("the first up hands Security Defaults over and switches nobody off per-user MFA: the move is pending", async () => {
    const up = await stack.run("up");
    expect(up.ok, up.stdout).to.equal(true);
    expect(dump().securityDefaults).to.deep.include({ isEnabled: false });
    expect(states()).to.deep.equal(start.perUserMfa);
    expect(perUserOf(up).pending).to.match(/Security Defaults is on/);
  });

  it("the next up moves the covered users, with nobody unprotected on the way", async () => {
    const timelineStart = emu.control.timeline(contoso.id).length;
    const up = await stack.run("up");
    expect(up.ok, up.stdout).to.equal(true);
    expect(stepOf(up, "mfa")?.op).to.equal("update");
    for (const [id] of covered) expect(states()[id], id).to.equal("disabled");
    for (const [id, state] of onPerUser.filter(([id]) => contoso.breakGlassUserIds.includes(id))) expect(states()[id], `break-glass ${id}`).to.equal(state);
    expect(Object.fromEntries(journalEntries(perUserOf(up).journal))).to.deep.equal(Object.fromEntries(covered));
    expect(perUserOf(up).pending).to.equal(undefined);
    expect(longestUnprotectedRun(emu.control.timeline(contoso.id).slice(timelineStart), contoso.breakGlassUserIds)).to.equal(0);
  });

  it("a third up changes nothing and writes nothing", async () => {
    const seq = lastSeq(emu);
    const up = await stack.run("up");
    expect(up.ok, up.stdout).to.equal(true);
    expect(up.steps.filter((s) => s.op !== "same")).to.deep.equal([]);
    expect(graphWrites(emu, contoso.id, seq)).to.deep.equal([]);
  });

  it("a user switched back to per-user MFA by hand is drift on refresh, and the next up moves them again", async () => {
    const [id, state] = covered[0]!;
    emu.control.tenant(contoso.id).perUserMfa[id] = "enabled";
    const seq = lastSeq(emu);
    const refreshed = await stack.run("refresh");
    expect(refreshed.ok, refreshed.stdout).to.equal(true);
    expect(graphWrites(emu, contoso.id, seq), "refresh writes nothing").to.deep.equal([]);
    expect(stepOf(refreshed, "mfa")).to.include({ op: "update" }).and.to.have.property("diffs").that.includes("drift");
    const up = await stack.run("up");
    expect(up.ok, up.stdout).to.equal(true);
    expect(states()[id]).to.equal("disabled");
    expect(journalEntries(perUserOf(up).journal).get(id), "the first journaled state is kept").to.equal(state);
  });

  it("destroy puts every moved user back: the tenant is as it was", async () => {
    const destroyed = await stack.run("destroy");
    expect(destroyed.ok, destroyed.stdout).to.equal(true);
    expect(states()).to.deep.equal(start.perUserMfa);
    expect(tenantDifferences(start, dump())).to.deep.equal([]);
  });
});
