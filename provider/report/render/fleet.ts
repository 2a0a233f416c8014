// The fleet report's flat formats: JSON and CSV carry every user with its tenant; the terminal shows the fleet summary.
import type { FleetReport, FleetTenantRow } from "../fleet-summary";
import { COLUMNS } from "./columns";
import { csvRow } from "./csv";
import type { TextSink } from "./sink";
import { clean, fit } from "./terminal";
import { writeFleetHtmlReport } from "./html";
import type { ReportFormat } from "../status";

/**
 * `{ generatedAt, summary, tenants: [{ name, tenant, tenantId, error, summary }], users: [...] }`, each user with its
 * `tenant` (the name) and `tenantId`, one per line, so `jq '.users[] | select(.tenant == "Contoso")'` works.
 */
export async function writeFleetJson(fleet: FleetReport, sink: TextSink): Promise<void> {
  const tenants = fleet.entries.map((e, i) => ({
    name: e.tenant.name,
    tenant: e.tenant.tenant,
    tenantId: fleet.summary.tenants[i]!.tenantId,
    error: e.ok ? null : e.error,
    summary: e.ok ? e.header.summary : null,
  }));
  await sink.write(
    `{"generatedAt":${JSON.stringify(fleet.generatedAt)},"summary":${JSON.stringify(fleet.summary)},"tenants":${JSON.stringify(tenants)},"users":[`,
  );
  let first = true;
  for (const e of fleet.entries) {
    if (!e.ok) continue;
    const tag = `{"tenant":${JSON.stringify(e.tenant.name)},"tenantId":${JSON.stringify(e.header.tenantId)},`;
    for await (const status of e.users()) {
      await sink.write(`${first ? "\n" : ",\n"}${tag}${JSON.stringify(status).slice(1)}`);
      first = false;
    }
  }
  await sink.write("\n]}\n");
}

/** The single-tenant CSV with two columns in front: the tenant's name and id. A tenant that failed has no rows. */
export async function writeFleetCsv(fleet: FleetReport, sink: TextSink): Promise<void> {
  const columns = Object.values(COLUMNS);
  await sink.write(csvRow(["Tenant", "Tenant id", ...columns.map((c) => c.header)]));
  for (const e of fleet.entries) {
    if (!e.ok) continue;
    const tenant = [e.tenant.name, e.header.tenantId ?? e.tenant.tenant];
    for await (const status of e.users()) await sink.write(csvRow([...tenant, ...columns.map((c) => c.value(status))]));
  }
}

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "-");

interface FleetColumn {
  header: string;
  width: number;
  value(row: FleetTenantRow): string;
}

const count = (pick: (row: FleetTenantRow) => number | null | undefined) => (row: FleetTenantRow) => {
  const n = pick(row);
  return n === null || n === undefined ? "-" : String(n);
};

const FLEET_TABLE: FleetColumn[] = [
  { header: "Tenant", width: 24, value: (r) => r.name },
  { header: "Users", width: 7, value: count((r) => r.users) },
  { header: "Covered", width: 12, value: (r) => (r.coverage ? `${r.coverage.covered} ${pct(r.coverage.covered, r.enabledUsers!)}` : "-") },
  { header: "Partial", width: 7, value: count((r) => r.coverage?.partial) },
  { header: "Rep-only", width: 8, value: count((r) => r.coverage?.reportOnly) },
  { header: "NOT COVERED", width: 11, value: count((r) => r.coverage?.notCovered) },
  { header: "Admins!", width: 7, value: count((r) => r.adminsNotCovered) },
  { header: "Sec.Def", width: 7, value: (r) => (r.securityDefaults === null ? "-" : r.securityDefaults ? "on" : "off") },
  { header: "Sys-pref", width: 9, value: (r) => r.systemPreferred ?? "-" },
  { header: "Errors / warnings", width: 40, value: (r) => r.error ?? (r.warnings.length ? `${r.warnings.length} warning(s)` : "") },
];

/** The fleet summary for a terminal: one line per tenant, the totals, then each failing tenant's error in full. */
export async function writeFleetTable(fleet: FleetReport, sink: TextSink, options: { color?: boolean; width?: number } = {}): Promise<void> {
  const loud = (line: string) => (options.color ? `\x1b[1;31m${line}\x1b[0m` : line);
  const t = fleet.summary.totals;
  const lines = [
    `MFA status of ${t.tenants} tenant(s), generated ${fleet.generatedAt}: ${t.read} read${t.failed ? `, ${t.failed} FAILED` : ""}`,
    `Users: ${t.users} (${t.enabledUsers} enabled): ${t.coverage.covered} covered, ${t.coverage.partial} partial, ${t.coverage.reportOnly} report-only only, ` +
      `${t.coverage.notCovered} NOT COVERED; ${t.adminsNotCovered} admin(s) not covered; ${t.mfaNotRegistered} not registered for MFA, ` +
      `registration unknown for ${t.mfaRegistrationUnknown}`,
    "",
  ];
  const widths = fitWidths(FLEET_TABLE.map((c) => c.width), options.width);
  const line = (cells: string[]) => cells.map((c, i) => fit(clean(c), widths[i]!)).join("  ").trimEnd();
  lines.push(line(FLEET_TABLE.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))));
  for (const row of fleet.summary.tenants) {
    const text = line(FLEET_TABLE.map((c) => c.value(row)));
    lines.push(row.error || (row.adminsNotCovered ?? 0) > 0 ? loud(text) : text);
  }
  for (const row of fleet.summary.tenants) if (row.error) lines.push(loud(`! ${clean(row.name)} (${clean(row.tenant)}): ${clean(row.error)}`));
  for (const row of fleet.summary.tenants) for (const w of row.warnings) lines.push(`! ${clean(row.name)}: ${clean(w)}`);
  for (const l of lines) await sink.write(l + "\n");
}

/** The last column (errors) gives up width first, down to 12, when the terminal is narrower than the table. */
function fitWidths(widths: number[], available: number | undefined): number[] {
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (!available || total <= available) return widths;
  const last = widths.length - 1;
  return widths.map((w, i) => (i === last ? Math.max(12, w - (total - available)) : w));
}

/** Renders a fleet report in one of the formats (the HTML page is html.ts's). */
export function writeFleetReport(format: ReportFormat, fleet: FleetReport, sink: TextSink, options: { color?: boolean; width?: number } = {}): Promise<void> {
  switch (format) {
    case "table":
      return writeFleetTable(fleet, sink, options);
    case "json":
      return writeFleetJson(fleet, sink);
    case "csv":
      return writeFleetCsv(fleet, sink);
    case "html":
      return writeFleetHtmlReport(fleet, sink);
  }
}
