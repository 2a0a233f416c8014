// One imported project run as a user runs it: `entra-mfa import --project DIR` in its own process, the project
// compiled by tsc, then preview / up / destroy through the engine double against the emulator.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TenantFixture } from "../../emulator";
import { runEngine, type Command, type EngineResult } from "../engine";
import { spawned, type Run } from "../cli/spawned";
import type { EmulatorHandle } from "../support/emulator";
import { TEST_CA_RATE } from "../lifecycle/support";
import { REPO } from "./snapshots";

export class ImportedProject {
  readonly dir = mkdtempSync(join(tmpdir(), "entra-mfa-import-"));
  readonly projectDir = join(this.dir, "project");
  private readonly statePath = join(this.dir, "state.json");
  private readonly secretFile = join(this.dir, "client-secret");

  constructor(
    private readonly emu: EmulatorHandle,
    private readonly tenant: TenantFixture,
  ) {}

  private get app() {
    const app = this.tenant.apps.find((a) => a.displayName?.endsWith("-mfa-governance") && a.clientSecret);
    if (!app) throw new Error(`${this.tenant.displayName} has no admin app`);
    return app as typeof app & { clientSecret: string };
  }

  /** `entra-mfa import --project`, then `tsc -p` in the project (its node_modules: this checkout's). */
  async generate(): Promise<Run> {
    writeFileSync(this.secretFile, this.app.clientSecret);
    const cli = join(REPO, "dist/provider/cli/index.js");
    const run = await spawned(
      process.execPath,
      [cli, "import", "--project", this.projectDir, "--tenant", this.tenant.tenantId, "--client-id", this.app.clientId, "--client-secret-file", this.secretFile,
        "--graph-base-url", this.emu.url, "--authority-host", this.emu.url, "--quiet"],
      { NODE_EXTRA_CA_CERTS: this.emu.emulator.caCertPath },
    );
    if (run.code !== 0) throw new Error(`entra-mfa import failed (${run.code}): ${run.stderr}`);
    symlinkSync(join(REPO, "node_modules"), join(this.projectDir, "node_modules"), "dir");
    const tsc = await spawned(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", this.projectDir]);
    if (tsc.code !== 0) throw new Error(`the generated project does not compile: ${tsc.stdout}${tsc.stderr}`);
    return run;
  }

  file(name: string): string {
    return readFileSync(join(this.projectDir, name), "utf8");
  }

  /** The secret as the generated Pulumi.dev.yaml's comment says to set it; the rest comes from Pulumi.dev.yaml. */
  run(command: Command): Promise<EngineResult> {
    return runEngine({
      command,
      programDir: this.projectDir,
      stack: "dev",
      statePath: this.statePath,
      config: { "azuread:clientSecret": { secure: this.app.clientSecret }, "entra-mfa:conditionalAccessRequestsPerSecond": String(TEST_CA_RATE) },
      env: { NODE_EXTRA_CA_CERTS: this.emu.emulator.caCertPath, ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "10" },
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
