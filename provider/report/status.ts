import type { ConfigSource, ConnectionInput, GraphApi } from "../graph";
import { graphFor } from "../handlers/context";
import { collectDirectory, type CollectOptions } from "./collect";
import type { ReportHeader, UserMfaStatus } from "./model";
import { spoolReport, type SpooledReport } from "./pipeline";
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
  const graph = args.graph ?? graphFor(args.connection, args.config ?? NO_CONFIG);
  const collected = await collectDirectory(graph, args);
  const report = await spoolReport(collected.tenant, collected.users, { generatedAt: args.generatedAt, spoolDir: args.spoolDir });
  // The collector's warnings are complete only now that every user has been read.
  report.header.summary.warnings.unshift(...collected.warnings);
  return report;
}

/**
 * Who has MFA and why, for programs: the summary and every user's status, in memory. For very large tenants prefer
 * `spoolMfaStatus`, which keeps the users on disk. With `format`, the rendered text comes back as well.
 */
export async function getMfaStatus(args: MfaStatusArgs & { format?: ReportFormat } = {}): Promise<MfaStatus> {
  const spooled = await spoolMfaStatus(args);
  try {
    const users: UserMfaStatus[] = [];
    for await (const status of spooled.users()) users.push(status);
    const rendered = args.format ? await renderToString((sink) => writeReport(args.format!, spooled.header, users, sink)) : undefined;
    return { ...spooled.header, users, ...(rendered !== undefined ? { rendered } : {}) };
  } finally {
    await spooled.dispose();
  }
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
