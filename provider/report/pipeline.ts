import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TenantDirectory, UserRecord } from "./directory";
import { evaluateUser, prepareContext } from "./evaluate";
import type { ReportHeader, UserMfaStatus } from "./model";
import { readNdjson, writeNdjson } from "./spool";
import { SummaryAccumulator } from "./summary";

/** A report whose users live in a spool file: the summary is known, and the users can be replayed once per renderer. */
export interface SpooledReport {
  header: ReportHeader;
  users(): AsyncIterable<UserMfaStatus>;
  /** Deletes the spool (it holds directory data). */
  dispose(): Promise<void>;
}

type Records = Iterable<UserRecord> | AsyncIterable<UserRecord>;

/** Evaluates users as a collector streams them, in one pass: each status goes to the summary and then to `each`. */
export async function evaluateUsers(
  tenant: TenantDirectory,
  records: Records,
  each: (status: UserMfaStatus) => void | Promise<void>,
  generatedAt: Date = new Date(),
): Promise<ReportHeader> {
  const context = prepareContext(tenant);
  const summary = new SummaryAccumulator(context);
  for await (const record of records) {
    const status = evaluateUser(record, context);
    summary.add(status);
    await each(status);
  }
  return { generatedAt: generatedAt.toISOString(), tenantId: context.tenantId, summary: summary.result() };
}

/**
 * `evaluateUsers` in flat memory: each status goes to a private temp file (NDJSON), so renderers that put the summary
 * first (terminal, HTML) can still stream the users.
 */
export async function spoolReport(tenant: TenantDirectory, records: Records, options: { generatedAt?: Date; spoolDir?: string } = {}): Promise<SpooledReport> {
  const dir = await mkdtemp(join(options.spoolDir ?? tmpdir(), "entra-mfa-report-"));
  const file = join(dir, "users.ndjson");
  try {
    const out = writeNdjson<UserMfaStatus>(file);
    const header = await evaluateUsers(tenant, records, (status) => out.write(status), options.generatedAt);
    await out.close();
    return { header, users: () => readNdjson<UserMfaStatus>(file), dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
