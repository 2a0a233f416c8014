import { expect } from "chai";
import { budgetsFor } from "../../provider/graph/budget";
import { getFleetMfaStatus, type FleetEvent } from "../../provider/report";
import { FLEET, fleetFixture, NO_CONSENT_APP } from "../cli/fleet-fixture";
import { useEmulator } from "../support/emulator";
import { READER_APP } from "../support/fixtures";

describe("getFleetMfaStatus (every tenant in one report)", function () {
  this.timeout(60_000);
  const fixture = fleetFixture();
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });

  it("reads every tenant at once; a failing tenant keeps its error and the others their reports", async () => {
    const tenants = FLEET.map((t, i) => {
      const c = emu.connection(t.name === "No consent" ? NO_CONSENT_APP : READER_APP, fixture.tenants[i]!.tenantId);
      return { tenant: c.tenantId, name: t.name, connection: { ...c, clientSecret: t.name === "Wrong secret" ? "wrong" : c.clientSecret } };
    });
    const events: string[] = [];
    const fleet = await getFleetMfaStatus({ tenants, onTenant: (t, e: FleetEvent) => void (e.kind !== "progress" && events.push(`${t.name}:${e.kind}`)) });
    expect(fleet.tenants.map((t) => [t.name, t.ok])).to.deep.equal([
      ["Contoso", true],
      ["Fabrikam", true],
      ["No consent", false],
      ["Wrong secret", false],
    ]);
    const [contoso, fabrikam, noConsent, wrong] = fleet.tenants;
    if (!contoso!.ok || !fabrikam!.ok || noConsent!.ok || wrong!.ok) throw new Error("unexpected outcomes");
    expect(contoso!.users.map((u) => u.id)).to.deep.equal(fixture.tenants[0]!.users!.map((u) => u.id));
    expect(fabrikam!.header.summary.securityDefaults.isEnabled).to.equal(true);
    expect(noConsent!.error).to.include("User.Read.All");
    expect(wrong!.error).to.include("AADSTS7000215");
    // All four started before any finished: read side by side, not one after another.
    expect(events.slice(0, 4).every((e) => e.endsWith(":started"))).to.equal(true);
    const row = fleet.summary.tenants[0]!;
    expect(row.coverage).to.deep.equal({
      covered: contoso!.header.summary.enabledUsers.covered,
      partial: contoso!.header.summary.enabledUsers.partial,
      reportOnly: contoso!.header.summary.enabledUsers.reportOnlyOnly,
      notCovered: contoso!.header.summary.enabledUsers.notCovered,
    });
    expect(fleet.summary.totals.users).to.equal(contoso!.users.length + fabrikam!.users.length);
  });

  it("Graph budgets belong to the app and tenant: one set per app+tenant in the process, whoever asks", () => {
    const a = budgetsFor("t1|graph.example", "App-1");
    expect(budgetsFor("t1|graph.example", "app-1")).to.equal(a);
    expect(budgetsFor("t1|graph.example", "app-2")).to.not.equal(a);
    expect(budgetsFor("t2|graph.example", "app-1")).to.not.equal(a);
  });
});
