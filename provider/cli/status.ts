import { createWriteStream, fchmodSync, openSync } from "node:fs";
import { finished } from "node:stream/promises";
import { loadTenantsFile, spoolFleetMfaStatus, spoolMfaStatus, streamSink, TenantsFileError, writeFleetReport, writeReport, type ReportFormat } from "../report";
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf } from "./connection";
import { stderrFleetProgress, stderrProgress } from "./progress";
import { parse, UsageError } from "./usage";

export const STATUS_HELP = `usage: entra-mfa status [--json | --csv | --html] [--out FILE] [--wide] [--tenants FILE | connection options]

Who has MFA and why: every user, whether MFA is enforced for them and by what (Security Defaults, which
Conditional Access policy, legacy per-user MFA), what excludes them, admin roles, MFA registration and
system-preferred MFA. Reads only; progress goes to stderr.

Output:
  (default)                 a table for the terminal, summary and warnings first
  --json | --csv | --html   one JSON document, RFC 4180 CSV, or a self-contained HTML page
  --out FILE                write the report to FILE (private: mode 600, also when FILE exists) instead of stdout
  --wide                    the table with every column, whatever the terminal's width
  --tenants FILE            every tenant in one report: FILE (YAML or JSON) lists each tenant (id or domain), its
                            name and its credential (clientSecretFile or clientSecretEnv, never the secret itself);
                            tenants are read side by side, one that fails is reported with its error (exit code 1)
  --managed-policy-name N   the policy to name as managed (default: ManagedMfaPolicy's default name)
  --managed-policy-id ID    the same, by id
  --quiet                   no progress on stderr

${CONNECTION_HELP}

Permissions: Policy.Read.All, User.Read.All, GroupMember.Read.All, RoleManagement.Read.Directory, AuditLog.Read.All
(without it, registration is reported unknown, with a warning), Policy.Read.AuthenticationMethod.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  json: { type: "boolean" },
  csv: { type: "boolean" },
  html: { type: "boolean" },
  out: { type: "string" },
  wide: { type: "boolean" },
  tenants: { type: "string" },
  "managed-policy-name": { type: "string" },
  "managed-policy-id": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function statusCommand(args: string[]): Promise<number> {
  const values = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(STATUS_HELP + "\n");
    return 0;
  }
  const formats = (["json", "csv", "html"] as const).filter((f) => values[f]);
  if (formats.length > 1) throw new UsageError(`choose one of --json, --csv, --html (got ${formats.map((f) => `--${f}`).join(", ")})`);
  const format = (formats[0] ?? "table") as ReportFormat;
  if (format === "html" && !values.out && process.stdout.isTTY === true) {
    throw new UsageError("--html writes a web page, not text for the terminal: give --out FILE (e.g. --out mfa.html), or redirect stdout to a file");
  }
  const toTerminal = format === "table" && !values.out && process.stdout.isTTY === true;
  const render = {
    color: toTerminal && !process.env.NO_COLOR,
    width: toTerminal && !values.wide ? process.stdout.columns : undefined,
  };
  if (values.tenants !== undefined) return fleetCommand(values.tenants, values, format, render);
  const connection = connectionOf(values);
  const progress = values.quiet ? undefined : stderrProgress();
  const report = await spoolMfaStatus({
    connection,
    managedPolicyName: values["managed-policy-name"],
    managedPolicyId: values["managed-policy-id"],
    onProgress: progress?.update,
  }).finally(() => progress?.done());
  try {
    await writeOut(values.out, (sink) => writeReport(format, report.header, report.users(), sink, render));
    if (values.out) process.stderr.write(`entra-mfa: wrote the ${format} report of ${report.header.summary.users.total} users to ${values.out}\n`);
  } finally {
    await report.dispose();
  }
  return 0;
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>;

async function fleetCommand(file: string, values: Values, format: ReportFormat, render: { color: boolean; width?: number }): Promise<number> {
  const given = (Object.keys(CONNECTION_OPTIONS) as (keyof typeof CONNECTION_OPTIONS)[]).filter((k) => values[k] !== undefined);
  if (given.length) throw new UsageError(`--tenants FILE says how to reach each tenant: leave out ${given.map((k) => `--${k}`).join(", ")}`);
  if (values["managed-policy-id"] !== undefined) throw new UsageError("--managed-policy-id names one tenant's policy: with --tenants, use --managed-policy-name");
  let tenants;
  try {
    tenants = loadTenantsFile(file);
  } catch (e) {
    if (e instanceof TenantsFileError) throw new UsageError(e.message);
    throw e;
  }
  const fleet = await spoolFleetMfaStatus({
    tenants,
    managedPolicyName: values["managed-policy-name"],
    onTenant: values.quiet ? undefined : stderrFleetProgress(tenants.length),
  });
  try {
    await writeOut(values.out, (sink) => writeFleetReport(format, fleet, sink, render));
    const t = fleet.summary.totals;
    if (values.out) process.stderr.write(`entra-mfa: wrote the ${format} report of ${t.tenants} tenants (${t.users} users) to ${values.out}\n`);
    if (t.failed) process.stderr.write(`entra-mfa: ${t.failed} of ${t.tenants} tenants could not be read (their errors are in the report)\n`);
    return t.failed ? 1 : 0;
  } finally {
    await fleet.dispose();
  }
}

/**
 * Renders to stdout, or to FILE made private first: an existing file keeps its inode and would keep its mode, so it
 * is set to 600 before anything is written (the report names every user and admin gap).
 */
async function writeOut(out: string | undefined, render: (sink: ReturnType<typeof streamSink>) => Promise<void>): Promise<void> {
  if (!out) return render(streamSink(process.stdout));
  let fd: number;
  try {
    fd = openSync(out, "w", 0o600);
    fchmodSync(fd, 0o600);
  } catch (e) {
    throw new UsageError(`--out ${out}: ${(e as Error).message}`);
  }
  const stream = createWriteStream("", { fd });
  await render(streamSink(stream));
  stream.end();
  await finished(stream);
}
