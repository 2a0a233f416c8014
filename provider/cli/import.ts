import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { resolveConnection, type ConnectionInput } from "../graph";
import { graphFor } from "../handlers/context";
import { generateProgram } from "../import/program";
import { projectFiles, stackFile } from "../import/project";
import { tenantStackFile, TENANTS_PROGRAM } from "../import/stacks";
import { readImportSnapshot } from "../import/read";
import type { StackConnection } from "../import/snapshot";
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf } from "./connection";
import { parse, UsageError } from "./usage";
import { packageVersion } from "./version";

export const IMPORT_HELP = `usage: entra-mfa import [--out FILE | --project DIR [--stack NAME | --tenants FILE]] [connection options]

Reads the tenant (never writes) and writes a TypeScript program that declares its MFA governance as it is today:
a ManagedMfaPolicy adopting the policy that already requires MFA of every user (or, when none does, a commented
choice between adopting the closest one and creating one, with the plan of each), SecurityDefaultsOff or the
cut-over explained, SystemPreferredMfa as it is, and the stack config to set. Its first \`pulumi up\` writes nothing.

Output:
  (default)                 the program fragment on stdout, to add to an existing Pulumi program
  --out FILE                the fragment into FILE
  --project DIR             a whole project in DIR: Pulumi.yaml, Pulumi.<stack>.yaml, package.json, index.ts,
                            tsconfig.json (then: cd DIR && npm install && pulumi stack init <stack> && pulumi preview)
  --stack NAME              the stack of --project (default dev)
  --tenants FILE            with --project: one stack per tenant, one program reading each stack's config.
                            FILE is JSON: {"tenants": [{"stack": "contoso", "tenantId": "…", "clientId": "…",
                            "clientSecretFile": "contoso.secret"}, …]} (paths relative to FILE; the connection
                            flags given apply to every tenant)
  --skip-per-user-mfa       do not count legacy per-user MFA (one request per 20 users)
  --quiet                   no retry messages on stderr

${CONNECTION_HELP}

Permissions: Policy.Read.All, User.Read.All, GroupMember.Read.All, RoleManagement.Read.Directory,
Policy.Read.AuthenticationMethod.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  out: { type: "string" },
  project: { type: "string" },
  stack: { type: "string" },
  tenants: { type: "string" },
  "skip-per-user-mfa": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What the stack's config must say to reach the tenant the way this command did. */
function stackConnectionOf(input: ConnectionInput, clientSecretFile: string | undefined): StackConnection {
  const resolved = resolveConnection(input, { get: () => undefined });
  const kinds: Record<string, StackConnection["credential"]> = { clientSecret: "clientSecret", clientCertificate: "clientCertificate", managedIdentity: "managedIdentity" };
  return {
    tenantId: resolved.tenantId,
    ...(resolved.clientId ? { clientId: resolved.clientId } : {}),
    credential: kinds[resolved.credentials.kind] ?? "other",
    ...(clientSecretFile ? { clientSecretFile } : {}),
    ...(input.clientCertificatePath ? { clientCertificatePath: input.clientCertificatePath } : {}),
    ...(resolved.cloud.name !== "public" ? { cloud: resolved.cloud.name } : {}),
    ...(resolved.sources.graphBaseUrl ? { graphBaseUrl: resolved.graphBaseUrl } : {}),
    ...(resolved.sources.authorityHost ? { authorityHost: resolved.authorityHost } : {}),
  };
}

/** One tenant of --tenants FILE: its stack, and how to reach it (flags given on the command line apply to all). */
interface TenantEntry {
  stack: string;
  tenantId: string;
  clientId?: string;
  /** Relative to the file. */
  clientSecretFile?: string;
  certificatePath?: string;
}

function readTenants(file: string): TenantEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--tenants ${file}: ${(e as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { tenants?: unknown })?.tenants;
  if (!Array.isArray(list) || !list.length) throw new UsageError(`--tenants ${file} must hold a non-empty "tenants" list`);
  const stacks = new Set<string>();
  return list.map((entry: Partial<TenantEntry>, i) => {
    if (typeof entry?.stack !== "string" || !/^[\w.-]+$/.test(entry.stack) || typeof entry.tenantId !== "string")
      throw new UsageError(`--tenants ${file}: tenants[${i}] needs "stack" (letters, digits, _ . -) and "tenantId"`);
    if (stacks.has(entry.stack)) throw new UsageError(`--tenants ${file}: stack "${entry.stack}" is named twice`);
    stacks.add(entry.stack);
    const relative = (path?: string) => (path === undefined ? undefined : resolve(dirname(file), path));
    return { ...entry, clientSecretFile: relative(entry.clientSecretFile), certificatePath: relative(entry.certificatePath) } as TenantEntry;
  });
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>;

/** Reads one tenant and generates its program, through the connection the flags (or a --tenants entry) give. */
async function imported(values: Values, readAt: Date) {
  const connection = connectionOf(values);
  const snapshot = await readImportSnapshot(graphFor(connection, { get: () => undefined }), { perUserMfa: !values["skip-per-user-mfa"] });
  const stackConnection = stackConnectionOf(connection, values["client-secret-file"]);
  return { snapshot, stackConnection, generated: generateProgram(snapshot, stackConnection, readAt) };
}

function writeProject(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const PROJECT_NAME = "mfa-governance";

export async function importCommand(args: string[]): Promise<number> {
  const values = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(IMPORT_HELP + "\n");
    return 0;
  }
  if (values.out && values.project) throw new UsageError("choose one of --out and --project");
  if (values.stack && !values.project) throw new UsageError("--stack names the stack of --project");
  if (values.tenants && !values.project) throw new UsageError("--tenants writes a project: give --project DIR");
  if (values.tenants && (values.stack || values.tenant)) throw new UsageError("with --tenants, each entry names its stack and tenant (no --stack, --tenant)");
  const readAt = new Date();
  const project = { projectName: PROJECT_NAME, libraryVersion: packageVersion() };
  if (values.tenants) {
    const stackFiles: Record<string, string> = {};
    for (const entry of readTenants(values.tenants)) {
      const { snapshot, stackConnection } = await imported(
        { ...values, tenant: entry.tenantId, "client-id": entry.clientId ?? values["client-id"], "client-secret-file": entry.clientSecretFile, "certificate-path": entry.certificatePath },
        readAt,
      );
      stackFiles[entry.stack] = tenantStackFile(snapshot, stackConnection, entry.stack, PROJECT_NAME, readAt);
    }
    writeProject(values.project!, projectFiles({ ...project, description: `MFA governance of ${Object.keys(stackFiles).length} tenants, imported by entra-mfa import`, source: TENANTS_PROGRAM, stackFiles }));
    process.stderr.write(
      `entra-mfa: wrote the project to ${values.project}, one stack per tenant (${Object.keys(stackFiles).join(", ")}). Next:\n` +
        `  cd ${values.project} && npm install, then for each stack: pulumi stack init <stack>, set its secret (its Pulumi.<stack>.yaml says how), pulumi preview\n`,
    );
    return 0;
  }
  const { snapshot, generated } = await imported(values, readAt);
  if (values.project) {
    const stack = values.stack ?? "dev";
    const files = projectFiles({
      ...project,
      description: `MFA governance of tenant ${snapshot.tenantId}, imported by entra-mfa import`,
      source: generated.source,
      stackFiles: { [stack]: stackFile(generated) },
    });
    writeProject(values.project, files);
    process.stderr.write(
      `entra-mfa: wrote the project to ${values.project} (stack ${stack}). Next:\n  cd ${values.project} && npm install && pulumi stack init ${stack}\n` +
        generated.configCommands.filter((c) => c.includes("--secret")).map((c) => `  ${c}\n`).join("") +
        "  pulumi preview\n",
    );
  } else if (values.out) {
    writeFileSync(values.out, generated.source);
    process.stderr.write(`entra-mfa: wrote the program fragment to ${values.out}\n`);
  } else process.stdout.write(generated.source);
  return 0;
}
