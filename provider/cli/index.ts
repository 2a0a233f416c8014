#!/usr/bin/env node
// entra-mfa: the MFA status report and the take-over plan from a shell. Exit codes: 0 done, 1 failed (Graph, credentials,
// or a plan the resource would refuse), 2 the command line is wrong.
import { exitUnlessSupportedNode } from "../../runtime/node-version";

exitUnlessSupportedNode("entra-mfa");
// Loaded after the check, so that an old Node.js gets its message rather than a stack trace from the library.
import { ConnectionError } from "../graph";
import { importCommand, IMPORT_HELP } from "./import";
import { planCommand, PLAN_HELP } from "./plan";
import { statusCommand, STATUS_HELP } from "./status";
import { UsageError } from "./usage";
import { stderrRetries } from "./progress";
import { packageVersion } from "./version";
import { inFlagWords, isMissingConnection } from "./wording";

const HELP = `usage: entra-mfa <command> [options]

Commands:
  status    who has MFA and why (the MFA status report)
  plan      what a ManagedMfaPolicy would change in the tenant (read-only)
  import    write the Pulumi program that declares the tenant's MFA governance as it is (read-only)

'entra-mfa <command> --help' shows a command's options; 'entra-mfa --version' the version.`;

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  status: { run: statusCommand, help: STATUS_HELP },
  plan: { run: planCommand, help: PLAN_HELP },
  import: { run: importCommand, help: IMPORT_HELP },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? process.stderr : process.stdout).write(HELP + "\n");
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    process.stdout.write(`entra-mfa ${packageVersion()} (pulumi-entra-mfa, Node.js ${process.versions.node})\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`entra-mfa: unknown command '${name}'\n\n${HELP}\n`);
    return 2;
  }
  const stopRetries = args.includes("--quiet") ? undefined : stderrRetries();
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`entra-mfa ${name}: ${e.message}\n\n${command.help.split("\n")[0]}\n(see 'entra-mfa ${name} --help')\n`);
      return 2;
    }
    const message = (e as Error).message ?? String(e);
    const hint = e instanceof ConnectionError && isMissingConnection(message) ? `\n(see 'entra-mfa ${name} --help' for the connection options)` : "";
    process.stderr.write(`entra-mfa ${name}: ${inFlagWords(message)}${hint}\n`);
    return 1;
  } finally {
    stopRetries?.();
  }
}

if (require.main === module) {
  // `entra-mfa status | head`: a reader that stops early is not a failure.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`entra-mfa: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
