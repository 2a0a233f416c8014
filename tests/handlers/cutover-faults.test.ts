// The Security Defaults cut-over with a fault at every step of it. Each fault is injected at the moment the
// handler announces the step, so it hits exactly that request. With Graph's retries the cut-over completes; with
// none, it rolls back to the starting tenant. Either way nobody is without MFA for more than one mutation and the
// tenant ends protected.
import { expect } from "chai";
import type { FaultSpec } from "../../emulator";
import { ids, storedPolicy } from "../support/fixtures";
import { CA_PATH, comparable, created, failureOf, longestUnprotectedRun, newTenant, onceAnnounced, Resource, SD_PATH, uniqueName, useHandlerEmulator } from "./support";

const REPORT_ONLY = "enabledForReportingButNotEnforced";

type FaultKind = FaultSpec["kind"];
const WRITE_FAULTS: FaultKind[] = ["status", "commit-then-status", "drop", "commit-then-drop"];
const READ_FAULTS: FaultKind[] = ["status", "drop"];

interface Point {
  step: string;
  /** What the handler announces just before the request. */
  announced: RegExp;
  method: "GET" | "PATCH";
  /** Path after the version; `{1}` / `{2}` are the hand-over policies' ids. */
  path: string;
  kinds: FaultKind[];
}

const POINTS: Point[] = [
  { step: "the Security Defaults PATCH", announced: /^turning Security Defaults off/, method: "PATCH", path: SD_PATH, kinds: WRITE_FAULTS },
  { step: "the first hand-over PATCH", announced: /^enabling hand-over policy "Hand-over 1"/, method: "PATCH", path: `${CA_PATH}/{1}`, kinds: WRITE_FAULTS },
  { step: "the second hand-over PATCH", announced: /^enabling hand-over policy "Hand-over 2"/, method: "PATCH", path: `${CA_PATH}/{2}`, kinds: WRITE_FAULTS },
  { step: "the verifying GET of Security Defaults", announced: /^verifying/, method: "GET", path: SD_PATH, kinds: READ_FAULTS },
  { step: "the verifying GET of the policies", announced: /^verifying/, method: "GET", path: CA_PATH, kinds: READ_FAULTS },
];

