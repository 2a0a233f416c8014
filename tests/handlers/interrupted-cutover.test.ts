// A process killed in the middle of the Security Defaults cut-over. The engine never hears back from that create,
// so it keeps a pending create and the next `pulumi up` calls create again with the same inputs. The kill is made
// here by the emulator answering nothing at all from the moment the handler announces its next request: the tenant
// then holds exactly what had landed, as it would after a SIGKILL. Whatever that is, the re-run must end with
// everyone protected and a record from which destroy puts back the tenant as it was before the first run.
import { expect } from "chai";
import { ids, storedPolicy } from "../support/fixtures";
import { CA_PATH, comparable, created, failureOf, newTenant, onceAnnounced, uniqueName, useHandlerEmulator, type Resource } from "./support";

const REPORT_ONLY = "enabledForReportingButNotEnforced";

interface KillPoint {
  /** What has landed when the process dies. */
  landed: string;
  /** The announcement of the first request that never gets out. */
  next: RegExp;
}

const KILL_POINTS: KillPoint[] = [
  { landed: "nothing", next: /^turning Security Defaults off/ },
  { landed: "the Security Defaults PATCH", next: /^enabling hand-over policy "Hand-over 1"/ },
  { landed: "the first hand-over PATCH", next: /^enabling hand-over policy "Hand-over 2"/ },
  { landed: "every write, not the verification", next: /^verifying/ },
];

describe("SecurityDefaultsOff: a process killed mid-cut-over, then `pulumi up` again", function () {
  const emu = useHandlerEmulator();

  function cutOverTenant() {
    const name = uniqueName();
    const breakGlass = ids.user(0, name);
    // One with a description of its own, which the hand-over mark must leave as it was.
    const handovers: Record<string, unknown>[] = [1, 2].map((n) => ({
      ...storedPolicy({ displayName: `Hand-over ${n}`, state: REPORT_ONLY, excludeUsers: [breakGlass] }),
      ...(n === 1 ? { description: "Contoso baseline" } : {}),
    }));
    const t = newTenant(emu, { name, securityDefaults: true, policies: handovers });
    const inputs = { resourceName: "sd", handoverPolicyIds: handovers.map((p) => p.id as string), breakGlassAccounts: [breakGlass], connection: t.connection() };
    return { t, breakGlass, inputs };
  }

  /** Runs a create that dies once `next` is announced: from then on Graph receives nothing from it. */
  async function killedCreate(inputs: Record<string, unknown>, next: RegExp): Promise<void> {
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    const stop = onceAnnounced(next, () => emu.control.injectFault({ path: "/", kind: "drop", times: 1_000_000 }));
    try {
      await failureOf(created("SecurityDefaultsOff", inputs));
    } finally {
      stop();
      emu.control.clearFaults();
      delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    }
  }

  for (const point of KILL_POINTS)
    it(`killed after ${point.landed}: the re-run completes the hand-over, and destroy restores the start`, async () => {
      const { t, breakGlass, inputs } = cutOverTenant();
      const before = comparable(t.dump());
      await killedCreate(inputs, point.next);

      const sd: Resource = await created("SecurityDefaultsOff", inputs);
      expect(t.securityDefaults, "Security Defaults").to.equal(false);
      expect(inputs.handoverPolicyIds.map((id) => t.store.policy(id)!.state), "hand-over policies").to.deep.equal(["enabled", "enabled"]);
      expect(t.unprotected().filter((u) => u !== breakGlass), "unprotected").to.deep.equal([]);
      expect(sd.outs.wasEnabled, "recorded as this stack's cut-over").to.equal(true);
      expect(sd.outs.handoverJournal.map((e: { previousState: string }) => e.previousState)).to.deep.equal([REPORT_ONLY, REPORT_ONLY]);

      await sd.delete();
      expect(comparable(t.dump()), "the tenant as it was before the first run").to.deep.equal(before);
    });

  it("killed after the Security Defaults PATCH, with a hand-over policy narrowed meanwhile: the re-run puts Security Defaults back on", async () => {
    const { t, inputs } = cutOverTenant();
    await killedCreate(inputs, /^enabling hand-over policy "Hand-over 1"/);
    // An administrator narrows a hand-over policy to one user before the re-run.
    const narrowed = t.store.policy(inputs.handoverPolicyIds[1]!)! as Record<string, any>;
    narrowed.conditions.users.includeUsers = [ids.user(1, t.fixture.tenantId)];
    const error = await failureOf(created("SecurityDefaultsOff", inputs));
    expect(error.message).to.match(/^SecurityDefaultsOff 'sd' \(create\): Security Defaults was off with nothing enforcing MFA in its place/).and.contain("does not include all users");
    expect(t.securityDefaults, "Security Defaults").to.equal(true);
    expect(t.unprotected()).to.deep.equal([]);
  });

  it("the re-run's enabling PATCH lands but its answer is lost: rolled back to the start, the landed PATCH included", async () => {
    const { t, inputs } = cutOverTenant();
    const before = comparable(t.dump());
    await killedCreate(inputs, /^enabling hand-over policy "Hand-over 1"/);
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${inputs.handoverPolicyIds[0]}`, kind: "commit-then-drop" });
    const error = await failureOf(created("SecurityDefaultsOff", inputs));
    expect(error.message).to.contain("rolled back");
    expect(comparable(t.dump()), "Security Defaults on, both policies as they were").to.deep.equal(before);
  });

  it("a tenant whose Security Defaults someone else turned off, with the hand-over policy already enforcing, is left as found", async () => {
    const name = uniqueName();
    const policy = storedPolicy({ displayName: "Already enforcing", state: "enabled", excludeUsers: [ids.user(0, name)] });
    const t = newTenant(emu, { name, securityDefaults: false, policies: [policy] });
    const before = comparable(t.dump());
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [policy.id], connection: t.connection() });
    expect(sd.outs.wasEnabled).to.equal(false);
    expect(t.writes()).to.deep.equal([]);
    await sd.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });
});
