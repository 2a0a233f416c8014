// Test helper: a temporary directory with a toy cloud file and a state file, and a way to run the toy program.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CloudFile, emptyCloud, readCloud, writeCloud } from "./fixtures/toy-cloud/cloud";
import { Command, ConfigInput, EngineResult, ProviderCall, ProviderMethod, ResourceState, runEngine } from "./index";

/** The toy program's source directory (the engine double maps it to its tsc output). */
export const TOY_APP_SOURCE = resolve(__dirname, "../../../tests/engine/fixtures/toy-app");
export const TOY_APP_COMPILED = join(__dirname, "fixtures/toy-app");
export const TOY_LIBRARY = { v1: join(__dirname, "fixtures/toys-v1"), v2: join(__dirname, "fixtures/toys-v2") };
export const RECORD = "pulumi-nodejs:dynamic/toys:Record";
export const COUNTER = "pulumi-nodejs:dynamic/toys:Counter";

export class ToyWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), "engine-double-test-"));
  readonly cloudPath = join(this.dir, "cloud.json");
  readonly statePath = join(this.dir, "state.json");
  readonly apiToken = `token-${process.pid}-${Date.now()}`;
  readonly vaultSecret = `vault-secret-${Math.random().toString(36).slice(2)}`;

  constructor() {
    writeCloud(this.cloudPath, emptyCloud(this.apiToken));
  }

  /** The toy program's stack config: the cloud file, the provider's token and the vault's secret. */
  get config(): Record<string, ConfigInput> {
    return { cloudFile: this.cloudPath, apiToken: { secure: this.apiToken }, vaultSecret: { secure: this.vaultSecret } };
  }

  /** A stack config file with the same content, for the CLI. */
  writeConfigFile(): string {
    const path = join(this.dir, "stack.json");
    writeFileSync(path, JSON.stringify({ config: this.config }));
    return path;
  }

  run(
    command: Command,
    config: Record<string, ConfigInput> = {},
    library: keyof typeof TOY_LIBRARY = "v1",
    parallel?: number,
  ): Promise<EngineResult> {
    return runEngine({
      command,
      programDir: TOY_APP_SOURCE,
      stack: "dev",
      statePath: this.statePath,
      config: { ...this.config, ...config },
      packages: { "engine-double-toys": TOY_LIBRARY[library] },
      ...(parallel ? { parallel } : {}),
    });
  }

  cloud(): CloudFile {
    return readCloud(this.cloudPath);
  }

  editCloud(change: (cloud: CloudFile) => void): void {
    const cloud = this.cloud();
    change(cloud);
    writeCloud(this.cloudPath, cloud);
  }

  stateFileText(): string {
    return readFileSync(this.statePath, "utf8");
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function resource(result: EngineResult, name: string): ResourceState {
  const found = result.state.resources.find((r) => r.name === name && !r.pendingDelete);
  if (!found) throw new Error(`no ${name} in state`);
  return found;
}

/** The position of a call in the log, -1 when it was not made. */
export function callIndex(calls: ProviderCall[], method: ProviderMethod, name: string): number {
  return calls.findIndex((c) => c.method === method && c.urn?.endsWith(`::${name}`));
}

export function methodsCalled(calls: ProviderCall[]): Set<ProviderMethod> {
  return new Set(calls.map((c) => c.method));
}