describe("SecurityDefaultsOff cut-over under faults", function () {
  const emu = useHandlerEmulator();

  function cutOverTenant() {
    const name = uniqueName();
    const breakGlass = ids.user(0, name);
    const handovers = [1, 2].map((n) => storedPolicy({ displayName: `Hand-over ${n}`, state: REPORT_ONLY, excludeUsers: [breakGlass] }));
    const t = newTenant(emu, { name, securityDefaults: true, policies: handovers });
    return { t, breakGlass, handoverIds: handovers.map((p) => p.id as string) };
  }

  for (const point of POINTS)
    for (const kind of point.kinds)
      for (const retries of [true, false])
        it(`${kind} on ${point.step}, ${retries ? "with Graph's retries: completes" : "no retries: rolls back"}`, async () => {
          const { t, breakGlass, handoverIds } = cutOverTenant();
          const before = comparable(t.dump());
          if (!retries) process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
          const path = point.path.replace("{1}", handoverIds[0]!).replace("{2}", handoverIds[1]!);
          const fault = { method: point.method, path, kind, ...(kind.endsWith("status") ? { status: 503 } : {}) } as FaultSpec;
          let injected = false;
          const stop = onceAnnounced(point.announced, () => {
            emu.control.injectFault(fault);
            injected = true;
          });
          try {
            const run = created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: handoverIds, breakGlassAccounts: [breakGlass], connection: t.connection() });
            if (retries) await run;
            else expect((await failureOf(run)).message).to.match(/^SecurityDefaultsOff 'sd' \(create\): The cut-over failed and was rolled back/);
          } finally {
            stop();
          }
          expect(injected, "the step was announced").to.equal(true);
          expect(emu.control.faults(), "the fault was hit").to.deep.equal([]);

          if (retries) {
            expect(t.securityDefaults).to.equal(false);
            expect(handoverIds.map((id) => t.store.policy(id)!.state)).to.deep.equal(["enabled", "enabled"]);
          } else expect(comparable(t.dump())).to.deep.equal(before);
          expect(t.unprotected().filter((u) => u !== breakGlass)).to.deep.equal([]);
          expect(longestUnprotectedRun(t.timeline(), [breakGlass])).to.be.at.most(1);
        });

  it("a failing hand-over PATCH whose rollback cannot turn Security Defaults back on: keeps trying, then says exactly what the tenant holds, and records it", async () => {
    const { t, breakGlass, handoverIds } = cutOverTenant();
    const before = comparable(t.dump());
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    const mark = t.mark();
    const stop = onceAnnounced(/^enabling hand-over policy "Hand-over 2"/, () => {
      emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${handoverIds[1]}`, kind: "status", status: 503 });
      emu.control.injectFault({ method: "PATCH", path: SD_PATH, kind: "status", status: 503, times: 1_000 });
    });
    const inputs = { resourceName: "sd", handoverPolicyIds: handoverIds, breakGlassAccounts: [breakGlass], connection: t.connection(), __provider: "serialized shim" };
    const error = (await failureOf(created("SecurityDefaultsOff", inputs)).finally(stop)) as Error & { id?: string; properties?: Record<string, any> };
    emu.control.clearFaults();
    // Security Defaults was asked for three times; the message then says what was read back, not what was attempted.
    expect(t.requests(mark).filter((r) => r.method === "PATCH" && r.path.endsWith(SD_PATH))).to.have.length(4);
    expect(error.message).to.contain("turning Security Defaults back on failed too, 3 times");
    expect(error.message).to.contain(`Security Defaults OFF, "Hand-over 1" (${handoverIds[0]}) enabled, "Hand-over 2" (${handoverIds[1]}) enabledForReportingButNotEnforced`);
    expect(t.securityDefaults).to.equal(false);
    expect(t.store.policy(handoverIds[0]!)!.state).to.equal("enabled");
    expect(t.unprotected()).to.deep.equal([breakGlass]);

    // A partial failure: the engine records what the tenant holds, so destroy puts it all back.
    expect(error.id).to.be.a("string");
    expect(error.properties).to.include({ wasEnabled: true, __provider: "serialized shim" });
    expect(error.properties!.handoverJournal.map((e: { displayName: string }) => e.displayName)).to.deep.equal(["Hand-over 1"]);
    delete process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS;
    const sd = new Resource("SecurityDefaultsOff", inputs);
    sd.id = error.id!;
    sd.outs = error.properties!;
    await sd.delete();
    expect(comparable(t.dump())).to.deep.equal(before);
  });

  it("a rollback whose first try at Security Defaults fails keeps at it, and rolls back wholly", async () => {
    const { t, breakGlass, handoverIds } = cutOverTenant();
    const before = comparable(t.dump());
    process.env.ENTRA_MFA_GRAPH_MAX_ATTEMPTS = "1";
    const stop = onceAnnounced(/^enabling hand-over policy "Hand-over 2"/, () => {
      emu.control.injectFault({ method: "PATCH", path: `${CA_PATH}/${handoverIds[1]}`, kind: "status", status: 503 });
      emu.control.injectFault({ method: "PATCH", path: SD_PATH, kind: "status", status: 503 });
    });
    const inputs = { resourceName: "sd", handoverPolicyIds: handoverIds, breakGlassAccounts: [breakGlass], connection: t.connection() };
    const error = await failureOf(created("SecurityDefaultsOff", inputs)).finally(stop);
    expect(error.message).to.contain("was rolled back; the tenant now reads: Security Defaults on");
    expect(comparable(t.dump())).to.deep.equal(before);
  });
});
