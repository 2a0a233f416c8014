import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fleetSummary, type FleetEntry, type FleetReport, type FleetTenant } from "../../provider/report/fleet-summary";
import { buildReport, type Report } from "../../provider/report/report";
import { writeFleetHtmlReport, writeHtmlReport } from "../../provider/report/render/html";
import { renderToString } from "../../provider/report/render/sink";
import { BrowserPage } from "./chromium";
import { SAMPLE_DATE, sampleTenant } from "./sample";
import { GLOBAL_ADMIN, member, policy, registered, tenant, USER_ADMIN } from "./tenant";

const entry = (name: string, report: Report): FleetEntry => ({
  tenant: { tenant: report.tenantId ?? name, name, connection: {} } as FleetTenant,
  seconds: 1,
  ok: true,
  header: { generatedAt: report.generatedAt, tenantId: report.tenantId, summary: report.summary },
  users: async function* () {
    yield* report.users;
  },
});

function fleetOf(entries: FleetEntry[]): FleetReport {
  return { generatedAt: SAMPLE_DATE.toISOString(), summary: fleetSummary(entries), entries };
}

/** A tenant of `n` users whose rows are as wide as the report makes them: long names, many roles, methods, policies. */
function wideTenant(n: number, tenantId: string, coveredEvery = 2) {
  const users = Array.from({ length: n }, (_, i) =>
    member(`user-${String(i).padStart(5, "0")}`, {
      userPrincipalName: `firstname.middlename.lastname.${i}@subsidiary.department.contoso-holdings.example`,
      displayName: `Firstname Middlename Lastname-Doubleбарреl ${i}`,
    }),
  );
  const ids = users.map((u) => u.id);
  const every = (k: number) => ids.filter((_, i) => i % k === 0);
  const methods = ["microsoftAuthenticatorPush", "softwareOneTimePasscode", "windowsHelloForBusiness", "fido2SecurityKey", "mobilePhone", "email"];
  // Groups, not user lists, carry the targeting: as in a real tenant, and evaluation looks groups up by id.
  return tenant({
    tenantId,
    users,
    groups: {
      "g-mfa": { displayName: "MFA for all users of the organisation", transitiveUserIds: every(coveredEvery) },
      "g-all": { displayName: "Everyone", transitiveUserIds: ids },
      "g-pilot-out": { displayName: "Report-only pilot exclusions", transitiveUserIds: every(7) },
    },
    directoryRoles: {
      [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: every(50) },
      [USER_ADMIN]: { displayName: "User Administrator", memberUserIds: every(50) },
    },
    policies: [
      policy({ id: "p-all", displayName: "CA001 Require multifactor authentication for all users in the organisation", users: { includeGroups: ["g-mfa"] } }),
      policy({ id: "p-office", displayName: "CA006 Require MFA for Office 365 outside trusted locations", users: { includeGroups: ["g-all"] }, applications: { includeApplications: ["Office365"] } }),
      policy({ id: "p-ro", displayName: "CA010 Report-only MFA pilot for every department", state: "enabledForReportingButNotEnforced", users: { includeGroups: ["g-all"], excludeGroups: ["g-pilot-out"] } }),
    ],
    registrations: Object.fromEntries(ids.filter((_, i) => i % 10 !== 9).map((id, i) => [id, registered(id, i % 3 === 0 ? [] : methods)])),
  });
}

async function writePage(file: string, render: (sink: { write(chunk: string): void }) => Promise<void>): Promise<number> {
  const html = await renderToString(render);
  writeFileSync(file, html);
  return html.length;
}

