import { expect } from "chai";
import { Writable } from "node:stream";
import { buildReport } from "../../provider/report/report";
import { COLUMNS, LIST_SEPARATOR } from "../../provider/report/render/columns";
import { writeCsvReport } from "../../provider/report/render/csv";
import { escapeHtml, writeHtmlReport } from "../../provider/report/render/html";
import { writeJsonReport } from "../../provider/report/render/json";
import { renderToString, streamSink } from "../../provider/report/render/sink";
import { TERMINAL_TABLE_WIDTH, writeTerminalReport } from "../../provider/report/render/terminal";
import { parseCsv } from "./csv-parse";
import { HOSTILE_NAMES, SAMPLE_DATE, sampleTenant } from "./sample";

const report = buildReport(sampleTenant(), SAMPLE_DATE);
const header = { generatedAt: report.generatedAt, tenantId: report.tenantId, summary: report.summary };

/** Yields users asynchronously, the way a collector streams them off Graph. */
async function* streamed<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((r) => setImmediate(r));
    yield item;
  }
}

describe("MFA report renderers", () => {
  it("the sample tenant exercises every verdict and an admin gap", () => {
    expect(new Set(report.users.map((u) => u.mfaEnforced))).to.deep.equal(new Set(["yes", "partial", "reportOnly", "no"]));
    expect(report.summary.adminsNotCovered.map((a) => a.id)).to.deep.equal(["u-admin-gap"]);
  });

  describe("JSON", () => {
    it("parses back to the report", async () => {
      const text = await renderToString((sink) => writeJsonReport(header, report.users, sink));
      expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(report)));
      expect(Object.keys(JSON.parse(text))).to.deep.equal(["generatedAt", "tenantId", "summary", "users"]);
    });

    it("writes an empty user list as valid JSON", async () => {
      const text = await renderToString((sink) => writeJsonReport(header, [], sink));
      expect(JSON.parse(text).users).to.deep.equal([]);
    });

    it("streams users from an async source into a slow writable stream, honouring back-pressure", async () => {
      const chunks: string[] = [];
      let drains = 0;
      const slow = new Writable({
        highWaterMark: 64,
        write(chunk, _enc, done) {
          chunks.push(String(chunk));
          setImmediate(done);
        },
      });
      slow.on("drain", () => drains++);
      await writeJsonReport(header, streamed(report.users), streamSink(slow));
      expect(drains).to.be.greaterThan(0);
      expect(JSON.parse(chunks.join("")).users).to.have.length(report.users.length);
    });
  });

  describe("CSV", () => {
    it("parses back with RFC 4180 quoting: one row per user, every column, hostile text intact", async () => {
      const text = await renderToString((sink) => writeCsvReport(header, streamed(report.users), sink));
      const [head, ...rows] = parseCsv(text);
      const columns = Object.values(COLUMNS);
      expect(head).to.deep.equal(columns.map((c) => c.header));
      expect(rows).to.have.length(report.users.length);
      for (const row of rows) expect(row).to.have.length(columns.length);
      const col = (name: string) => head.indexOf(name);
      expect(rows.map((r) => r[col("User id")])).to.deep.equal(report.users.map((u) => u.id));
      const csvUser = rows.find((r) => r[col("User id")] === "u-csv")!;
      expect(csvUser[col("Display name")]).to.equal(HOSTILE_NAMES.csv);
      expect(csvUser[col("Registered methods")].split(LIST_SEPARATOR)).to.deep.equal(["microsoftAuthenticatorPush", "sms"]);
      expect(text).to.contain(`"Smith, ""Bob""\r\nJr."`);
    });

    it("defuses spreadsheet formulas in directory text", async () => {
      const text = await renderToString((sink) => writeCsvReport(header, report.users, sink));
      const rows = parseCsv(text);
      const formula = rows.find((r) => r[0] === "u-formula")!;
      expect(formula[rows[0].indexOf("Display name")]).to.equal(`'${HOSTILE_NAMES.formula}`);
    });
  });

  describe("terminal", () => {
    it("puts the summary and a loud admin warning above a table that fits 160 columns, marking truncation", async () => {
      const text = await renderToString((sink) => writeTerminalReport(header, report.users, sink));
      const lines = text.trimEnd().split("\n");
      expect(TERMINAL_TABLE_WIDTH).to.be.at.most(160);
      const tableStart = lines.findIndex((l) => l.startsWith("User principal name"));
      const tableLines = lines.slice(tableStart);
      for (const l of tableLines) expect(l.length, l).to.be.at.most(160);
      expect(tableLines).to.have.length(report.users.length + 2);
      const warning = lines.slice(0, tableStart).filter((l) => l.startsWith("!!!"));
      expect(warning.join("\n")).to.contain("1 enabled admin").and.contain("u-admin-gap@contoso.example");
      expect(lines.slice(0, tableStart).join("\n")).to.match(/NOT COVERED/);
      const longRow = tableLines.find((l) => l.startsWith("a.very.long"))!;
      expect(longRow).to.contain("…");
    });

    it("never passes control characters from directory text to the terminal", async () => {
      const text = await renderToString((sink) => writeTerminalReport(header, report.users, sink));
      expect(text).not.to.contain("\x1b");
      const colored = await renderToString((sink) => writeTerminalReport(header, report.users, sink, { color: true }));
      expect(colored.match(/\x1b/g)?.length).to.equal(2 * colored.split("\n").filter((l) => l.includes("\x1b[1;31m")).length);
    });
  });

  describe("HTML", () => {
    it("escapes every attacker-controlled value", async () => {
      const html = await renderToString((sink) => writeHtmlReport(header, report.users, sink));
      expect(html).not.to.contain(HOSTILE_NAMES.script);
      expect(html).to.contain(escapeHtml(HOSTILE_NAMES.script));
      expect(html).not.to.contain("<img");
      expect(html).not.to.contain("script<b>");
      expect(html).to.contain("Break glass &lt;accounts&gt;");
      expect(html.match(/<script/g)).to.have.length(1);
    });

    it("is self-contained: no external URL is loaded, and only its own script may run", async () => {
      const html = await renderToString((sink) => writeHtmlReport(header, report.users, sink));
      expect(html).not.to.match(/<[^>]+\s(src|href|action)=/i);
      expect(html).not.to.match(/url\(|@import/);
      expect(html).to.match(/Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'"/);
    });

    it("puts the admin warning and the summary cards before the user table, one row per user", async () => {
      const html = await renderToString((sink) => writeHtmlReport(header, streamed(report.users), sink));
      const warning = html.indexOf('id="admin-warning"');
      const cards = html.indexOf('id="card-not-covered"');
      const table = html.indexOf('<table id="users"');
      expect(warning).to.be.greaterThan(0);
      expect(cards).to.be.greaterThan(warning);
      expect(table).to.be.greaterThan(cards);
      expect(html.slice(warning, cards)).to.contain("u-admin-gap@contoso.example");
      expect(html.match(/<tr data-gap=/g)).to.have.length(report.users.length);
    });
  });
});
