#!/usr/bin/env node
// CLI of the engine double (a TEST DOUBLE of the Pulumi engine, not Pulumi):
//   npm run engine -- <preview|up|refresh|destroy> --program DIR --stack NAME --state FILE
//     [--config FILE] [--set KEY=VALUE]... [--secret KEY=VALUE]... [--package NAME=DIR]... [--parallel N]
import { parseArgs } from "node:util";
import { Command, ConfigInput, runEngine } from "./index";

const COMMANDS: readonly Command[] = ["preview", "up", "refresh", "destroy"];
const USAGE = `usage: engine <${COMMANDS.join("|")}> --program DIR --stack NAME --state FILE [--config FILE] [--set KEY=VALUE]... [--secret KEY=VALUE]... [--package NAME=DIR]... [--parallel N]`;

function pairs(values: string[] | undefined, flag: string): [string, string][] {
  return (values ?? []).map((pair) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--${flag} expects KEY=VALUE, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      program: { type: "string" },
      stack: { type: "string" },
      state: { type: "string" },
      config: { type: "string" },
      set: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
      package: { type: "string", multiple: true },
      parallel: { type: "string" },
    },
  });
  const command = positionals[0] as Command;
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  const badParallel = parallel !== undefined && !(Number.isInteger(parallel) && parallel > 0);
  if (positionals.length !== 1 || !COMMANDS.includes(command) || !values.program || !values.stack || !values.state || badParallel) {
    console.error(USAGE);
    return 2;
  }
  const config: Record<string, ConfigInput> = Object.fromEntries([
    ...pairs(values.set, "set"),
    ...pairs(values.secret, "secret").map(([key, value]) => [key, { secure: value }]),
  ]);
  const packages = values.package ? Object.fromEntries(pairs(values.package, "package")) : undefined;
  const result = await runEngine({
    command,
    programDir: values.program,
    stack: values.stack,
    statePath: values.state,
    config,
    ...(values.config ? { configFile: values.config } : {}),
    ...(packages ? { packages } : {}),
    ...(parallel ? { parallel } : {}),
  });
  process.stdout.write(result.stdout);
  return result.exitCode;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
  },
);
