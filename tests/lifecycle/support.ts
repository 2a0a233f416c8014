// Runs the examples the way Pulumi runs them: the engine double (tests/engine) drives the compiled program and the real
// dynamic-provider server, against the Graph emulator loaded with the sample fixture. Each stack has its own state file.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AppFixture, EmulatorControl, FixtureFile, RequestLogEntry, TenantFixture } from "../../emulator";
import { runEngine, type Command, type ConfigInput, type EngineResult } from "../engine";
import { useEmulator, type EmulatorHandle } from "../support/emulator";

export const REPO = resolve(__dirname, "../../..");
export const SAMPLE_FIXTURE = join(REPO, "emulator/fixtures/sample-tenant.json");
/** Conditional Access pace of the emulator and of the provider: Graph's is 1/s, which would make the suite slow. */
export const TEST_CA_RATE = 50;

/** An example's folder, or "." for the root project (which runs the quickstart). */
export type Example = "quickstart" | "multi-tenant" | "adopt-existing" | ".";

/** A tenant of the sample fixture, with what the tests need to judge it. */
export interface SampleTenant {
  fixture: TenantFixture;
  id: string;
  admin: AppFixture & { clientSecret: string };
  /** Users whose name says break-glass: the examples exclude them from MFA on purpose. */
  breakGlassUserIds: string[];
}

export function sampleTenant(displayName: "Contoso" | "Fabrikam"): SampleTenant {
  const file = JSON.parse(readFileSync(SAMPLE_FIXTURE, "utf8")) as FixtureFile;
  const fixture = file.tenants.find((t) => t.displayName === displayName);
  if (!fixture) throw new Error(`the sample fixture has no tenant ${displayName}`);
  const admin = fixture.apps.find((a) => a.displayName?.endsWith("-mfa-governance") && a.clientSecret);
  if (!admin) throw new Error(`${displayName} has no admin app with a secret`);
  const breakGlassUserIds = (fixture.users ?? [])
    .filter((u) => /^breakglass/i.test(String(u.userPrincipalName)))
    .map((u) => String(u.id));
  return { fixture, id: fixture.tenantId, admin: admin as SampleTenant["admin"], breakGlassUserIds };
}

/** The sample fixture in one emulator for the suite, Conditional Access throttled at the test pace. */
export function useSampleEmulator(): EmulatorHandle {
  return useEmulator(() => SAMPLE_FIXTURE, { caThrottle: { requestsPerSecond: TEST_CA_RATE } });
}

/**
 * What an example's README has the user set by hand: the app's secret. The tenant and client ids come from the
 * example's Pulumi.dev.yaml, so a wrong id there fails the suite.
 */
export function clientSecretConfig(tenant: SampleTenant): Record<string, ConfigInput> {
  return { "azuread:clientSecret": { secure: tenant.admin.clientSecret } };
}

/** Stack config that points the provider at a tenant through another app than Pulumi.dev.yaml names. */
export function credentialsConfig(tenant: SampleTenant): Record<string, ConfigInput> {
  return { "azuread:tenantId": tenant.id, "azuread:clientId": tenant.admin.clientId, ...clientSecretConfig(tenant) };
}

/** One stack of an example: a temporary state file, config over the project's Pulumi.dev.yaml. */
export class ExampleStack {
  private readonly dir = mkdtempSync(join(tmpdir(), "entra-mfa-lifecycle-"));
  readonly statePath = join(this.dir, "state.json");

  constructor(
    private readonly emu: EmulatorHandle,
    readonly example: Example,
    private readonly config: Record<string, ConfigInput> = {},
  ) {}

  run(command: Command, options: { config?: Record<string, ConfigInput>; packages?: Record<string, string> } = {}): Promise<EngineResult> {
    return runEngine({
      command,
      programDir: this.example === "." ? REPO : join(REPO, "examples", this.example),
      stack: "dev",
      statePath: this.statePath,
      config: {
        "entra-mfa:graphBaseUrl": this.emu.url,
        "entra-mfa:authorityHost": this.emu.url,
        "entra-mfa:conditionalAccessRequestsPerSecond": String(TEST_CA_RATE),
        ...this.config,
        ...options.config,
      },
      // Retries keep Graph's attempt count but wait milliseconds instead of seconds.
      env: { NODE_EXTRA_CA_CERTS: this.emu.emulator.caCertPath, ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "10" },
      ...(options.packages ? { packages: options.packages } : {}),
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An emulator in this process: the suite's (useSampleEmulator) or the demo's. */
type WithControl = { control: EmulatorControl };

/** The last request number the emulator logged: later requests are those of what runs next. */
export function lastSeq(emu: WithControl): number {
  const all = emu.control.requests();
  return all.length ? all[all.length - 1]!.seq : 0;
}

/** Graph requests (identity excluded) to a tenant after `since`. */
export function graphRequests(emu: WithControl, tenantId: string, since: number): RequestLogEntry[] {
  return emu.control.requests({ tenantId, sinceSeq: since }).filter((r) => r.version !== "identity");
}

export function graphWrites(emu: WithControl, tenantId: string, since: number): RequestLogEntry[] {
  return graphRequests(emu, tenantId, since).filter((r) => r.write);
}
