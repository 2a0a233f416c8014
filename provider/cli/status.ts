import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { spoolMfaStatus, streamSink, writeReport, type ReportFormat } from "../report";
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf } from "./connection";
import { stderrProgress } from "./progress";
import { parse, UsageError } from "./usage";

export const STATUS_HELP = `usage: entra-mfa status [--json | --csv | --html] [--out FILE] [connection options]

Who has MFA and why: every user, whether MFA is enforced for them and by what (Security Defaults, which
Conditional Access policy, legacy per-user MFA), what excludes them, admin roles, MFA registration and
system-preferred MFA. Reads only; progress goes to stderr.

Output:
  (default)                 a table for the terminal, summary and warnings first
  --json | --csv | --html   one JSON document, RFC 4180 CSV, or a self-contained HTML page
  --out FILE                write the report to FILE (created private, mode 600) instead of stdout
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
  const connection = connectionOf(values);
  const progress = values.quiet ? undefined : stderrProgress();
  const report = await spoolMfaStatus({
    connection,
    managedPolicyName: values["managed-policy-name"],
    managedPolicyId: values["managed-policy-id"],
    onProgress: progress?.update,
  }).finally(() => progress?.done());
  try {
    const stream = values.out ? createWriteStream(values.out, { mode: 0o600 }) : process.stdout;
    const color = format === "table" && !values.out && process.stdout.isTTY === true && !process.env.NO_COLOR;
    await writeReport(format, report.header, report.users(), streamSink(stream), { color });
    if (values.out) {
      stream.end();
      await finished(stream);
      process.stderr.write(`entra-mfa: wrote the ${format} report of ${report.header.summary.users.total} users to ${values.out}\n`);
    }
  } finally {
    await report.dispose();
  }
  return 0;
}