describe("HTML fleet page and user table in a browser", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "entra-mfa-fleet-page-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("the fleet page", () => {
    const reports = [
      ["Contoso", buildReport(sampleTenant(), SAMPLE_DATE)],
      ["Northwind", buildReport(wideTenant(30, "northwind-tenant", 3), SAMPLE_DATE)],
      ["Tailspin", buildReport(wideTenant(12, "tailspin-tenant", 1), SAMPLE_DATE)],
    ] as const;
    const entries: FleetEntry[] = [
      ...reports.map(([name, r]) => entry(name, r)),
      { tenant: { tenant: "woodgrove.example", name: "Woodgrove", connection: {} }, seconds: 1, ok: false, error: "GET /v1.0/users: 403 Authorization_RequestDenied (needs User.Read.All)" },
    ];
    const fleet = fleetOf(entries);
    let page: BrowserPage;
    before(async () => {
      const file = join(dir, "fleet.html");
      await writePage(file, (sink) => writeFleetHtmlReport(fleet, sink));
      page = await BrowserPage.open(file, 10_000, 1400);
    });
    after(async () => page?.close());

    const fleetRows = () => page.eval<string[]>(`Array.from(document.querySelectorAll("#fleet tbody tr")).map(r => r.cells[0].querySelector("a").textContent)`);
    const header = (table: string, text: string) => `Array.from(document.querySelectorAll("${table} th")).find(th => th.textContent === ${JSON.stringify(text)})`;

    it("shows the fleet summary first: one row per tenant, the failing one with its error, before every tenant's section", async () => {
      expect(await fleetRows()).to.deep.equal(["Contoso", "Northwind", "Tailspin", "Woodgrove"]);
      const failed = await page.eval<string>(`document.querySelector("#fleet tr.failed").textContent`);
      expect(failed).to.include("Woodgrove").and.include("needs User.Read.All");
      expect(await page.eval<string>(`document.getElementById("fleet-failed").textContent`)).to.include("1 of 4 tenants could not be read");
      const order = await page.eval<number[]>(
        `[document.getElementById("fleet-summary"), ...[0,1,2,3].map(i => document.getElementById("t" + i + "-article"))].map(e => e.getBoundingClientRect().top + scrollY)`,
      );
      expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
      const notCovered = await page.eval<string[]>(`Array.from(document.querySelectorAll("#fleet tbody tr")).map(r => r.cells[6].textContent)`);
      expect(notCovered).to.deep.equal([...reports.map(([, r]) => String(r.summary.enabledUsers.notCovered)), "–"]);
    });

    it("draws coverage as bars: the fleet's and each tenant's segments hold their counts, their widths in proportion", async () => {
      const bars = await page.eval<{ label: string; segs: { cls: string; count: number; width: number }[]; width: number }[]>(
        `Array.from(document.querySelectorAll(".bar")).map(b => ({ label: b.getAttribute("aria-label"), width: b.getBoundingClientRect().width,
          segs: Array.from(b.children).map(s => ({ cls: s.className, count: Number(s.dataset.count), width: s.getBoundingClientRect().width })) }))`,
      );
      const counts = (label: string) => {
        const bar = bars.find((b) => b.label.startsWith(label))!;
        expect(bar, label).to.not.equal(undefined);
        for (const s of bar.segs) expect(s.width / bar.width).to.be.closeTo(s.count / bar.segs.reduce((n, x) => n + x.count, 0), 0.01);
        return Object.fromEntries(bar.segs.map((s) => [s.cls.replace("seg seg-", ""), s.count]));
      };
      const t = fleet.summary.totals.coverage;
      const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, v]) => v > 0));
      expect(counts("Coverage of the fleet")).to.deep.equal(nonZero({ ...t }));
      for (const row of fleet.summary.tenants.filter((r) => r.coverage)) expect(counts(`Coverage of ${row.name}`)).to.deep.equal(nonZero({ ...row.coverage! }));
      expect(bars.find((b) => b.label.startsWith("Coverage of the fleet"))!.label).to.include(`not covered ${t.notCovered}`);
    });

    it("sorts the fleet summary by a column, numbers as numbers, and reverses on a second click", async () => {
      await page.eval(`${header("#fleet", "Users")}.click()`);
      const users = await page.eval<string[]>(`Array.from(document.querySelectorAll("#fleet tbody tr")).map(r => r.cells[1].textContent)`);
      expect(users).to.deep.equal(["–", ...reports.map(([, r]) => r.summary.users.total).sort((a, b) => a - b).map(String)]);
      await page.eval(`${header("#fleet", "Users")}.click()`);
      expect(await page.eval<string[]>(`Array.from(document.querySelectorAll("#fleet tbody tr")).map(r => r.cells[1].textContent)`)).to.deep.equal([...users].reverse());
      await page.eval(`${header("#fleet", "Tenant")}.click()`);
      expect(await fleetRows()).to.deep.equal(["Contoso", "Northwind", "Tailspin", "Woodgrove"]);
    });

    it("filters and sorts one tenant's users without touching the other sections", async () => {
      const count = (i: number) => page.eval<string>(`document.getElementById("t${i}-row-count").textContent`);
      const before0 = await count(0);
      await page.eval(`(() => { const f = document.getElementById("t1-filter"); f.value = "lastname.7@"; f.dispatchEvent(new Event("input")); })()`);
      await page.waitFor(`document.getElementById("t1-row-count").textContent.startsWith("Showing 1 ")`);
      expect(await count(0)).to.equal(before0);
      await page.eval(`document.getElementById("t2-not-covered-only").click()`);
      const gaps = reports[2][1].users.filter((u) => u.accountEnabled && u.mfaEnforced !== "yes").length;
      expect(await count(2)).to.equal(`Showing ${gaps} of ${reports[2][1].users.length} users`);
      await page.eval(`${header("#t2-users", "MFA")}.click()`);
      const verdicts = await page.eval<string[]>(`Array.from(document.querySelectorAll("#t2-users tbody tr")).map(r => r.querySelector("td.verdict").textContent)`);
      expect(verdicts.every((v) => v !== "Enforced")).to.equal(true);
    });

    it("fits a 1,400-pixel window: no user table is wider than its box, user principal names break at the @, long method lists fold", async () => {
      expect(await page.eval<number>("innerWidth")).to.equal(1400);
      await page.eval(`document.querySelectorAll(".page-size").forEach(s => { s.value = "0"; s.dispatchEvent(new Event("change")); })`);
      const overflow = await page.eval<number[]>(`Array.from(document.querySelectorAll(".table-wrap")).map(w => w.scrollWidth - w.clientWidth)`);
      expect(overflow).to.deep.equal(overflow.map(() => 0));
      expect(await page.eval<number>(`document.documentElement.scrollWidth - document.documentElement.clientWidth`)).to.equal(0);
      const upn = await page.eval<{ lines: number; text: string }>(
        `(() => { const d = document.querySelector("#t1-users td.user .upn"); return { lines: Math.round(d.getBoundingClientRect().height / parseFloat(getComputedStyle(d).lineHeight)), text: d.textContent }; })()`,
      );
      expect(upn.text).to.match(/^firstname\.middlename\.lastname\.\d+@subsidiary/);
      expect(upn.lines).to.be.at.least(2);
      const folded = await page.eval<{ shown: number; summary: string }>(
        `(() => { const c = Array.from(document.querySelectorAll("#t1-users td.methods")).find(td => td.querySelector("details")); return { shown: c.querySelectorAll(":scope > div").length, summary: c.querySelector("summary").textContent }; })()`,
      );
      expect(folded).to.deep.equal({ shown: 2, summary: "+4 more" });
    });
  });

  it("says which users are not registered for MFA and which ones nobody knows about, apart", async () => {
    const report = buildReport(sampleTenant(), SAMPLE_DATE);
    const file = join(dir, "single.html");
    await writePage(file, (sink) => writeHtmlReport({ generatedAt: report.generatedAt, tenantId: report.tenantId, summary: report.summary }, report.users, sink));
    const page = await BrowserPage.open(file);
    try {
      const card = (id: string) => page.eval<{ value: string; label: string; note: string }>(
        `(() => { const c = document.getElementById(${JSON.stringify(id)}); return { value: c.querySelector(".value").textContent, label: c.querySelector(".label").textContent, note: c.querySelector(".note").textContent }; })()`,
      );
      const enabled = report.users.filter((u) => u.accountEnabled);
      const unregistered = await card("card-unregistered");
      const unknown = await card("card-registration-unknown");
      expect(unregistered.value).to.equal(String(enabled.filter((u) => u.mfaRegistered === false).length));
      expect(unknown.value).to.equal(String(enabled.filter((u) => u.mfaRegistered === null).length));
      expect(unregistered.value).to.not.equal(unknown.value);
      expect(unregistered.note).to.include("says no MFA method");
      expect(unknown.label).to.equal("MFA registration unknown");
      expect(unknown.note).to.include("not known either way");
    } finally {
      await page.close();
    }
  });

  it("stays usable at 50,000 users: time to first paint and to filter, printed", async () => {
    const users = 50_000;
    const report = buildReport(wideTenant(users, "big-tenant"), SAMPLE_DATE);
    const file = join(dir, "big.html");
    const started = performance.now();
    const bytes = await writePage(file, (sink) => writeHtmlReport({ generatedAt: report.generatedAt, tenantId: report.tenantId, summary: report.summary }, report.users, sink));
    const renderMs = performance.now() - started;
    const page = await BrowserPage.open(file, 120_000, 1400);
    try {
      const load = await page.eval<{ fcp: number; dcl: number; load: number }>(
        `(() => { const nav = performance.getEntriesByType("navigation")[0]; const fcp = performance.getEntriesByName("first-contentful-paint")[0];
          return { fcp: fcp ? fcp.startTime : -1, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }; })()`,
      );
      const timed = (action: string, done: string) =>
        page.eval<number>(`new Promise(resolve => { const t0 = performance.now(); ${action}; (function poll() { if (${done}) resolve(performance.now() - t0); else setTimeout(poll, 5); })(); })`);
      const countIs = (prefix: string) => `document.getElementById("row-count").textContent.startsWith(${JSON.stringify(prefix)})`;
      const firstFilter = await timed(`const f = document.getElementById("filter"); f.value = "lastname.4242@"; f.dispatchEvent(new Event("input"))`, countIs("Showing 1 "));
      const clear = await timed(`const f = document.getElementById("filter"); f.value = ""; f.dispatchEvent(new Event("input"))`, countIs(`Showing ${users} `));
      const secondFilter = await timed(`const f = document.getElementById("filter"); f.value = "lastname.31337@"; f.dispatchEvent(new Event("input"))`, countIs("Showing 1 "));
      await timed(`const f = document.getElementById("filter"); f.value = ""; f.dispatchEvent(new Event("input"))`, countIs(`Showing ${users} `));
      const gaps = report.users.filter((u) => u.accountEnabled && u.mfaEnforced !== "yes").length;
      const gapToggle = await timed(`document.getElementById("not-covered-only").click()`, countIs(`Showing ${gaps} `));
      const sort = await timed(
        `Array.from(document.querySelectorAll("#users th")).find(th => th.textContent === "MFA").click()`,
        `document.querySelector("#users th[aria-sort=ascending]")`,
      );
      expect(load.fcp).to.be.above(0);
      expect(await page.eval<number>(`document.querySelectorAll("#users tbody tr").length`)).to.be.at.most(1000);
      console.log(
        `      ${users} users, page ${(bytes / 2 ** 20).toFixed(0)} MB (rendered in ${(renderMs / 1000).toFixed(1)} s): first contentful paint ${load.fcp.toFixed(0)} ms, ` +
          `DOMContentLoaded ${load.dcl.toFixed(0)} ms, load ${load.load.toFixed(0)} ms; filter typed → rows shown ${firstFilter.toFixed(0)} ms the first time ` +
          `(150 ms of it the input debounce), ${secondFilter.toFixed(0)} ms after; clearing ${clear.toFixed(0)} ms; "not fully covered" toggle ${gapToggle.toFixed(0)} ms; ` +
          `sort by MFA ${sort.toFixed(0)} ms`,
      );
    } finally {
      await page.close();
    }
  });
});
