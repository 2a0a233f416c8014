// A TEST DOUBLE of the Pulumi engine (not Pulumi, not a product): runs a compiled Pulumi TypeScript program against
// the real dynamic-provider server from @pulumi/pulumi, the way `pulumi preview/up/refresh/destroy` would, keeping
// state in a JSON file. See README.md next to this file.
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Deployment } from "./deployment";
import { STACK_TYPE } from "./graph";
import { refresh, destroy, LifecycleOutcome } from "./lifecycle";
import { FALLBACK_ENV, PACKAGES_ENV } from "./package-overrides";
import { runProgram } from "./program-runner";
import { Registration } from "./host-protocol";
import { ConfigInput, Project, StackConfig, loadProject, loadStackConfig } from "./project";
import { ProviderCall, ProviderServer } from "./provider-client";
import { StackState, loadState, saveState } from "./state";
import { EngineFailure, Operation, ResourceStep, failedStep } from "./steps";
import { Command, countSteps, renderRun } from "./summary";
import { Json, PropertyMap, reveal, secretKeysOf } from "./values";

export type { Command } from "./summary";
export type { EngineFailure, Operation, ResourceStep } from "./steps";
export type { ProviderCall, ProviderMethod } from "./provider-client";
export type { ResourceState, StackState } from "./state";
export type { ConfigInput } from "./project";
export type { Registration } from "./host-protocol";
export { SECRET_SIG, SIG_KEY, UNKNOWN, isSecret, reveal } from "./values";
export { stagePackageCopy } from "./package-copy";

export interface EngineOptions {
  command: Command;
  /** The program: its source directory (mapped to the tsc output under dist/) or its compiled directory. */
  programDir: string;
  stack: string;
  /** The state file; created on the first `up`. Its secrets key is kept in `<statePath>.key`. */
  statePath: string;
  /** A YAML or JSON stack config file (`config:` map or a flat map), applied over Pulumi.<stack>.yaml. */
  configFile?: string;
  /** Config applied last; `{ secure: "value" }` marks a secret. Keys without a namespace get the project's. */
  config?: Record<string, ConfigInput>;
  /** Environment for the program and the provider server, over this process's own (so NODE_EXTRA_CA_CERTS etc. pass). */
  env?: NodeJS.ProcessEnv;
  /**
   * Package name → directory: resolve these packages from these directories in the program and the provider server,
   * as if installed there. Point a library at another copy to simulate an upgrade.
   */
  packages?: Record<string, string>;
  /** Like `pulumi up --parallel`: how many resource registrations are worked on at once. Default: unbounded. */
  parallel?: number;
}

export interface EngineResult {
  command: Command;
  ok: boolean;
  exitCode: 0 | 1;
  steps: ResourceStep[];
  counts: Record<Operation, number>;
  /** Stack exports with secrets revealed; `secretOutputs` says which were secret. */
  outputs: Record<string, Json>;
  secretOutputs: string[];
  /** The state after the command, secrets in wire form (`{[SIG_KEY]: SECRET_SIG, value}`). Preview: unchanged. */
  state: StackState;
  /** The state file exactly as written (sealed secrets), "" when there is none. */
  stateFileText: string;
  /** preview/up: each resource registration as the program made it (wire-form inputs, options, dependencies). */
  registrations: (Registration & { urn: string })[];
  /** URN → length of the serialized `__provider` text of each dynamic resource. */
  providerSizes: Record<string, number>;
  /** Every gRPC call made to the dynamic-provider server, in order. */
  calls: ProviderCall[];
  /** The printed summary (what the CLI prints). */
  stdout: string;
  /** Console output of the program and the provider server. */
  diagnostics: string;
  error?: EngineFailure;
}

interface Outcome extends LifecycleOutcome {
  registrations: (Registration & { urn: string })[];
  exports: PropertyMap;
  providerSizes: Record<string, number>;
  programOutput: string;
}

const compileCache = join(tmpdir(), "engine-double-compile-cache");

export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const project = loadProject(options.programDir);
  const config = loadStackConfig(project, options.stack, options.configFile, options.config);
  const statePath = resolve(options.statePath);
  const old = loadState(statePath, project.name, options.stack);
  const packages = options.packages && packageDirs(options.packages);
  const env: NodeJS.ProcessEnv = {
    NODE_COMPILE_CACHE: compileCache,
    ...process.env,
    ...options.env,
    ...(packages ? { [PACKAGES_ENV]: JSON.stringify(packages), [FALLBACK_ENV]: project.root } : {}),
  };
  const nodeArgs = packages ? ["--require", join(__dirname, "package-overrides.js")] : [];
  const server = new ProviderServer({ cwd: project.root, project: project.name, env, nodeArgs });
  // Configure first, as the engine does; the program starts meanwhile and its first provider call waits for it.
  const configured = server.configure(config.values).then(() => undefined, (err: Error) => err);
  const checkpoint = (state: StackState) => saveState(statePath, state);
  const run: Run = { options, project, config, old, server, configured, env, nodeArgs, checkpoint };
  let outcome: Outcome;
  try {
    outcome = options.command === "preview" || options.command === "up" ? await deploy(run) : await maintain(run);
  } finally {
    await server.stop();
  }
  if (options.command !== "preview") saveState(statePath, outcome.state);
  return result(options, outcome, server, statePath);
}

