// Hand-built import snapshots: the sample fixture's tenants as `entra-mfa import` reads them, and changes to them.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FixtureFile, TenantFixture } from "../../emulator";
import type { ConditionalAccessPolicy, SystemCredentialPreferences } from "../../provider/graph/types";
import type { ImportSnapshot, StackConnection } from "../../provider/import/snapshot";
import { normalizeGuid } from "../../provider/plan/normalize";

export const REPO = resolve(__dirname, "../../..");

export function fixtureTenant(displayName: "Contoso" | "Fabrikam"): TenantFixture {
  const file = JSON.parse(readFileSync(join(REPO, "emulator/fixtures/sample-tenant.json"), "utf8")) as FixtureFile;
  return file.tenants.find((t) => t.displayName === displayName)!;
}

/** What the reads would return for a fixture tenant: every user and group named, every group's users. */
export function snapshotOf(t: TenantFixture, changes: Partial<ImportSnapshot> = {}): ImportSnapshot {
  const users = Object.fromEntries((t.users ?? []).map((u) => [normalizeGuid(String(u.id)), String(u.userPrincipalName)]));
  const groups = Object.fromEntries((t.groups ?? []).map((g) => [normalizeGuid(g.id), String(g.displayName)]));
  const groupUsers = Object.fromEntries(
    (t.groups ?? []).map((g) => [normalizeGuid(g.id), (g.members ?? []).map((m) => users[normalizeGuid(m)]).filter((u): u is string => u !== undefined)]),
  );
  const sd = t.securityDefaults;
  const states = Object.values(t.perUserMfa ?? {});
  return {
    tenantId: t.tenantId,
    securityDefaultsEnabled: typeof sd === "boolean" ? sd : Boolean((sd as { isEnabled?: boolean } | undefined)?.isEnabled),
    policies: (t.conditionalAccessPolicies ?? []) as unknown as ConditionalAccessPolicy[],
    users,
    groups,
    groupUsers,
    roles: Object.fromEntries((t.directoryRoles ?? []).map((r) => [normalizeGuid(String(r.roleTemplateId)), String(r.displayName)])),
    systemPreferred: { state: "default", includeTargets: [{ id: "all_users", targetType: "group" }], excludeTargets: [] } satisfies SystemCredentialPreferences,
    perUserMfa: { enabled: states.filter((s) => s === "enabled").length, enforced: states.filter((s) => s === "enforced").length },
    ...changes,
  };
}

export function connectionOf(t: TenantFixture): StackConnection {
  const app = t.apps.find((a) => a.displayName?.endsWith("-mfa-governance"))!;
  return { tenantId: t.tenantId, clientId: app.clientId, credential: "clientSecret" };
}
