// Four emulated tenants for the fleet report: two that read (one on Security Defaults), one whose app was never
// granted User.Read.All (consent missing), and one whose secret is wrong; and the tenants file that names them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FixtureFile } from "../../emulator";
import { collectTenant } from "../report/collect-fixture";
import { buildTenant, ids, READ_ONLY_PERMISSIONS, READER_APP, secretOf } from "../support/fixtures";

export const NO_CONSENT_APP = "no-consent";

export const FLEET = [
  { name: "Contoso", fixtureName: "collect", tenant: () => collectTenant() },
  { name: "Fabrikam", fixtureName: "fabrikam", tenant: () => buildTenant({ name: "fabrikam", users: 8, securityDefaults: true, registrationDetails: true }) },
  {
    name: "No consent",
    fixtureName: "noconsent",
    tenant: () =>
      buildTenant({
        name: "noconsent",
        users: 3,
        apps: [{ clientId: ids.app(NO_CONSENT_APP, "noconsent"), displayName: NO_CONSENT_APP, clientSecret: secretOf(NO_CONSENT_APP, "noconsent"), roles: READ_ONLY_PERMISSIONS.filter((p) => p !== "User.Read.All") }],
      }),
  },
  { name: "Wrong secret", fixtureName: "wrongsecret", tenant: () => buildTenant({ name: "wrongsecret", users: 4 }) },
] as const;

export function fleetFixture(): FixtureFile {
  return { tenants: FLEET.map((t) => t.tenant()) };
}

/**
 * Writes the tenants file (YAML) and the secret files it points at into `dir`: Contoso's secret comes from an
 * environment variable, the others' from files; Contoso by domain, the others by id.
 */
export function writeTenantsFile(dir: string, url: string): { file: string; env: Record<string, string> } {
  const secretFile = (name: string, secret: string) => {
    writeFileSync(join(dir, `${name}.secret`), secret + "\n", { mode: 0o600 });
    return `${name}.secret`;
  };
  const lines = [
    "# the fleet",
    "defaults:",
    `  graphBaseUrl: ${url}`,
    `  authorityHost: ${url}`,
    "tenants:",
    `  - tenant: collect.onmicrosoft.com`,
    `    name: Contoso`,
    `    clientId: ${ids.app(READER_APP, "collect")}`,
    `    clientSecretEnv: CONTOSO_SECRET`,
    `  - tenant: ${ids.tenant("fabrikam")}`,
    `    name: Fabrikam`,
    `    clientId: ${ids.app(READER_APP, "fabrikam")}`,
    `    clientSecretFile: ${secretFile("fabrikam", secretOf(READER_APP, "fabrikam"))}`,
    `  - tenant: ${ids.tenant("noconsent")}`,
    `    name: No consent`,
    `    clientId: ${ids.app(NO_CONSENT_APP, "noconsent")}`,
    `    clientSecretFile: ${secretFile("noconsent", secretOf(NO_CONSENT_APP, "noconsent"))}`,
    `  - tenant: ${ids.tenant("wrongsecret")}`,
    `    name: Wrong secret`,
    `    clientId: ${ids.app(READER_APP, "wrongsecret")}`,
    `    clientSecretFile: ${secretFile("wrongsecret", "not-the-secret")}`,
  ];
  const file = join(dir, "tenants.yaml");
  writeFileSync(file, lines.join("\n") + "\n");
  return { file, env: { CONTOSO_SECRET: secretOf(READER_APP, "collect") } };
}
