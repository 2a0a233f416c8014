// A realistic tenant of any size for the report bench, generated in one pass: departments nested under an
// all-employees group, contractors nested under an external group, a role held through a role-assignable group,
// 15 Conditional Access policies (group-, role-, guest-targeted, report-only, disabled, partial, non-MFA), legacy
// per-user MFA for some users and registration details for most. Also says, from its own construction, what the
// request minimum depends on.
import type { GraphObject, TenantFixture } from "../emulator";
import type { TenantShape } from "../provider/report/economy";
import { buildTenant, GLOBAL_ADMINISTRATOR, ids, SECURITY_ADMINISTRATOR, storedPolicy, type GroupSpec } from "../tests/support/fixtures";

export const BENCH_NAME = "bench";
const USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1";
const HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const EXCHANGE_ADMINISTRATOR = "29232cdf-9323-42fd-ade2-1d097af3e4de";
const DEPARTMENTS = 12;


export interface BenchTenant {
  fixture: TenantFixture;
  shape: TenantShape;
}

/** `name` seeds every id (a fleet's tenants each have their own). */
export function benchTenant(users: number, name: string = BENCH_NAME): BenchTenant {
  const group = (displayName: string) => ids.group(displayName, name);
  const guests = Math.max(1, Math.floor(users * 0.03));
  const members = users - guests;
  const share = (from: number, fraction: number) => Array.from({ length: Math.max(1, Math.floor(users * fraction)) }, (_, i) => (from + i) % members);
  const departments: GroupSpec[] = Array.from({ length: DEPARTMENTS }, (_, d) => ({
    displayName: `Department ${d}`,
    users: Array.from({ length: Math.ceil(members / DEPARTMENTS) }, (_, i) => d + i * DEPARTMENTS).filter((i) => i < members),
  }));
  const groups: GroupSpec[] = [
    ...departments,
    { displayName: "All employees", groups: departments.map((d) => d.displayName) },
    { displayName: "Break glass", users: [0, 1] },
    { displayName: "Pilot", users: share(100, 0.05) },
    { displayName: "Contractors", users: share(members - Math.floor(users * 0.05), 0.05) },
    { displayName: "External", groups: ["Contractors"], users: Array.from({ length: guests }, (_, i) => members + i) },
    { displayName: "Finance", users: share(500, 0.08) },
    { displayName: "Security team", users: [20, 21, 22] },
    { displayName: "Legacy clients", users: share(900, 0.01) },
  ];
  const roleUsers = (from: number, n: number) => Array.from({ length: n }, (_, i) => (from + i * 7) % members);
  const perUserMfa: Record<number, "enabled" | "enforced"> = {};
  for (let i = 3; i < members; i += 50) perUserMfa[i] = i % 100 === 3 ? "enforced" : "enabled";

  const fixture = buildTenant({
    name,
    users,
    guests,
    disabled: Math.floor(users * 0.02),
    registrationDetails: true,
    groups,
    roles: {
      [GLOBAL_ADMINISTRATOR]: [2, 3, 4, 5, 6],
      [SECURITY_ADMINISTRATOR]: [7, 8],
      [USER_ADMINISTRATOR]: roleUsers(30, 10),
      [HELPDESK_ADMINISTRATOR]: roleUsers(60, 20),
      [EXCHANGE_ADMINISTRATOR]: roleUsers(90, 5),
    },
    perUserMfa,
    policies: policies(group),
  });
  fixture.directoryRoles!.find((r) => r.roleTemplateId === SECURITY_ADMINISTRATOR)!.members!.push(group("Security team"));
  fixture.authenticationMethodsPolicy = {
    systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: group("Pilot"), targetType: "group" }], excludeTargets: [{ id: group("Break glass"), targetType: "group" }] },
  };
  // Most users have registered something; the newest have not been seen by the report yet.
  fixture.registrationDetails = fixture.registrationDetails!.filter((_, i) => i % 20 !== 19);

  const transitive = (name: string): number => {
    const spec = groups.find((g) => g.displayName === name)!;
    return (spec.users?.length ?? 0) + (spec.groups ?? []).reduce((n, g) => n + 1 + transitive(g), 0);
  };
  return {
    fixture,
    shape: {
      users,
      registrations: fixture.registrationDetails.length,
      policies: fixture.conditionalAccessPolicies!.length,
      activatedRoles: fixture.directoryRoles!.length,
      referencedGroups: REFERENCED.map(transitive),
      roleHoldingGroups: [transitive("Security team")],
    },
  };
}

/** The groups MFA-relevant and block policies and the system-preferred targets name. */
const REFERENCED = ["Break glass", "All employees", "Finance", "Pilot", "External", "Department 3", "Department 5", "Legacy clients"];

function policies(group: (displayName: string) => string): GraphObject[] {
  const scoped = (spec: Parameters<typeof storedPolicy>[0], conditions: GraphObject): GraphObject => {
    const p = storedPolicy(spec);
    return { ...p, conditions: { ...(p.conditions as GraphObject), ...conditions } };
  };
  return [
    storedPolicy({ displayName: "CA001 MFA all users", excludeGroups: [group("Break glass")] }),
    storedPolicy({ displayName: "CA002 MFA admins", includeUsers: [], includeRoles: [GLOBAL_ADMINISTRATOR, SECURITY_ADMINISTRATOR, USER_ADMINISTRATOR] }),
    storedPolicy({ displayName: "CA003 helpdesk MFA and compliant device", includeUsers: [], includeRoles: [HELPDESK_ADMINISTRATOR], controls: ["mfa", "compliantDevice"], operator: "AND" }),
    scoped({ displayName: "CA004 MFA guests", includeUsers: ["GuestsOrExternalUsers"] }, {}),
    scoped({ displayName: "CA005 block legacy authentication", excludeGroups: [group("Legacy clients")], controls: ["block"] }, { clientAppTypes: ["exchangeActiveSync", "other"] }),
    scoped({ displayName: "CA006 finance apps", includeUsers: [], includeGroups: [group("Finance")] }, { applications: { includeApplications: ["Office365"] } }),
    storedPolicy({ displayName: "CA007 pilot MFA or compliant device", includeUsers: [], includeGroups: [group("Pilot")], controls: ["mfa", "compliantDevice"], operator: "OR" }),
    storedPolicy({ displayName: "CA008 contractors", includeUsers: [], includeGroups: [group("External")] }),
    storedPolicy({ displayName: "Old MFA employees", state: "disabled", includeUsers: [], includeGroups: [group("All employees")] }),
    storedPolicy({ displayName: "Old MFA everyone (report-only)", state: "enabledForReportingButNotEnforced", excludeGroups: [group("Break glass")] }),
    scoped({ displayName: "CA009 department 3 outside trusted locations", includeUsers: [], includeGroups: [group("Department 3")] }, { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } }),
    storedPolicy({ displayName: "CA010 department 5 (report-only)", state: "enabledForReportingButNotEnforced", includeUsers: [], includeGroups: [group("Department 5")] }),
    scoped({ displayName: "CA011 risky sign-ins", excludeGroups: [group("Break glass")] }, { signInRiskLevels: ["high", "medium"] }),
    storedPolicy({ displayName: "CA012 exchange admins", includeUsers: [], includeRoles: [EXCHANGE_ADMINISTRATOR] }),
    storedPolicy({ displayName: "CA013 employees", includeUsers: [], includeGroups: [group("All employees")], excludeGroups: [group("Break glass")] }),
  ];
}
