import { userRecordsOf, type DirectorySnapshot } from "./directory";
import { evaluateUser, prepareContext } from "./evaluate";
import type { ReportHeader, UserMfaStatus } from "./model";
import { SummaryAccumulator } from "./summary";

export interface Report extends ReportHeader {
  users: UserMfaStatus[];
}

/**
 * The whole report of a snapshot held in memory, synchronously. Users streamed off Graph go through `evaluateUsers`
 * (pipeline.ts), the same steps awaited: `prepareContext` once, then `evaluateUser` and `SummaryAccumulator.add` per user.
 */
export function buildReport(snapshot: DirectorySnapshot, generatedAt: Date = new Date()): Report {
  const context = prepareContext(snapshot);
  const summary = new SummaryAccumulator(context);
  const users: UserMfaStatus[] = [];
  for (const record of userRecordsOf(snapshot)) {
    const status = evaluateUser(record, context);
    summary.add(status);
    users.push(status);
  }
  return { generatedAt: generatedAt.toISOString(), tenantId: context.tenantId, summary: summary.result(), users };
}
