import type { ReportHeader, ReportSummary, UserMfaStatus } from "../model";
import { ROLE_TEXT, systemPreferredText } from "../describe";
import type { TargetReason } from "../targeting";
import type { TextSink, UserSource } from "./sink";

export interface TerminalOptions {
  /** ANSI colours for the warnings (for a TTY). */
  color?: boolean;
  /** The terminal's width in columns: a narrower one gets fewer and narrower columns, and a line saying so. */
  width?: number;
  /** What to tell the reader for the full table (default: the CLI's flags). */
  wideHint?: string;
}

interface TerminalColumn {
  header: string;
  width: number;
  value(status: UserMfaStatus): string;
}

/** Fits 160 columns: widths plus two spaces between columns. Cells that do not fit end in "…". */
const TABLE: TerminalColumn[] = [
  { header: "User principal name", width: 30, value: (s) => s.userPrincipalName },
  { header: "Display name", width: 18, value: (s) => s.displayName ?? "" },
  { header: "On", width: 3, value: (s) => (s.accountEnabled ? "yes" : "no") },
  { header: "Type", width: 6, value: (s) => s.userType },
  { header: "Admin roles", width: 16, value: (s) => s.adminRoles.join(", ") },
  { header: "MFA", width: 10, value: (s) => s.mfaEnforced },
  { header: "By", width: 30, value: coveredBy },
  { header: "Excluded from", width: 22, value: (s) => s.excludedBy.map((x) => `${x.policy.displayName} (${x.reasons.map(shortReason).join(", ")})`).join("; ") },
  { header: "Reg", width: 7, value: (s) => (s.mfaRegistered === null ? "?" : s.mfaRegistered ? "yes" : "no") },
];

export const TERMINAL_TABLE_WIDTH = TABLE.reduce((sum, c) => sum + c.width, 0) + 2 * (TABLE.length - 1);

/** Left out first when the terminal is narrow, in this order; the others then shrink down to their minimum. */
const DROP_ORDER = ["Display name", "Excluded from", "Type", "Admin roles", "On"];
const MIN_WIDTH: Record<string, number> = { "User principal name": 20, By: 14 };

const widthOf = (columns: readonly TerminalColumn[]) => columns.reduce((sum, c) => sum + c.width, 0) + 2 * (columns.length - 1);

/** The columns that fit `available` terminal columns (all of them when it is not known). */
export function fittedColumns(available: number | undefined): TerminalColumn[] {
  if (!available || available >= TERMINAL_TABLE_WIDTH) return TABLE;
  let columns = TABLE.map((c) => ({ ...c }));
  for (const header of DROP_ORDER) {
    if (widthOf(columns) <= available) break;
    columns = columns.filter((c) => c.header !== header);
  }
  for (const c of columns) {
    const over = widthOf(columns) - available;
    if (over <= 0) break;
    const min = MIN_WIDTH[c.header];
    if (min !== undefined) c.width = Math.max(min, c.width - over);
  }
  return columns;
}

const WIDE_HINT = "--wide shows every column (pipe it to less -S), --csv or --html every fact";

/** A plain-text table for a terminal: the summary and its warnings first, then one line per user. */
export async function writeTerminalReport(header: ReportHeader, users: UserSource, sink: TextSink, options: TerminalOptions = {}): Promise<void> {
  const loud = (line: string) => (options.color ? `\x1b[1;31m${line}\x1b[0m` : line);
  const columns = fittedColumns(options.width);
  for (const line of summaryLines(header, loud)) await sink.write(line + "\n");
  if (columns.length < TABLE.length || widthOf(columns) < TERMINAL_TABLE_WIDTH) {
    const left = TABLE.filter((c) => !columns.some((k) => k.header === c.header)).map((c) => c.header);
    await sink.write(
      `\n(The table is cut to fit ${options.width} columns${left.length ? `, without ${left.join(", ")}` : ""}: ${options.wideHint ?? WIDE_HINT}.)\n`,
    );
  }
  await sink.write("\n" + tableLine(columns, columns.map((c) => c.header)) + "\n");
  await sink.write(tableLine(columns, columns.map((c) => "-".repeat(c.width))) + "\n");
  for await (const status of users) await sink.write(tableLine(columns, columns.map((c) => c.value(status))) + "\n");
}

