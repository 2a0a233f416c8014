import { expect } from "chai";
import { DirectoryThrottle, resourceUnits, resourceUnitBudget } from "../../emulator/throttle";
import { useEmulator } from "../support/emulator";
import { buildTenant } from "../support/fixtures";

describe("emulator directory throttle", function () {
  it("costs requests as graph.md says", () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(resourceUnits(2, q(""), false)).to.equal(2);
    expect(resourceUnits(2, q("$select=id"), false)).to.equal(1);
    expect(resourceUnits(5, q("$select=id&$top=5"), false)).to.equal(3);
    expect(resourceUnits(1, q("$select=id&$top=5"), false)).to.equal(1);
    expect(resourceUnits(1, q(""), true)).to.equal(2);
    expect([10, 50, 501].map(resourceUnitBudget)).to.deep.equal([3500, 5000, 8000]);
  });

  it("refuses past the 10-second budget with Retry-After and scope, and recovers as the window slides", () => {
    const t = new DirectoryThrottle();
    const start = 1_000_000;
    for (let i = 0; i < 700; i++) expect(t.directory("app", "tenant", 10, 5, false, start).ok).to.equal(true);
    const late = t.directory("app", "tenant", 10, 5, false, start + 2000);
    expect(late.ok).to.equal(false);
    if (late.ok) return;
    expect(late.retryAfterSeconds).to.equal(8);
    expect(late.headers["x-ms-throttle-scope"]).to.equal("Tenant_Application/Read/app/tenant");
    expect(late.headers["x-ms-throttle-information"]).to.equal("ResourceUnitLimitExceeded");
    expect(t.directory("other-app", "tenant", 10, 5, false, start + 2000).ok, "budgets are per app").to.equal(true);
    expect(t.directory("app", "tenant", 10, 5, false, start + 10_001).ok).to.equal(true);
  });

  it("warns from 80 % of the budget", () => {
    const t = new DirectoryThrottle();
    for (let i = 0; i < 699; i++) t.directory("app", "tenant", 10, 4, false, 0);
    const v = t.directory("app", "tenant", 10, 4, false, 0);
    expect(v.ok && v.headers["x-ms-throttle-limit-percentage"]).to.equal("0.8");
  });

  describe("reports limit over HTTP", function () {
    const emu = useEmulator(() => buildTenant({ users: 3, registrationDetails: true }));

    it("answers the sixth report request within 10 seconds with 429 and Retry-After", async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 6; i++) {
        const r = await emu.graph("/reports/authenticationMethods/userRegistrationDetails");
        statuses.push(r.status);
        retryAfter ??= r.headers.get("retry-after");
      }
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
      expect(Number(retryAfter)).to.be.within(1, 10);
    });

    it("can be switched off", async () => {
      emu.control.setDirectoryThrottle(false);
      expect((await emu.graph("/reports/authenticationMethods/userRegistrationDetails")).status).to.equal(200);
    });
  });
});
