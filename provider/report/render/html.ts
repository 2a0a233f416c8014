import { createHash } from "node:crypto";
import { exclusionText, ROLE_TEXT, scopedText, sourceText, systemPreferredText } from "../describe";
import { coverageOf, type Coverage, type FleetReport, type FleetTenantRow } from "../fleet-summary";
import type { MfaVerdict, ReportHeader, ReportSummary, UserMfaStatus } from "../model";
import { COLUMNS, type ColumnKey } from "./columns";
import type { TextSink, UserSource } from "./sink";

/**
 * Escapes text for HTML content and quoted attribute values. Every directory value goes through here. Control characters
 * (invalid in HTML) become U+FFFD.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "\ufffd")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const VERDICT_LABEL: Record<MfaVerdict, string> = { yes: "Enforced", partial: "Partial", reportOnly: "Report-only", no: "Not covered" };
/** Sorting the MFA column by this puts the least protected first. */
const VERDICT_RANK: Record<MfaVerdict, number> = { no: 0, reportOnly: 1, partial: 2, yes: 3 };

interface HtmlColumn {
  header: string;
  /** Lines of plain text (escaped on output). */
  lines(status: UserMfaStatus): string[];
  /** The cell's content as HTML, where it is more than escaped lines (it must escape every directory value). */
  html?(lines: string[]): string;
  sortKey?(status: UserMfaStatus): string;
  className?: string;
}

/** The policies table right above shows each policy's id; the user table names them. */
const NO_IDS = { ids: false };
const text = (key: ColumnKey) => (s: UserMfaStatus) => [COLUMNS[key].value(s)];

const lineDivs = (lines: string[]) => lines.map((l) => `<div>${escapeHtml(l)}</div>`).join("");

/** The user principal name may break before its `@` (and anywhere, if a part is still too long), so the column stays narrow. */
function userHtml([upn = "", ...rest]: string[]): string {
  const at = upn.lastIndexOf("@");
  const name = at > 0 ? `${escapeHtml(upn.slice(0, at))}<wbr>${escapeHtml(upn.slice(at))}` : escapeHtml(upn);
  return `<div class="upn">${name}</div>${lineDivs(rest)}`;
}

/** Shows the first two; the rest behind a "+N more" the reader opens (the filter still searches them). */
function collapsedHtml(lines: string[]): string {
  if (lines.length <= 2) return lineDivs(lines);
  return `${lineDivs(lines.slice(0, 2))}<details><summary>+${lines.length - 2} more</summary>${lineDivs(lines.slice(2))}</details>`;
}

const USER_COLUMNS: HtmlColumn[] = [
  { header: "User", lines: (s) => [s.userPrincipalName, s.displayName ?? ""], html: userHtml, className: "user" },
  { header: "Enabled", lines: text("accountEnabled") },
  { header: "Type", lines: text("userType") },
  { header: "Admin roles", lines: (s) => s.adminRoles, className: "roles" },
  { header: "MFA", lines: (s) => [VERDICT_LABEL[s.mfaEnforced]], sortKey: (s) => String(VERDICT_RANK[s.mfaEnforced]), className: "verdict" },
  {
    header: "Enforced / partial / report-only by",
    lines: (s) => [
      ...s.enforcedBy.map((e) => sourceText(e, NO_IDS)),
      ...s.partialBy.map((m) => `partial: ${scopedText(m, NO_IDS)}`),
      ...s.reportOnlyBy.map((m) => `report-only: ${scopedText(m, NO_IDS)}`),
      ...s.optionalBy.map((p) => `MFA optional (OR) in "${p.displayName}"`),
    ],
    className: "wide",
  },
  { header: "Excluded from", lines: (s) => s.excludedBy.map((x) => exclusionText(x, NO_IDS)), className: "wide" },
  { header: "Per-user MFA", lines: text("perUserMfaState") },
  { header: "Registered", lines: text("mfaRegistered") },
  { header: "Capable", lines: text("mfaCapable") },
  { header: "Methods", lines: (s) => s.methodsRegistered ?? ["unknown"], html: collapsedHtml, className: "methods" },
  {
    header: "System-preferred",
    lines: (s) => [s.systemPreferred.applies, ...(s.systemPreferred.methods ?? [])],
  },
];

