import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../provider/report/report";
import { writeHtmlReport } from "../../provider/report/render/html";
import { renderToString } from "../../provider/report/render/sink";
import { BrowserPage, dumpDom, requireChromium } from "./chromium";
import { HOSTILE_NAMES, SAMPLE_DATE, sampleTenant } from "./sample";
import { member, policy, tenant } from "./tenant";
import type { Report } from "../../provider/report/report";

async function writePage(report: Report, file: string): Promise<void> {
  const html = await renderToString((sink) =>
    writeHtmlReport({ generatedAt: report.generatedAt, tenantId: report.tenantId, summary: report.summary }, report.users, sink),
  );
  writeFileSync(file, html);
}

/** The HTML report as a person sees it: rendered by a real headless Chromium (Debian package "chromium"). */
describe("HTML report in a browser", function () {
  this.timeout(120_000);
  const report = buildReport(sampleTenant(), SAMPLE_DATE);
  const gaps = report.users.filter((u) => u.accountEnabled && u.mfaEnforced !== "yes");
  let dir: string;
  let file: string;

  before(async () => {
    requireChromium();
    dir = mkdtempSync(join(tmpdir(), "entra-mfa-report-"));
    file = join(dir, "report.html");
    await writePage(report, file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the page's script (it writes the row count) and shows the summary and every user", () => {
    // A user principal name may break before its "@" (<wbr>); the text is the same.
    const dom = dumpDom(file).replaceAll("<wbr>", "");
    expect(dom).to.contain(`Showing ${report.users.length} of ${report.users.length} users`);
    expect(dom).to.match(new RegExp(`id="card-not-covered">.*?<div class="value">${report.summary.enabledUsers.notCovered}</div>`));
    expect(dom).to.contain("u-admin-gap@contoso.example");
    expect(dom.match(/<tr data-gap=/g)).to.have.length(report.users.length);
    expect(dom).to.contain("script&lt;b&gt;@contoso.example");
  });

  describe("interaction", () => {
    let page: BrowserPage;
    before(async () => {
      page = await BrowserPage.open(file);
    });
    after(async () => page?.close());

    const rowCount = () => page.eval<string>(`document.getElementById("row-count").textContent`);
    const visibleUsers = () =>
      page.eval<string[]>(`Array.from(document.querySelectorAll("#users tbody tr")).filter(r => !r.hidden).map(r => r.cells[0].firstChild.textContent)`);

    it("shows hostile directory text as text: no injected element or script ran", async () => {
      expect(await page.eval<string>("document.title")).to.equal("MFA status report for tenant contoso-tenant");
      expect(await page.eval<string | null>(`document.body.getAttribute("data-pwned")`)).to.equal(null);
      expect(await page.eval<number>(`document.querySelectorAll("#users img, #users script").length`)).to.equal(0);
      const names = await page.eval<string[]>(`Array.from(document.querySelectorAll("#users td.user div:nth-child(2)")).map(d => d.textContent)`);
      expect(names).to.include(HOSTILE_NAMES.script).and.include(HOSTILE_NAMES.img);
    });

    it("sorts by a header click, least protected first, and reverses on a second click", async () => {
      const mfaHeader = `Array.from(document.querySelectorAll("#users th")).find(th => th.textContent === "MFA")`;
      await page.eval(`${mfaHeader}.click()`);
      const verdicts = () => page.eval<string[]>(`Array.from(document.querySelectorAll("#users tbody tr")).map(r => r.querySelector("td.verdict").textContent)`);
      const ascending = await verdicts();
      expect(ascending[0]).to.equal("Not covered");
      expect(ascending[ascending.length - 1]).to.equal("Enforced");
      expect(await page.eval<string>(`${mfaHeader}.getAttribute("aria-sort")`)).to.equal("ascending");
      await page.eval(`${mfaHeader}.click()`);
      expect(await verdicts()).to.deep.equal([...ascending].reverse());
    });

    it("filters to the users not fully covered with the toggle", async () => {
      await page.eval(`(() => { const c = document.getElementById("not-covered-only"); c.click(); })()`);
      expect(await rowCount()).to.equal(`Showing ${gaps.length} of ${report.users.length} users`);
      expect((await visibleUsers()).sort()).to.deep.equal(gaps.map((u) => u.userPrincipalName).sort());
      await page.eval(`document.getElementById("not-covered-only").click()`);
      expect(await rowCount()).to.equal(`Showing ${report.users.length} of ${report.users.length} users`);
    });

    it("filters by text typed in the box, across names, roles and policies", async () => {
      await page.eval(`(() => { const f = document.getElementById("filter"); f.value = "break glass"; f.dispatchEvent(new Event("input")); })()`);
      await page.waitFor(`document.getElementById("row-count").textContent.startsWith("Showing 1 ")`);
      expect(await visibleUsers()).to.deep.equal(["u-admin-gap@contoso.example"]);
    });
  });

  describe("a tenant larger than one page", () => {
    const users = Array.from({ length: 450 }, (_, i) => member(`user-${String(i).padStart(3, "0")}`));
    const big = buildReport(
      tenant({ users, policies: [policy({ id: "p", users: { includeUsers: users.filter((_, i) => i !== 321).map((u) => u.id) } })] }),
      SAMPLE_DATE,
    );
    let page: BrowserPage;
    before(async () => {
      const bigFile = join(dir, "big.html");
      await writePage(big, bigFile);
      page = await BrowserPage.open(bigFile);
    });
    after(async () => page?.close());
    const tableRows = () => page.eval<string[]>(`Array.from(document.querySelectorAll("#users tbody tr")).map(r => r.cells[0].firstChild.textContent)`);
    const pageInfo = () => page.eval<string>(`document.getElementById("page-info").textContent`);

    it("shows one page at a time and pages through every user", async () => {
      expect(await page.eval<string>(`document.getElementById("row-count").textContent`)).to.equal("Showing 450 of 450 users");
      const seen: string[] = [];
      for (;;) {
        seen.push(...(await tableRows()));
        if (await page.eval<boolean>(`document.getElementById("next").disabled`)) break;
        await page.eval(`document.getElementById("next").click()`);
      }
      expect(seen).to.deep.equal(big.users.map((u) => u.userPrincipalName));
      expect(await pageInfo()).to.equal("rows 401\u2013450 (page 3 of 3)");
    });

    it("sorts across pages: the one uncovered user comes first", async () => {
      await page.eval(`Array.from(document.querySelectorAll("#users th")).find(th => th.textContent === "MFA").click()`);
      expect((await tableRows())[0]).to.equal("user-321@contoso.example");
      expect(await pageInfo()).to.match(/^rows 1\u2013200 /);
    });
  });
});
