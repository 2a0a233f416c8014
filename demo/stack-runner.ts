// Runs the quickstart stack with the real `pulumi` CLI (local file backend) when one is on PATH, else with the engine
// double from tests/engine, which drives the same compiled program and dynamic-provider server.
import { spawn } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runEngine, type Command, type ConfigInput } from "../tests/engine";

export interface StackRun {
  ok: boolean;
  /** What the tool printed, trimmed to what a person reads. */
  text: string;
  /** The `takeoverPlan` output's readable summary, when the run shows it. */
  plan?: string;
}

export interface StackRunner {
  /** Which tool runs the stack, for the reader. */
  readonly description: string;
  run(command: Command): Promise<StackRun>;
  cleanup(): Promise<void>;
}

export interface StackSettings {
  repo: string;
  /** Config over the project's Pulumi.dev.yaml: the emulator's URLs, the secret. */
  config: Record<string, ConfigInput>;
  env: NodeJS.ProcessEnv;
}

export function pulumiOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const planOf = (outputs: Record<string, unknown>) => (outputs.takeoverPlan as { summary?: string } | undefined)?.summary;

/** The engine double's summary without its Outputs block (the plan is shown on its own, readable). */
function withoutOutputs(stdout: string): string {
  return stdout.replace(/\nOutputs:\n[\s\S]*?\n\n/, "\n").trim();
}

export function engineDoubleRunner(settings: StackSettings): StackRunner {
  const dir = mkdtempSync(join(tmpdir(), "entra-mfa-demo-"));
  return {
    description: "the engine double (tests/engine: a test double of the Pulumi engine driving the real dynamic-provider server), as no `pulumi` CLI is on PATH",
    async run(command) {
      const result = await runEngine({
        command,
        programDir: join(settings.repo, "examples/quickstart"),
        stack: "dev",
        statePath: join(dir, "state.json"),
        config: settings.config,
        env: settings.env,
      });
      const plan = command === "preview" ? planOf(result.outputs) : undefined;
      return { ok: result.ok, text: withoutOutputs(result.stdout), ...(plan ? { plan } : {}) };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const STACK = "entra-mfa-demo";

export function pulumiCliRunner(pulumi: string, settings: StackSettings): StackRunner {
  const backend = mkdtempSync(join(tmpdir(), "entra-mfa-demo-backend-"));
  const stackFile = join(settings.repo, `Pulumi.${STACK}.yaml`);
  const ownsStackFile = !existsSync(stackFile);
  const env = { ...process.env, ...settings.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "entra-mfa-demo", PULUMI_SKIP_UPDATE_CHECK: "true" };
  const pulumiRun = (args: string[]) =>
    new Promise<StackRun>((resolve) => {
      const child = spawn(pulumi, [...args, "--stack", STACK, "--non-interactive"], { cwd: settings.repo, env });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("close", (code) => resolve({ ok: code === 0, text: text.trim() }));
    });
  let ready: Promise<void> | undefined;
  const setUp = async () => {
    // The root project's dev stack config (the quickstart's), with this run's emulator URL and secret over it.
    if (ownsStackFile) copyFileSync(join(settings.repo, "Pulumi.dev.yaml"), stackFile);
    const init = await pulumiRun(["stack", "init"]);
    if (!init.ok) throw new Error(`pulumi stack init failed:\n${init.text}`);
    for (const [key, value] of Object.entries(settings.config)) {
      const secret = typeof value === "object" && value !== null && "secure" in value;
      const text = secret ? (value as { secure: string }).secure : String(value);
      const set = await pulumiRun(["config", "set", ...(secret ? ["--secret"] : []), key, text]);
      if (!set.ok) throw new Error(`pulumi config set ${key} failed:\n${set.text}`);
    }
  };
  const flags: Record<Command, string[]> = {
    preview: ["preview", "--diff"],
    up: ["up", "--yes", "--skip-preview"],
    refresh: ["refresh", "--yes", "--skip-preview"],
    destroy: ["destroy", "--yes", "--skip-preview"],
  };
  return {
    description: `the pulumi CLI (${pulumi}) with a local file backend in ${backend}`,
    async run(command) {
      await (ready ??= setUp());
      return pulumiRun(flags[command]);
    },
    async cleanup() {
      if (ready) await pulumiRun(["stack", "rm", "--yes", "--force"]);
      if (ownsStackFile) rmSync(stackFile, { force: true });
      rmSync(backend, { recursive: true, force: true });
    },
  };
}