/** The page's head and opening: inline CSS and JS only, and a Content-Security-Policy that loads nothing and runs only this page's own script, by hash. */
function pageStart(title: string, generatedAt: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body>
<header><h1>${escapeHtml(title)}</h1><p class="meta">Generated ${escapeHtml(generatedAt)}</p></header>
`;
}

const pageEnd = () => `<footer>MFA status per user: "Enforced" means every sign-in requires MFA; "Partial" means only some applications or conditions do; report-only policies never enforce.
"Not registered" means the registration report says the user has no MFA method; "registration unknown" means the report has no row for the user (too new for it, or it could not be read).</footer>
<script>${SCRIPT}</script>
</body></html>
`;

/**
 * A user table with its filter, toggle and pager. `prefix` keeps ids unique when a page holds several (the fleet
 * page); the single-tenant page has none, so its ids are plain (`users`, `filter`, …).
 */
function usersSectionStart(prefix: string, heading: string): string {
  const id = (name: string) => `${prefix}${name}`;
  return `<section class="users-section" id="${id("users-section")}"><h2>${escapeHtml(heading)}</h2>
<div class="controls"><input id="${id("filter")}" class="filter" type="search" placeholder="Filter users, roles, policies…" aria-label="Filter users">
<label><input id="${id("not-covered-only")}" class="gap-only" type="checkbox"> Only users not fully covered</label>
<span id="${id("row-count")}" class="row-count" aria-live="polite"></span>
<span class="pager"><button id="${id("prev")}" class="prev" type="button">‹ Previous</button><span id="${id("page-info")}" class="page-info"></span><button id="${id("next")}" class="next" type="button">Next ›</button>
<label>Rows per page <select id="${id("page-size")}" class="page-size"><option>100</option><option selected>${PAGE_SIZE}</option><option>1000</option><option value="0">All</option></select></label></span></div>
<noscript><style>.users-table tbody tr{display:table-row}.pager{display:none}</style></noscript>
<div class="table-wrap"><table id="${id("users")}" class="users-table"><thead><tr>${USER_COLUMNS.map(
    (c, i) => `<th data-col="${i}" tabindex="0" aria-sort="none">${escapeHtml(c.header)}</th>`,
  ).join("")}</tr></thead>
<tbody>
`;
}

const USERS_SECTION_END = `</tbody></table></div></section>\n`;

/** One self-contained page: the summary (coverage as a bar, then cards and policies), then a sortable, filterable user table. */
export async function writeHtmlReport(header: ReportHeader, users: UserSource, sink: TextSink): Promise<void> {
  const title = `MFA status report${header.tenantId ? ` for tenant ${header.tenantId}` : ""}`;
  await sink.write(pageStart(title, header.generatedAt) + summaryHtml(header.summary, "") + usersSectionStart("", "Users"));
  for await (const status of users) await sink.write(userRow(status));
  await sink.write(USERS_SECTION_END + pageEnd());
}

/**
 * Every tenant on one page: the fleet summary first (the fleet's coverage bar, then a sortable table with one line and
 * bar per tenant), then each tenant's section (its summary and user table) in the order given.
 */
export async function writeFleetHtmlReport(fleet: FleetReport, sink: TextSink): Promise<void> {
  const t = fleet.summary.totals;
  await sink.write(pageStart(`MFA status of ${t.tenants} tenant${t.tenants === 1 ? "" : "s"}`, fleet.generatedAt) + fleetSummaryHtml(fleet));
  for (const [i, e] of fleet.entries.entries()) {
    const prefix = `t${i}-`;
    const heading = `<h2 class="tenant-heading" id="${prefix}tenant">${escapeHtml(e.tenant.name)} <span class="id">${escapeHtml(e.ok ? (e.header.tenantId ?? e.tenant.tenant) : e.tenant.tenant)}</span></h2>`;
    if (!e.ok) {
      await sink.write(`<article class="tenant failed" id="${prefix}article">${heading}<div class="alert" role="alert"><h3>This tenant could not be read</h3><p class="error">${escapeHtml(e.error)}</p></div></article>\n`);
      continue;
    }
    await sink.write(`<article class="tenant" id="${prefix}article">${heading}${summaryHtml(e.header.summary, prefix)}${usersSectionStart(prefix, `Users of ${e.tenant.name}`)}`);
    for await (const status of e.users()) await sink.write(userRow(status));
    await sink.write(USERS_SECTION_END + `</article>\n`);
  }
  await sink.write(pageEnd());
}

function userRow(s: UserMfaStatus): string {
  const cells = USER_COLUMNS.map((c) => {
    const lines = c.lines(s).filter((l) => l !== "");
    const sort = c.sortKey ? ` data-sort="${escapeHtml(c.sortKey(s))}"` : "";
    const cls = c.className === "verdict" ? ` class="verdict v-${s.mfaEnforced}" title="${escapeHtml(s.verdictReason)}"` : c.className ? ` class="${c.className}"` : "";
    return `<td${cls}${sort}>${c.html ? c.html(lines) : lineDivs(lines)}</td>`;
  });
  const gap = s.accountEnabled && s.mfaEnforced !== "yes";
  return `<tr data-gap="${gap}"${s.accountEnabled ? "" : ` class="disabled"`}>${cells.join("")}</tr>\n`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const VERDICT_PARTS: { key: keyof Coverage; label: string }[] = [
  { key: "covered", label: "Covered" },
  { key: "partial", label: "Partial" },
  { key: "reportOnly", label: "Report-only" },
  { key: "notCovered", label: "Not covered" },
];

/** Coverage of enabled users as one stacked bar (a picture with its numbers in its label and its segments' titles). */
function coverageBar(c: Coverage, label: string): string {
  const total = c.covered + c.partial + c.reportOnly + c.notCovered;
  const share = (n: number) => (total ? (100 * n) / total : 0);
  const parts = VERDICT_PARTS.map((p) => ({ ...p, n: c[p.key], pct: share(c[p.key]) }));
  const said = parts.map((p) => `${p.label.toLowerCase()} ${p.n} (${Math.round(p.pct)}%)`).join(", ");
  const segments = parts
    .filter((p) => p.n > 0)
    .map((p) => `<span class="seg seg-${p.key}" data-count="${p.n}" style="width:${p.pct.toFixed(2)}%" title="${p.label}: ${p.n} (${Math.round(p.pct)}%)"></span>`)
    .join("");
  return `<div class="bar" role="img" aria-label="${escapeHtml(`${label}: ${total ? said : "no enabled users"}`)}">${segments}</div>`;
}

const LEGEND = `<div class="legend">${VERDICT_PARTS.map((p) => `<span><i class="seg-${p.key}"></i>${p.label}</span>`).join("")}</div>`;

function summaryHtml(s: ReportSummary, prefix: string): string {
  const enabled = s.users.enabled;
  const pct = (n: number) => (enabled ? `${Math.round((100 * n) / enabled)}% of enabled users` : "no enabled users");
  const card = (label: string, value: string | number, note: string, tone: string, id: string) =>
    `<div class="card ${tone}" id="${prefix}${id}"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(String(value))}</div><div class="note">${escapeHtml(note)}</div></div>`;
  const admins = s.adminsNotCovered.length
    ? `<div class="alert" role="alert" id="${prefix}admin-warning"><h2>⚠ ${s.adminsNotCovered.length} enabled admin${s.adminsNotCovered.length > 1 ? "s are" : " is"} not fully covered by MFA</h2><ul>${s.adminsNotCovered
        .map(
          (a) =>
            `<li><strong>${escapeHtml(a.userPrincipalName)}</strong>${a.displayName ? ` (${escapeHtml(a.displayName)})` : ""}: ${escapeHtml(a.adminRoles.join(", "))}, MFA ${escapeHtml(VERDICT_LABEL[a.mfaEnforced].toLowerCase())}</li>`,
        )
        .join("")}</ul></div>`
    : "";
  const sp = s.systemPreferred;
  const warnings = s.warnings.length ? `<ul class="warnings">${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>` : "";
  const policies = s.policies.length
    ? `<table class="policies"><thead><tr><th>Policy requiring MFA</th><th>Effect</th><th>Limited to</th><th>Applies to</th><th>Excludes</th></tr></thead><tbody>${s.policies
        .map(
          (p) =>
            `<tr class="role-${p.role}"><td>${escapeHtml(p.policy.displayName)}${p.policy.managed ? ` <span class="tag">managed</span>` : ""}<div class="id">${escapeHtml(p.policy.id)}</div></td><td>${escapeHtml(ROLE_TEXT[p.role])}</td><td>${p.limitedTo.map((l) => `<div>${escapeHtml(l)}</div>`).join("") || "all sign-ins"}</td><td>${p.appliesToUsers}</td><td>${p.excludedUsers}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p>No Conditional Access policy requires MFA.</p>`;
  return `<section class="summary" id="${prefix}summary">
${admins}
<div class="coverage"><h3>Coverage of ${enabled} enabled users</h3>${coverageBar(coverageOf(s), "Coverage of enabled users")}${LEGEND}</div>
<div class="cards">
${card("Users", s.users.total, `${enabled} enabled, ${s.users.disabled} disabled, ${plural(s.users.guests, "guest")}, ${plural(s.users.admins, "admin")}`, "neutral", "card-users")}
${card("Covered", s.enabledUsers.covered, pct(s.enabledUsers.covered), "good", "card-covered")}
${card("Partial", s.enabledUsers.partial, pct(s.enabledUsers.partial), s.enabledUsers.partial ? "warn" : "neutral", "card-partial")}
${card("Report-only only", s.enabledUsers.reportOnlyOnly, pct(s.enabledUsers.reportOnlyOnly), s.enabledUsers.reportOnlyOnly ? "warn" : "neutral", "card-report-only")}
${card("Not covered", s.enabledUsers.notCovered, pct(s.enabledUsers.notCovered), s.enabledUsers.notCovered ? "bad" : "good", "card-not-covered")}
${card("Admins not covered", s.adminsNotCovered.length, `of ${s.users.admins} admins`, s.adminsNotCovered.length ? "bad" : "good", "card-admins")}
${card("Not registered for MFA", s.enabledUsers.mfaNotRegistered, `${pct(s.enabledUsers.mfaNotRegistered)}: the registration report says no MFA method`, s.enabledUsers.mfaNotRegistered ? "warn" : "neutral", "card-unregistered")}
${card("MFA registration unknown", s.enabledUsers.mfaRegistrationUnknown, `${pct(s.enabledUsers.mfaRegistrationUnknown)}: no row in the registration report, so not known either way`, s.enabledUsers.mfaRegistrationUnknown ? "warn" : "neutral", "card-registration-unknown")}
${card("Security Defaults", s.securityDefaults.isEnabled ? "On" : "Off", s.securityDefaults.isEnabled ? "Conditional Access is not in force" : "Conditional Access governs MFA", "neutral", "card-sd")}
${card("System-preferred MFA", sp.state, systemPreferredText(sp), "neutral", "card-system-preferred")}
</div>
${warnings}
<h2>Policies</h2>
${policies}
</section>`;
}

interface FleetHtmlColumn {
  header: string;
  /** The cell as HTML (every directory value escaped) and the value it sorts by (numbers as numbers). */
  cell(row: FleetTenantRow, index: number): { html: string; sort: string | number };
}

const n = (value: number | null | undefined) => ({ html: value === null || value === undefined ? "–" : String(value), sort: value ?? -1 });

const FLEET_COLUMNS: FleetHtmlColumn[] = [
  { header: "Tenant", cell: (r, i) => ({ html: `<a href="#t${i}-tenant">${escapeHtml(r.name)}</a><div class="id">${escapeHtml(r.tenantId ?? r.tenant)}</div>`, sort: r.name.toLowerCase() }) },
  { header: "Users", cell: (r) => n(r.users) },
  {
    header: "Coverage",
    cell: (r) => ({
      html: r.coverage ? coverageBar(r.coverage, `Coverage of ${r.name}`) : "",
      sort: r.coverage && r.enabledUsers ? r.coverage.covered / r.enabledUsers : -1,
    }),
  },
  { header: "Covered", cell: (r) => n(r.coverage?.covered) },
  { header: "Partial", cell: (r) => n(r.coverage?.partial) },
  { header: "Report-only", cell: (r) => n(r.coverage?.reportOnly) },
  { header: "Not covered", cell: (r) => n(r.coverage?.notCovered) },
  { header: "Admins not covered", cell: (r) => n(r.adminsNotCovered) },
  { header: "Not registered", cell: (r) => n(r.mfaNotRegistered) },
  { header: "Registration unknown", cell: (r) => n(r.mfaRegistrationUnknown) },
  { header: "Security Defaults", cell: (r) => ({ html: r.securityDefaults === null ? "–" : r.securityDefaults ? "On" : "Off", sort: r.securityDefaults === null ? "" : String(r.securityDefaults) }) },
  { header: "System-preferred MFA", cell: (r) => ({ html: escapeHtml(r.systemPreferred ?? "–"), sort: r.systemPreferred ?? "" }) },
  {
    header: "Errors",
    cell: (r) => ({
      html: r.error
        ? `<div class="error">${escapeHtml(r.error)}</div>`
        : r.warnings.map((w) => `<div class="warning">${escapeHtml(w)}</div>`).join(""),
      sort: r.error ? 2 : r.warnings.length ? 1 : 0,
    }),
  },
];

function fleetSummaryHtml(fleet: FleetReport): string {
  const t = fleet.summary.totals;
  const pct = (x: number) => (t.enabledUsers ? `${Math.round((100 * x) / t.enabledUsers)}%` : "–");
  const failed = t.failed
    ? `<div class="alert" role="alert" id="fleet-failed"><h2>⚠ ${t.failed} of ${t.tenants} tenants could not be read</h2><ul>${fleet.summary.tenants
        .map((r, i) => (r.error ? `<li><a href="#t${i}-tenant">${escapeHtml(r.name)}</a>: ${escapeHtml(r.error)}</li>` : ""))
        .join("")}</ul></div>`
    : "";
  const rows = fleet.summary.tenants
    .map((r, i) => {
      const cells = FLEET_COLUMNS.map((c) => c.cell(r, i));
      return `<tr class="${r.error ? "failed" : (r.adminsNotCovered ?? 0) > 0 ? "admin-gap" : ""}">${cells.map((c) => `<td data-sort="${escapeHtml(String(c.sort))}">${c.html}</td>`).join("")}</tr>`;
    })
    .join("\n");
  return `<section id="fleet-summary"><h2>Fleet summary</h2>
${failed}
<div class="coverage"><h3>Coverage of ${t.enabledUsers} enabled users in ${t.read} tenant${t.read === 1 ? "" : "s"}: ${pct(t.coverage.covered)} covered</h3>${coverageBar(t.coverage, "Coverage of the fleet")}${LEGEND}</div>
<p class="totals">${t.users} users; ${t.coverage.notCovered} enabled users not covered, ${t.adminsNotCovered} admins not covered; ${t.mfaNotRegistered} not registered for MFA and ${t.mfaRegistrationUnknown} whose registration is unknown; Security Defaults on in ${t.securityDefaultsOn} of ${t.read} tenants.</p>
<table id="fleet" class="sortable"><thead><tr>${FLEET_COLUMNS.map((c, i) => `<th data-col="${i}" tabindex="0" aria-sort="none">${escapeHtml(c.header)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody></table></section>
`;
}

const STYLE = `
:root{--good:#1b7f3b;--warn:#b26a00;--bad:#b3261e;--ink:#1d232b;--muted:#5b6672;--line:#dde2e8;--bg:#f6f8fa;--partial:#e0a526;--reportonly:#8d6fd1;--none:#c8372d}
*{box-sizing:border-box}body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
h1{font-size:24px;margin:0}h2{font-size:17px;margin:24px 0 8px}h3{font-size:14px;margin:12px 0 6px}.meta{color:var(--muted);margin:4px 0 16px}
.alert{border:2px solid var(--bad);background:#fdecea;color:#5f1410;border-radius:8px;padding:12px 16px;margin:0 0 16px}
.alert h2,.alert h3{margin:0 0 6px;color:var(--bad)}.alert ul{margin:0;padding-left:20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
.card{border:1px solid var(--line);border-top:4px solid var(--muted);border-radius:8px;padding:10px 12px;background:var(--bg)}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .value{font-size:26px;font-weight:600}
.card .note{color:var(--muted);font-size:12px;overflow-wrap:anywhere}
.card.good{border-top-color:var(--good)}.card.warn{border-top-color:var(--warn)}.card.bad{border-top-color:var(--bad)}.card.bad .value{color:var(--bad)}
.coverage{margin:0 0 16px}.bar{display:flex;height:18px;min-width:120px;border-radius:4px;overflow:hidden;background:var(--line)}
.seg{display:block;height:100%}.seg-covered{background:var(--good)}.seg-partial{background:var(--partial)}.seg-reportOnly{background:var(--reportonly)}.seg-notCovered{background:var(--none)}
.coverage .bar{height:26px;max-width:900px}.legend{display:flex;gap:16px;font-size:12px;color:var(--muted);margin-top:4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.warnings{background:#fff7e6;border:1px solid #f0c36d;border-radius:8px;padding:8px 12px 8px 28px;margin:12px 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0;font-weight:600}
.users-table th,.sortable th{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.table-wrap{overflow-x:auto}.id,td.user div+div{color:var(--muted);font-size:12px}
.users-table td{font-size:13px}td.wide{min-width:180px;font-size:12px;overflow-wrap:anywhere}td.user{min-width:150px;max-width:240px;overflow-wrap:anywhere}
td.roles{max-width:150px}td.methods{max-width:190px;overflow-wrap:anywhere}td div+div{margin-top:2px}
details summary{cursor:pointer;color:#254b9b;font-size:12px}
.verdict div{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.v-yes div{background:#e3f4e8;color:var(--good)}.v-partial div,.v-reportOnly div{background:#fff1d6;color:var(--warn)}.v-no div{background:#fdecea;color:var(--bad)}
tr.disabled td{color:var(--muted)}.tag{font-size:11px;background:#e7eefc;color:#254b9b;border-radius:6px;padding:0 5px}
.controls{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:8px 0}.filter{padding:6px 8px;width:320px;border:1px solid var(--line);border-radius:6px}
.row-count,.page-info{color:var(--muted)}.pager{display:flex;gap:8px;align-items:center;margin-left:auto}
.pager button,.pager select{font:inherit;padding:3px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
.users-table tbody tr{display:none}.users-table.ready tbody tr{display:table-row}footer{margin-top:24px;color:var(--muted);font-size:12px}
#fleet td .bar{width:160px}#fleet tr.failed td{background:#fdecea}#fleet .error{color:var(--bad);font-size:12px;max-width:360px}#fleet .warning{color:var(--warn);font-size:12px;max-width:360px}
article.tenant{border-top:3px solid var(--line);margin-top:32px}.tenant-heading{font-size:20px}
@media print{.controls{display:none}th{position:static}}
`;

/** Rows shown per page: a browser lays out a few hundred rows at once, not 50,000. */
const PAGE_SIZE = 200;

/**
 * Each user table (one per tenant section) pages, sorts (click a header, again to reverse), filters by text and by
 * "not fully covered", and says how many rows match. Rows arrive hidden by CSS, so the browser never lays out a
 * whole table: the script keeps every row in an array and puts only the current page into the table. The fleet
 * summary table sorts in place (numbers as numbers).
 */
const SCRIPT = `
(function () {
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sortable(th, headers, sort) {
    function run() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      sort(Number(th.getAttribute("data-col")), dir);
    }
    th.addEventListener("click", run);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); run(); } });
  }
  function usersTable(section) {
    var table = section.querySelector(".users-table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = null;
    var keys = {};
    var matching = rows;
    var page = 0;
    function el(cls) { return section.querySelector("." + cls); }
    var filter = el("filter"), gapOnly = el("gap-only"), count = el("row-count"), pageInfo = el("page-info");
    var prev = el("prev"), next = el("next"), pageSize = el("page-size");
    function size() { return Number(pageSize.value) || rows.length || 1; }
    function show() {
      var pages = Math.max(1, Math.ceil(matching.length / size()));
      page = Math.min(page, pages - 1);
      var start = page * size();
      var frag = document.createDocumentFragment();
      matching.slice(start, start + size()).forEach(function (r) { frag.appendChild(r); });
      body.textContent = "";
      body.appendChild(frag);
      count.textContent = "Showing " + matching.length + " of " + rows.length + " users";
      pageInfo.textContent = matching.length ? "rows " + (start + 1) + "\\u2013" + Math.min(start + size(), matching.length) + " (page " + (page + 1) + " of " + pages + ")" : "";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    function apply() {
      var q = filter.value.trim().toLowerCase();
      if (q && !texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
      matching = rows.filter(function (r, i) {
        return (!q || texts[i].indexOf(q) !== -1) && (!gapOnly.checked || r.getAttribute("data-gap") === "true");
      });
      page = 0;
      show();
    }
    function keysOf(col) {
      if (!keys[col]) keys[col] = rows.map(function (r) {
        var cell = r.cells[col];
        return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.toLowerCase();
      });
      return keys[col];
    }
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th) {
      sortable(th, headers, function (col, dir) {
        var k = keysOf(col);
        var order = rows.map(function (r, i) { return i; });
        order.sort(function (a, b) { return (k[a] < k[b] ? -1 : k[a] > k[b] ? 1 : a - b) * dir; });
        rows = order.map(function (i) { return rows[i]; });
        if (texts) texts = order.map(function (i) { return texts[i]; });
        Object.keys(keys).forEach(function (c) { var old = keys[c]; keys[c] = order.map(function (i) { return old[i]; }); });
        apply();
      });
    });
    var timer;
    filter.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
    gapOnly.addEventListener("change", apply);
    pageSize.addEventListener("change", function () { page = 0; show(); });
    prev.addEventListener("click", function () { page--; show(); });
    next.addEventListener("click", function () { page++; show(); });
    window.addEventListener("beforeprint", function () { pageSize.value = "0"; show(); });
    apply();
    table.classList.add("ready");
  }
  function sortableTable(table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th) {
      sortable(th, headers, function (col, dir) {
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) { return { r: r, i: i, k: r.cells[col].getAttribute("data-sort") || "" }; });
        rows.sort(function (a, b) { return (compare(a.k, b.k) || a.i - b.i) * dir; });
        rows.forEach(function (x) { body.appendChild(x.r); });
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".users-section"), usersTable);
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortableTable);
})();
`;

const SCRIPT_HASH = `sha256-${createHash("sha256").update(SCRIPT).digest("base64")}`;
