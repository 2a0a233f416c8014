// A tenant for the collector and CLI tests: nested groups, a role held through a group, exclusions, per-user MFA,
// registration details, system-preferred MFA targeting a group, a block policy whose group decides verdicts, and a
// policy that neither requires MFA nor blocks, whose group must not be read.
// `expectedSnapshot` derives the in-memory DirectorySnapshot from the fixture with its own walk of the groups.
import type { GraphObject, TenantFixture } from "../../emulator";
import type { ConditionalAccessPolicy, SystemCredentialPreferences, UserRegistrationDetails } from "../../provider/graph/types";
import type { DirectorySnapshot } from "../../provider/report/directory";
import type { TenantShape } from "../../provider/report/economy";
import { buildTenant, GLOBAL_ADMINISTRATOR, ids, READ_ONLY_PERMISSIONS, SECURITY_ADMINISTRATOR, secretOf, storedPolicy } from "../support/fixtures";

export const NAME = "collect";
export const NO_AUDIT_APP = "no-audit";
export const NO_USERS_APP = "no-users";
const group = (displayName: string) => ids.group(displayName, NAME);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const app = (name: string, roles: string[]) => ({ clientId: ids.app(name, NAME), displayName: name, clientSecret: secretOf(name, NAME), roles });

export const MANAGED_POLICY = "MFA all users";

/** Groups an MFA or block policy or the system-preferred targets name (so the collector must expand them). */
export const REFERENCED_GROUPS = ["Break glass", "Staff", "Pilot", "Legacy clients"];
/** Named only by a policy that asks for a compliant device: it cannot change a verdict. */
export const UNREAD_GROUP = "Kiosks";
/** Holds the Security Administrator role; no policy names it. */
export const ROLE_GROUP = "Security team";

export function collectTenant(users = 60): TenantFixture {
  const tenant = buildTenant({
    name: NAME,
    users,
    guests: 3,
    disabled: 2,
    registrationDetails: true,
    groups: [
      { displayName: "Break glass", users: [2, 3] },
      { displayName: "Contractors", users: range(30, 40) },
      { displayName: "Staff", users: range(4, 30), groups: ["Contractors"] },
      { displayName: "Pilot", users: range(10, 20) },
      { displayName: ROLE_GROUP, users: [40, 41] },
      { displayName: "Legacy clients", users: [42, 43] },
      { displayName: UNREAD_GROUP, users: [44] },
    ],
    roles: { [GLOBAL_ADMINISTRATOR]: [2, 5], [SECURITY_ADMINISTRATOR]: [6] },
    perUserMfa: { 7: "enforced", 8: "enabled", 9: "disabled", 45: "enabled" },
    apps: [app(NO_AUDIT_APP, READ_ONLY_PERMISSIONS.filter((p) => p !== "AuditLog.Read.All")), app(NO_USERS_APP, READ_ONLY_PERMISSIONS.filter((p) => p !== "User.Read.All"))],
    policies: [
      storedPolicy({ displayName: MANAGED_POLICY, excludeGroups: [group("Break glass")] }),
      storedPolicy({ displayName: "Admins (report-only)", state: "enabledForReportingButNotEnforced", includeUsers: [], includeRoles: [GLOBAL_ADMINISTRATOR, SECURITY_ADMINISTRATOR] }),
      { ...storedPolicy({ displayName: "Staff Office", includeUsers: [], includeGroups: [group("Staff")] }), conditions: officeOnly([group("Staff")]) },
      storedPolicy({ displayName: "Block legacy", includeUsers: [], includeGroups: [group("Legacy clients")], controls: ["block"] }),
      storedPolicy({ displayName: "Kiosks compliant device", includeUsers: [], includeGroups: [group(UNREAD_GROUP)], controls: ["compliantDevice"] }),
    ],
  });
  // The role is held by a role-assignable group, not by its members directly.
  tenant.directoryRoles!.find((r) => r.roleTemplateId === SECURITY_ADMINISTRATOR)!.members!.push(group(ROLE_GROUP));
  tenant.authenticationMethodsPolicy = {
    systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: group("Pilot"), targetType: "group" }], excludeTargets: [] },
  };
  tenant.registrationDetails = tenant.registrationDetails!.slice(0, users - 5);
  return tenant;
}

function officeOnly(groups: string[]): GraphObject {
  return {
    clientAppTypes: ["all"],
    applications: { includeApplications: ["Office365"] },
    users: { includeUsers: [], excludeUsers: [], includeGroups: groups, excludeGroups: [], includeRoles: [] },
  };
}

/** Users of a group or role member list, nested groups expanded. */
function transitiveUsers(fixture: TenantFixture, members: readonly string[], seen = new Set<string>()): string[] {
  const userIds = new Set((fixture.users ?? []).map((u) => String(u.id)));
  const out: string[] = [];
  for (const id of members) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (userIds.has(id)) out.push(id);
    const nested = (fixture.groups ?? []).find((g) => g.id === id);
    if (nested) out.push(...transitiveUsers(fixture, nested.members ?? [], seen));
  }
  return out;
}

/** Transitive member objects (users and groups) of a group. */
function transitiveObjects(fixture: TenantFixture, id: string): number {
  const members = (fixture.groups ?? []).find((g) => g.id === id)?.members ?? [];
  return members.reduce((n, m) => n + 1 + ((fixture.groups ?? []).some((g) => g.id === m) ? transitiveObjects(fixture, m) : 0), 0);
}

/** The snapshot the collector should have read, from the tenant as the emulator holds it (`control.dump`). */
export function expectedSnapshot(fixture: TenantFixture, managedPolicyId: string): DirectorySnapshot {
  const users = (fixture.users ?? []).map((u) => ({
    id: String(u.id),
    userPrincipalName: String(u.userPrincipalName),
    displayName: (u.displayName as string) ?? null,
    accountEnabled: u.accountEnabled as boolean,
    userType: u.userType as string,
  }));
  return {
    tenantId: fixture.tenantId,
    securityDefaults: { isEnabled: (fixture.securityDefaults as GraphObject).isEnabled === true },
    policies: fixture.conditionalAccessPolicies as unknown as ConditionalAccessPolicy[],
    groups: Object.fromEntries((fixture.groups ?? []).map((g) => [g.id, { displayName: g.displayName as string, transitiveUserIds: transitiveUsers(fixture, g.members ?? []) }])),
    directoryRoles: Object.fromEntries(
      (fixture.directoryRoles ?? []).map((r) => [r.roleTemplateId, { displayName: r.displayName as string, memberUserIds: transitiveUsers(fixture, r.members ?? []) }]),
    ),
    systemCredentialPreferences: (fixture.authenticationMethodsPolicy as { systemCredentialPreferences: SystemCredentialPreferences }).systemCredentialPreferences,
    managedPolicyId,
    users,
    perUserMfa: Object.fromEntries(users.map((u) => [u.id, fixture.perUserMfa?.[u.id] ?? "disabled"])),
    registrations: Object.fromEntries((fixture.registrationDetails ?? []).map((r) => [String(r.id), r as unknown as UserRegistrationDetails])),
  };
}

/** The request-count shape of the fixture, from what the test knows it put there. */
export function shapeOf(fixture: TenantFixture): TenantShape {
  return {
    users: fixture.users!.length,
    registrations: fixture.registrationDetails!.length,
    policies: fixture.conditionalAccessPolicies!.length,
    activatedRoles: fixture.directoryRoles!.length,
    referencedGroups: REFERENCED_GROUPS.map((name) => transitiveObjects(fixture, group(name))),
    roleHoldingGroups: [transitiveObjects(fixture, group(ROLE_GROUP))],
  };
}
