import { createHash } from "node:crypto";
import { exclusionText, ROLE_TEXT, scopedText, sourceText, systemPreferredText } from "../describe";
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
  sortKey?(status: UserMfaStatus): string;
  className?: string;
}

/** The policies table right above shows each policy's id; the user table names them. */
const NO_IDS = { ids: false };
const text = (key: ColumnKey) => (s: UserMfaStatus) => [COLUMNS[key].value(s)];

const USER_COLUMNS: HtmlColumn[] = [
  { header: "User", lines: (s) => [s.userPrincipalName, s.displayName ?? ""], className: "user" },
  { header: "Enabled", lines: text("accountEnabled") },
  { header: "Type", lines: text("userType") },
  { header: "Admin roles", lines: (s) => s.adminRoles },
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
  { header: "Methods", lines: (s) => s.methodsRegistered ?? ["unknown"] },
  {
    header: "System-preferred",
    lines: (s) => [s.systemPreferred.applies, ...(s.systemPreferred.methods ?? [])],
  },
];

/**
 * One self-contained page (inline CSS and JS, no external URL; a Content-Security-Policy forbids loading anything and
 * runs only this page's own script, by hash). Summary cards first, then a sortable, filterable user table.
 */
export async function writeHtmlReport(header: ReportHeader, users: UserSource, sink: TextSink): Promise<void> {
  const title = `MFA status report${header.tenantId ? ` for tenant ${header.tenantId}` : ""}`;
  await sink.write(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body>
<header><h1>${escapeHtml(title)}</h1><p class="meta">Generated ${escapeHtml(header.generatedAt)}</p></header>
${summaryHtml(header.summary)}
<section id="users-section"><h2>Users</h2>
<div class="controls"><input id="filter" type="search" placeholder="Filter users, roles, policies…" aria-label="Filter users">
<label><input id="not-covered-only" type="checkbox"> Only users not fully covered</label>
<span id="row-count" aria-live="polite"></span>
<span class="pager"><button id="prev" type="button">‹ Previous</button><span id="page-info"></span><button id="next" type="button">Next ›</button>
<label>Rows per page <select id="page-size"><option>100</option><option selected>${PAGE_SIZE}</option><option>1000</option><option value="0">All</option></select></label></span></div>
<noscript><style>#users tbody tr{display:table-row}.pager{display:none}</style></noscript>
<div class="table-wrap"><table id="users"><thead><tr>${USER_COLUMNS.map(
    (c, i) => `<th data-col="${i}" tabindex="0" aria-sort="none">${escapeHtml(c.header)}</th>`,
  ).join("")}</tr></thead>
<tbody>
`);
  for await (const status of users) await sink.write(userRow(status));
  await sink.write(`</tbody></table></div></section>
<footer>MFA status per user: "Enforced" means every sign-in requires MFA; "Partial" means only some applications or conditions do; report-only policies never enforce.</footer>
<script>${SCRIPT}</script>
</body></html>
`);
}

function userRow(s: UserMfaStatus): string {
  const cells = USER_COLUMNS.map((c) => {
    const lines = c.lines(s).filter((l) => l !== "");
    const sort = c.sortKey ? ` data-sort="${escapeHtml(c.sortKey(s))}"` : "";
    const cls = c.className === "verdict" ? ` class="verdict v-${s.mfaEnforced}" title="${escapeHtml(s.verdictReason)}"` : c.className ? ` class="${c.className}"` : "";
    return `<td${cls}${sort}>${lines.map((l) => `<div>${escapeHtml(l)}</div>`).join("")}</td>`;
  });
  const gap = s.accountEnabled && s.mfaEnforced !== "yes";
  return `<tr data-gap="${gap}"${s.accountEnabled ? "" : ` class="disabled"`}>${cells.join("")}</tr>\n`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function summaryHtml(s: ReportSummary): string {
  const enabled = s.users.enabled;
  const pct = (n: number) => (enabled ? `${Math.round((100 * n) / enabled)}% of enabled users` : "no enabled users");
  const card = (label: string, value: string | number, note: string, tone: string, id: string) =>
    `<div class="card ${tone}" id="${id}"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(String(value))}</div><div class="note">${escapeHtml(note)}</div></div>`;
  const admins = s.adminsNotCovered.length
    ? `<div class="alert" role="alert" id="admin-warning"><h2>⚠ ${s.adminsNotCovered.length} enabled admin${s.adminsNotCovered.length > 1 ? "s are" : " is"} not fully covered by MFA</h2><ul>${s.adminsNotCovered
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
  return `<section id="summary">
${admins}
<div class="cards">
${card("Users", s.users.total, `${enabled} enabled, ${s.users.disabled} disabled, ${plural(s.users.guests, "guest")}, ${plural(s.users.admins, "admin")}`, "neutral", "card-users")}
${card("Covered", s.enabledUsers.covered, pct(s.enabledUsers.covered), "good", "card-covered")}
${card("Partial", s.enabledUsers.partial, pct(s.enabledUsers.partial), s.enabledUsers.partial ? "warn" : "neutral", "card-partial")}
${card("Report-only only", s.enabledUsers.reportOnlyOnly, pct(s.enabledUsers.reportOnlyOnly), s.enabledUsers.reportOnlyOnly ? "warn" : "neutral", "card-report-only")}
${card("Not covered", s.enabledUsers.notCovered, pct(s.enabledUsers.notCovered), s.enabledUsers.notCovered ? "bad" : "good", "card-not-covered")}
${card("Admins not covered", s.adminsNotCovered.length, `of ${s.users.admins} admins`, s.adminsNotCovered.length ? "bad" : "good", "card-admins")}
${card("Not registered for MFA", s.enabledUsers.mfaNotRegistered, pct(s.enabledUsers.mfaNotRegistered), s.enabledUsers.mfaNotRegistered ? "warn" : "neutral", "card-unregistered")}
${card("Security Defaults", s.securityDefaults.isEnabled ? "On" : "Off", s.securityDefaults.isEnabled ? "Conditional Access is not in force" : "Conditional Access governs MFA", "neutral", "card-sd")}
${card("System-preferred MFA", sp.state, systemPreferredText(sp), "neutral", "card-system-preferred")}
</div>
${warnings}
<h2>Policies</h2>
${policies}
</section>`;
}

const STYLE = `
:root{--good:#1b7f3b;--warn:#b26a00;--bad:#b3261e;--ink:#1d232b;--muted:#5b6672;--line:#dde2e8;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
h1{font-size:24px;margin:0}h2{font-size:17px;margin:24px 0 8px}.meta{color:var(--muted);margin:4px 0 16px}
.alert{border:2px solid var(--bad);background:#fdecea;color:#5f1410;border-radius:8px;padding:12px 16px;margin:0 0 16px}
.alert h2{margin:0 0 6px;color:var(--bad)}.alert ul{margin:0;padding-left:20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
.card{border:1px solid var(--line);border-top:4px solid var(--muted);border-radius:8px;padding:10px 12px;background:var(--bg)}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .value{font-size:26px;font-weight:600}
.card .note{color:var(--muted);font-size:12px;overflow-wrap:anywhere}
.card.good{border-top-color:var(--good)}.card.warn{border-top-color:var(--warn)}.card.bad{border-top-color:var(--bad)}.card.bad .value{color:var(--bad)}
.warnings{background:#fff7e6;border:1px solid #f0c36d;border-radius:8px;padding:8px 12px 8px 28px;margin:12px 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0;font-weight:600;white-space:nowrap}
#users th{cursor:pointer;user-select:none}#users th[aria-sort=ascending]::after{content:" ▲"}#users th[aria-sort=descending]::after{content:" ▼"}
.table-wrap{overflow-x:auto}.policies .id,td.user div+div{color:var(--muted);font-size:12px}
td.wide{min-width:260px;font-size:12px;overflow-wrap:anywhere}td.user{min-width:240px;overflow-wrap:anywhere}td div+div{margin-top:2px}td{white-space:nowrap}td.wide,td.user{white-space:normal}
.verdict div{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.v-yes div{background:#e3f4e8;color:var(--good)}.v-partial div,.v-reportOnly div{background:#fff1d6;color:var(--warn)}.v-no div{background:#fdecea;color:var(--bad)}
tr.disabled td{color:var(--muted)}.tag{font-size:11px;background:#e7eefc;color:#254b9b;border-radius:6px;padding:0 5px}
.controls{display:flex;gap:16px;align-items:center;margin:8px 0}#filter{padding:6px 8px;width:320px;border:1px solid var(--line);border-radius:6px}
#row-count,#page-info{color:var(--muted)}.pager{display:flex;gap:8px;align-items:center;margin-left:auto}
.pager button,.pager select{font:inherit;padding:3px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
#users tbody tr{display:none}#users.ready tbody tr{display:table-row}footer{margin-top:24px;color:var(--muted);font-size:12px}
@media print{.controls{display:none}th{position:static}}
`;

/** Rows shown per page: a browser lays out a few hundred rows at once, not 50,000. */
const PAGE_SIZE = 200;

/**
 * Pages, sorts (click a header, again to reverse), filters by text and by "not fully covered", and says how many rows
 * match. Rows arrive hidden by CSS, so the browser never lays out the whole table: the script keeps every row in an
 * array and puts only the current page into the table.
 */
const SCRIPT = `
(function () {
  var table = document.getElementById("users");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = null;
  var keys = {};
  var matching = rows;
  var page = 0;
  var filter = document.getElementById("filter");
  var gapOnly = document.getElementById("not-covered-only");
  var count = document.getElementById("row-count");
  var pageInfo = document.getElementById("page-info");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var pageSize = document.getElementById("page-size");
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
    pageInfo.textContent = matching.length ? "rows " + (start + 1) + "\u2013" + Math.min(start + size(), matching.length) + " (page " + (page + 1) + " of " + pages + ")" : "";
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
  function sortBy(th) {
    var col = Number(th.getAttribute("data-col"));
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var k = keysOf(col);
    var order = rows.map(function (r, i) { return i; });
    order.sort(function (a, b) { return (k[a] < k[b] ? -1 : k[a] > k[b] ? 1 : a - b) * dir; });
    rows = order.map(function (i) { return rows[i]; });
    if (texts) texts = order.map(function (i) { return texts[i]; });
    Object.keys(keys).forEach(function (c) { var old = keys[c]; keys[c] = order.map(function (i) { return old[i]; }); });
    apply();
  }
  headers.forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
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
})();
`;

const SCRIPT_HASH = `sha256-${createHash("sha256").update(SCRIPT).digest("base64")}`;
