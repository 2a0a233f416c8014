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

/** The sample fixture's admin app of a tenant, whose secret a stack sets. */
function adminOf(tenant: TenantFixture) {
  const app = tenant.apps.find((a) => a.displayName?.endsWith("-mfa-governance") && a.clientSecret);
  if (!app) throw new Error(`${tenant.displayName} has no admin app`);
  return app as typeof app & { clientSecret: string };
}

export class ImportedProject {
  readonly dir = mkdtempSync(join(tmpdir(), "entra-mfa-import-"));
  readonly projectDir = join(this.dir, "project");

  /** One tenant (stack dev), or several (`--tenants`: one stack each, named after the tenant). */
  constructor(
    private readonly emu: EmulatorHandle,
    private readonly tenants: readonly TenantFixture[],
  ) {}

  static stackOf(tenant: TenantFixture): string {
    return String(tenant.displayName).toLowerCase();
  }

  private secretFile(tenant: TenantFixture): string {
    const file = join(this.dir, `${ImportedProject.stackOf(tenant)}.secret`);
    writeFileSync(file, adminOf(tenant).clientSecret);
    return file;
  }

  /** `entra-mfa import --project` (with `--tenants` for several), then `tsc -p` in the project (node_modules: this checkout's). */
  async generate(): Promise<Run> {
    const endpoints = ["--graph-base-url", this.emu.url, "--authority-host", this.emu.url, "--quiet"];
    const [only] = this.tenants;
    let args: string[];
    if (this.tenants.length === 1)
      args = ["--tenant", only!.tenantId, "--client-id", adminOf(only!).clientId, "--client-secret-file", this.secretFile(only!)];
    else {
      const file = join(this.dir, "tenants.json");
      const tenants = this.tenants.map((t) => ({ stack: ImportedProject.stackOf(t), tenantId: t.tenantId, clientId: adminOf(t).clientId, clientSecretFile: `${ImportedProject.stackOf(t)}.secret` }));
      this.tenants.forEach((t) => this.secretFile(t));
      writeFileSync(file, JSON.stringify({ tenants }));
      args = ["--tenants", file];
    }
    const cli = join(REPO, "dist/provider/cli/index.js");
    const run = await spawned(process.execPath, [cli, "import", "--project", this.projectDir, ...args, ...endpoints], { NODE_EXTRA_CA_CERTS: this.emu.emulator.caCertPath });
    if (run.code !== 0) throw new Error(`entra-mfa import failed (${run.code}): ${run.stderr}`);
    symlinkSync(join(REPO, "node_modules"), join(this.projectDir, "node_modules"), "dir");
    const tsc = await spawned(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", this.projectDir]);
    if (tsc.code !== 0) throw new Error(`the generated project does not compile: ${tsc.stdout}${tsc.stderr}`);
    return run;
  }

  file(name: string): string {
    return readFileSync(join(this.projectDir, name), "utf8");
  }

  /** A stack's command: the secret as its Pulumi.<stack>.yaml says to set it, the rest from that file. */
  run(command: Command, tenant = this.tenants[0]!): Promise<EngineResult> {
    const stack = this.tenants.length === 1 ? "dev" : ImportedProject.stackOf(tenant);
    return runEngine({
      command,
      programDir: this.projectDir,
      stack,
      statePath: join(this.dir, `${stack}.state.json`),
      config: { "azuread:clientSecret": { secure: adminOf(tenant).clientSecret }, "entra-mfa:conditionalAccessRequestsPerSecond": String(TEST_CA_RATE) },
      env: { NODE_EXTRA_CA_CERTS: this.emu.emulator.caCertPath, ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "10" },
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
