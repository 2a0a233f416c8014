import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveConnection, type ConnectionInput } from "../graph";
import { graphFor } from "../handlers/context";
import { generateProgram } from "../import/program";
import { projectFiles } from "../import/project";
import { readImportSnapshot } from "../import/read";
import type { StackConnection } from "../import/snapshot";
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf } from "./connection";
import { parse, UsageError } from "./usage";
import { packageVersion } from "./version";

export const IMPORT_HELP = `usage: entra-mfa import [--out FILE | --project DIR [--stack NAME]] [connection options]

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

export async function importCommand(args: string[]): Promise<number> {
  const values = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(IMPORT_HELP + "\n");
    return 0;
  }
  if (values.out && values.project) throw new UsageError("choose one of --out and --project");
  if (values.stack && !values.project) throw new UsageError("--stack names the stack of --project");
  const connection = connectionOf(values);
  const graph = graphFor(connection, { get: () => undefined });
  const snapshot = await readImportSnapshot(graph, { perUserMfa: !values["skip-per-user-mfa"] });
  const generated = generateProgram(snapshot, stackConnectionOf(connection, values["client-secret-file"]), new Date());
  if (values.project) {
    const stack = values.stack ?? "dev";
    const files = projectFiles({
      projectName: "mfa-governance",
      description: `MFA governance of tenant ${snapshot.tenantId}, imported by entra-mfa import`,
      source: generated.source,
      stacks: [{ name: stack, ...generated }],
      libraryVersion: packageVersion(),
    });
    mkdirSync(values.project, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(values.project, name), text);
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
