import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userRecordsOf, type UserRecord } from "../../provider/report/directory";
import type { UserMfaStatus } from "../../provider/report/model";
import { spoolReport } from "../../provider/report/pipeline";
import { buildReport } from "../../provider/report/report";
import { SAMPLE_DATE, sampleTenant } from "./sample";

async function* trickle(records: Iterable<UserRecord>): AsyncGenerator<UserRecord> {
  for (const r of records) {
    await new Promise((resolve) => setImmediate(resolve));
    yield r;
  }
}

async function collect(users: AsyncIterable<UserMfaStatus>): Promise<UserMfaStatus[]> {
  const all: UserMfaStatus[] = [];
  for await (const u of users) all.push(u);
  return all;
}

describe("spoolReport", () => {
  let spoolDir: string;
  beforeEach(() => (spoolDir = mkdtempSync(join(tmpdir(), "spool-test-"))));
  afterEach(() => rmSync(spoolDir, { recursive: true, force: true }));

  it("gives the same summary and users as the in-memory report, replayable once per renderer, and deletes its spool", async () => {
    const snapshot = sampleTenant();
    const expected = buildReport(snapshot, SAMPLE_DATE);
    const spooled = await spoolReport(snapshot, trickle(userRecordsOf(snapshot)), { generatedAt: SAMPLE_DATE, spoolDir });
    expect(spooled.header).to.deep.equal({ generatedAt: expected.generatedAt, tenantId: expected.tenantId, summary: expected.summary });
    expect(await collect(spooled.users())).to.deep.equal(expected.users);
    expect(await collect(spooled.users())).to.have.length(expected.users.length);
    expect(readdirSync(spoolDir)).to.have.length(1);
    await spooled.dispose();
    expect(readdirSync(spoolDir)).to.deep.equal([]);
  });

  it("removes its spool when the user stream fails", async () => {
    async function* failing(): AsyncGenerator<UserRecord> {
      yield* userRecordsOf(sampleTenant());
      throw new Error("Graph paging failed");
    }
    let caught: unknown;
    await spoolReport(sampleTenant(), failing(), { spoolDir }).catch((e) => (caught = e));
    expect((caught as Error).message).to.equal("Graph paging failed");
    expect(existsSync(spoolDir) && readdirSync(spoolDir)).to.deep.equal([]);
  });
});