function summaryLines(header: ReportHeader, loud: (line: string) => string): string[] {
  const s: ReportSummary = header.summary;
  const lines = [
    `MFA status report${header.tenantId ? ` for tenant ${clean(header.tenantId)}` : ""}, generated ${header.generatedAt}`,
    `Users: ${s.users.total} (${s.users.enabled} enabled, ${s.users.disabled} disabled; ${s.users.members} members, ${s.users.guests} guest(s); ${s.users.admins} admin(s))`,
    `Enabled users: ${s.enabledUsers.covered} covered, ${s.enabledUsers.partial} partial, ${s.enabledUsers.reportOnlyOnly} report-only only, ` +
      `${s.enabledUsers.notCovered} NOT COVERED; ${s.enabledUsers.mfaNotRegistered} not registered for MFA`,
    `Security Defaults: ${s.securityDefaults.isEnabled ? "ON (every user must register and use MFA; Conditional Access is not in force)" : "off"}`,
    `System-preferred MFA: ${s.systemPreferred.state} (${clean(systemPreferredText(s.systemPreferred))})`,
    `Policies requiring MFA: ${s.policyCounts.enforcing} enforcing, ${s.policyCounts.partial} partial, ${s.policyCounts.reportOnly} report-only` +
      (s.policyCounts.optional ? `, ${s.policyCounts.optional} with MFA only as an option` : "") +
      (s.policyCounts.notInForce ? `, ${s.policyCounts.notInForce} not in force` : ""),
    ...s.policies.map(
      (p) =>
        `  - ${clean(p.policy.displayName)}${p.policy.managed ? " (managed)" : ""}: ${ROLE_TEXT[p.role]}` +
        `${p.limitedTo.length ? ` [${clean(p.limitedTo.join(" / "))}]` : ""}; applies to ${p.appliesToUsers}, excludes ${p.excludedUsers}`,
    ),
  ];
  if (s.adminsNotCovered.length > 0) {
    lines.push(loud(`!!! WARNING: ${s.adminsNotCovered.length} enabled admin(s) NOT fully covered by MFA:`));
    for (const a of s.adminsNotCovered) {
      lines.push(loud(`!!!   ${clean(a.userPrincipalName)} (${clean(a.adminRoles.join(", "))}): MFA ${a.mfaEnforced}`));
    }
  }
  for (const w of s.warnings) lines.push(loud(`! ${clean(w)}`));
  return lines;
}

function coveredBy(s: UserMfaStatus): string {
  switch (s.mfaEnforced) {
    case "yes":
      return s.enforcedBy
        .map((e) => (e.kind === "securityDefaults" ? "Security Defaults" : e.kind === "perUserMfa" ? `per-user MFA ${e.state}` : e.kind === "combined" ? combinedNames(e) : e.policy.displayName))
        .join(", ");
    case "partial":
      return s.partialBy.map((m) => `${m.policy.displayName} (${m.limitedTo.join(" / ")})`).join(", ");
    case "reportOnly":
      return s.reportOnlyBy.map((m) => m.policy.displayName).join(", ");
    case "no":
      return s.optionalBy.length ? `optional in ${s.optionalBy.map((p) => p.displayName).join(", ")}` : "";
  }
}

function combinedNames(e: Extract<UserMfaStatus["enforcedBy"][number], { kind: "combined" }>): string {
  const mfa = [...e.policies.map((m) => m.policy.displayName), ...(e.perUserMfa ? ["per-user MFA enabled"] : [])].join(" + ");
  return e.blockedBy.length ? `${mfa}, rest blocked by ${e.blockedBy.map((m) => m.policy.displayName).join(", ")}` : mfa;
}

function shortReason(reason: TargetReason): string {
  switch (reason.via) {
    case "allUsers":
      return "all";
    case "user":
      return "directly";
    case "group":
      return `group ${reason.groupName ?? reason.groupId}`;
    case "role":
      return `role ${reason.roleName ?? reason.roleTemplateId}`;
    case "guestOrExternal":
      return "as guest";
  }
}

function tableLine(columns: readonly TerminalColumn[], cells: string[]): string {
  return cells.map((cell, i) => fit(clean(cell), columns[i]!.width)).join("  ").trimEnd();
}

export function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + "…" : text.padEnd(width);
}

/** Directory text is attacker-controlled: control and bidi characters would rewrite the terminal, so they become "?". */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "?");
}
