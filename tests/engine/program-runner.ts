// Starts the program process (program-host.ts) and relays its registrations to a Deployment.
import { fork } from "node:child_process";
import { join } from "node:path";
import { Deployment } from "./deployment";
import { EngineReply, HostMessage, HostStart } from "./host-protocol";
import { StackConfig } from "./project";

export interface ProgramRun {
  start: HostStart;
  cwd: string;
  config: StackConfig;
  env: NodeJS.ProcessEnv;
  nodeArgs: string[];
}

/** Runs the program to completion; resolves with its console output and, if it failed, the error text. */
export function runProgram(run: ProgramRun, deployment: Deployment): Promise<{ output: string; error?: string }> {
  const child = fork(join(__dirname, "program-host.js"), [JSON.stringify(run.start)], {
    cwd: run.cwd,
    env: {
      ...run.env,
      PULUMI_CONFIG: JSON.stringify(run.config.values),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.config.secretKeys),
    },
    execArgv: run.nodeArgs,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const reply = (message: EngineReply) => {
    if (child.connected) child.send(message);
  };
  return new Promise((resolveRun) => {
    let done: { error?: string } | undefined;
    child.on("message", (message: HostMessage) => {
      if (message.kind === "register") {
        deployment.register(message.registration).then(
          (result) => reply({ seq: message.seq, ...result }),
          (err: Error) => reply({ seq: message.seq, error: err.message }),
        );
      } else if (message.kind === "outputs") {
        deployment.recordOutputs(message.urn, message.outputs);
      } else {
        done = message.error ? { error: message.error } : {};
      }
    });
    // "close", not "exit": the program's last console output may still be in its pipes when it exits.
    child.on("close", (code) => {
      resolveRun({ output, ...(done ?? { error: `the program process exited (code ${code}) before finishing` }) });
    });
  });
}
