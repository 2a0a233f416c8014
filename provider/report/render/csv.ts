import type { ReportHeader } from "../model";
import { COLUMNS } from "./columns";
import type { TextSink, UserSource } from "./sink";

/**
 * RFC 4180 CSV, one row per user, CRLF line ends. Cells that a spreadsheet would run as a formula (leading = + - @ or a
 * control character) get a leading apostrophe: display names are attacker-controlled and the file is opened in Excel.
 */
export async function writeCsvReport(_header: ReportHeader, users: UserSource, sink: TextSink): Promise<void> {
  const columns = Object.values(COLUMNS);
  await sink.write(csvRow(columns.map((c) => c.header)));
  for await (const status of users) await sink.write(csvRow(columns.map((c) => c.value(status))));
}

export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
