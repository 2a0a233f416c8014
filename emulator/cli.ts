#!/usr/bin/env node
// entra-mfa-emulator --fixture FILE [--port N] [--tls-dir DIR] [--latency MS] [--no-ca-throttle] [--no-directory-throttle]
// Prints one JSON line {"url","caCertPath","tenants"} when ready; stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { exitUnlessSupportedNode } from "../runtime/node-version";

exitUnlessSupportedNode("entra-mfa-emulator");
// Loaded after the check, so that an old Node.js gets its message rather than the emulator's stack trace.
import { startEmulator } from "./index";

const USAGE =
  "usage: entra-mfa-emulator --fixture FILE [--port N] [--tls-dir DIR] [--latency MS] [--no-ca-throttle] [--no-directory-throttle]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fixture: { type: "string" },
      port: { type: "string" },
      "tls-dir": { type: "string" },
      latency: { type: "string" },
      "no-ca-throttle": { type: "boolean" },
      "no-directory-throttle": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help || !values.fixture) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const number = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  const emulator = await startEmulator({
    fixture: values.fixture,
    port: number("port", values.port),
    tlsDir: values["tls-dir"],
    latencyMs: number("latency", values.latency),
    caThrottle: values["no-ca-throttle"] ? false : undefined,
    directoryThrottle: values["no-directory-throttle"] ? false : undefined,
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url, caCertPath: emulator.caCertPath, tenants: emulator.control.tenantIds() })}\n`);
  const stop = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: Error) => {
  process.stderr.write(`entra-mfa-emulator: ${err.message}\n`);
  process.exit(1);
});