interface Run {
  options: EngineOptions;
  project: Project;
  config: StackConfig;
  old: StackState;
  server: ProviderServer;
  /** Settles with the error of the Configure call, if any. */
  configured: Promise<Error | undefined>;
  env: NodeJS.ProcessEnv;
  nodeArgs: string[];
  /** Writes the state mid-run, after each step, as the engine's checkpoints do. */
  checkpoint: (state: StackState) => void;
}

const configureFailure = (err: Error): EngineFailure => ({ message: `configuring the dynamic provider failed: ${err.message}` });

/** preview and up: run the program, answering its registrations. */
async function deploy(run: Run): Promise<Outcome> {
  const preview = run.options.command === "preview";
  const deployment = new Deployment(run.server, run.old, preview, run.options.parallel, run.checkpoint);
  const start = { entry: run.project.entry, project: run.project.name, stack: run.options.stack, preview };
  const program = await runProgram({ start, cwd: run.project.root, config: run.config, env: run.env, nodeArgs: run.nodeArgs }, deployment);
  const configureError = await run.configured;
  if (configureError) deployment.fail(configureFailure(configureError));
  if (program.error) deployment.fail({ message: `the program failed:\n${program.error}` });
  const state = await deployment.finish();
  const registrations = [...deployment.registrations].map(([urn, r]) => ({ urn, ...r }));
  return {
    state, steps: deployment.steps, exports: deployment.exports, programOutput: program.output, registrations,
    providerSizes: sizesOf(registrations.map((r) => [r.urn, r.inputs])),
    ...(deployment.failure ? { failure: deployment.failure } : {}),
  };
}

/** refresh and destroy: work from the state alone. */
async function maintain(run: Run): Promise<Outcome> {
  const configureError = await run.configured;
  const done: LifecycleOutcome = configureError
    ? { state: run.old, steps: [], failure: configureFailure(configureError) }
    : run.options.command === "refresh" ? await refresh(run.server, run.old) : await destroy(run.server, run.old, run.checkpoint);
  const exports = done.state.resources.find((r) => r.type === STACK_TYPE)?.outputs ?? {};
  const providerSizes = sizesOf(done.state.resources.map((r) => [r.urn, r.inputs]));
  return { ...done, exports, registrations: [], providerSizes, programOutput: "" };
}

function packageDirs(packages: Record<string, string>): Record<string, string> {
  const dirs = Object.fromEntries(Object.entries(packages).map(([name, dir]) => [name, resolve(dir)]));
  for (const [name, dir] of Object.entries(dirs)) {
    if (!existsSync(dir)) throw new Error(`package ${name}: no directory ${dir}`);
  }
  return dirs;
}

function sizesOf(entries: [string, PropertyMap][]): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [urn, inputs] of entries) {
    const provider = reveal(inputs.__provider ?? null);
    if (typeof provider === "string") sizes[urn] = provider.length;
  }
  return sizes;
}

function result(
  options: EngineOptions,
  outcome: Outcome,
  server: ProviderServer,
  statePath: string,
): EngineResult {
  const exports = outcome.exports;
  const failed = outcome.failure && failedStep(outcome.failure);
  const steps = failed ? [...outcome.steps, failed] : outcome.steps;
  const diagnostics = outcome.programOutput + server.console;
  const stdout = renderRun({ command: options.command, stack: options.stack, steps, outputs: exports, diagnostics, ...(outcome.failure ? { error: outcome.failure } : {}) });
  return {
    command: options.command,
    ok: !outcome.failure,
    exitCode: outcome.failure ? 1 : 0,
    steps,
    counts: countSteps(steps),
    outputs: reveal(exports) as Record<string, Json>,
    secretOutputs: [...secretKeysOf(exports)],
    state: outcome.state,
    stateFileText: existsSync(statePath) ? readFileSync(statePath, "utf8") : "",
    registrations: outcome.registrations,
    providerSizes: outcome.providerSizes,
    calls: server.calls,
    stdout,
    diagnostics,
    ...(outcome.failure ? { error: outcome.failure } : {}),
  };
}
