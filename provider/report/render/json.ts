import type { ReportHeader } from "../model";
import type { TextSink, UserSource } from "./sink";

/**
 * One JSON object `{ generatedAt, tenantId, summary, users: [...] }`, written user by user so a 50,000-user report
 * never exists as one string. One user per line keeps the file greppable and diffable.
 */
export async function writeJsonReport(header: ReportHeader, users: UserSource, sink: TextSink): Promise<void> {
  await sink.write(
    `{"generatedAt":${JSON.stringify(header.generatedAt)},"tenantId":${JSON.stringify(header.tenantId)},` +
      `"summary":${JSON.stringify(header.summary)},"users":[`,
  );
  let first = true;
  for await (const status of users) {
    await sink.write(`${first ? "\n" : ",\n"}${JSON.stringify(status)}`);
    first = false;
  }
  await sink.write("\n]}\n");
}
