import type { ConfigSource, ConnectionInput, GraphApi } from "../graph";
import { graphFor } from "../handlers/context";
import { collectDirectory, type CollectedDirectory, type CollectOptions } from "./collect";
import type { ReportHeader, UserMfaStatus } from "./model";
import { evaluateUsers, spoolReport, type SpooledReport } from "./pipeline";
import { writeCsvReport } from "./render/csv";
import { writeHtmlReport } from "./render/html";
import { writeJsonReport } from "./render/json";
import { renderToString, type TextSink, type UserSource } from "./render/sink";
import { writeTerminalReport, type TerminalOptions } from "./render/terminal";
import type { Report } from "./report";

export type ReportFormat = "table" | "json" | "csv" | "html";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "json", "csv", "html"];

export interface MfaStatusArgs extends CollectOptions {
  /** Resolved like a resource's `connection`: these fields, then `config`, then AZURE_* / ARM_* variables. */
  connection?: ConnectionInput;
  /** Stack config or any key lookup (`azuread:*`, `entra-mfa:*`); default none. */
  config?: ConfigSource;
  /** A Graph client to use instead of resolving one (it carries its own connection). */
  graph?: GraphApi;
  generatedAt?: Date;
}

export interface MfaStatus extends Report {
  /** The report rendered in the format asked for. */
  rendered?: string;
}

const NO_CONFIG: ConfigSource = { get: () => undefined };

/**
 * Reads the tenant (never writes) and evaluates every user, streaming: the users are kept in a private spool file,
 * not in memory, until the caller replays them. Dispose of the result when done.
 */
export async function spoolMfaStatus(args: MfaStatusArgs = {}): Promise<SpooledReport> {
  const collected = await collect(args);
  const report = await spoolReport(collected.tenant, collected.users, { generatedAt: args.generatedAt, spoolDir: args.spoolDir });
  withCollectorWarnings(report.header, collected);
  return report;
}

/**
 * Who has MFA and why, for programs: the summary and every user's status, in memory. For very large tenants prefer
 * `spoolMfaStatus`, which keeps the users on disk. With `format`, the rendered text comes back as well.
 */
export async function getMfaStatus(args: MfaStatusArgs & { format?: ReportFormat } = {}): Promise<MfaStatus> {
  const collected = await collect(args);
  const users: UserMfaStatus[] = [];
  const header = await evaluateUsers(collected.tenant, collected.users, (status) => void users.push(status), args.generatedAt);
  withCollectorWarnings(header, collected);
  const rendered = args.format ? await renderToString((sink) => writeReport(args.format!, header, users, sink)) : undefined;
  return { ...header, users, ...(rendered !== undefined ? { rendered } : {}) };
}

function collect(args: MfaStatusArgs): Promise<CollectedDirectory> {
  return collectDirectory(args.graph ?? graphFor(args.connection, args.config ?? NO_CONFIG), args);
}

/** The collector's warnings (what could not be read) go first; they are complete only once every user has been read. */
function withCollectorWarnings(header: ReportHeader, collected: CollectedDirectory): void {
  header.summary.warnings.unshift(...collected.warnings);
}

/** Renders a report in one of the formats. */
export function writeReport(format: ReportFormat, header: ReportHeader, users: UserSource, sink: TextSink, options: TerminalOptions = {}): Promise<void> {
  switch (format) {
    case "table":
      return writeTerminalReport(header, users, sink, options);
    case "json":
      return writeJsonReport(header, users, sink);
    case "csv":
      return writeCsvReport(header, users, sink);
    case "html":
      return writeHtmlReport(header, users, sink);
  }
}
