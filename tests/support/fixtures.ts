// Builds emulator tenants for tests in one call: N users (some guests, some disabled), groups (nested by name),
// directory roles, CA policies, and an admin app and a read-only app with known secrets. Ids are stable GUIDs
// derived from names, so a test can compute any id it needs.
import { createHash } from "node:crypto";
import type { AppFixture, GraphObject, TenantFixture } from "../../emulator";

/** The application permissions the product needs to do everything it does. */
export const ADMIN_PERMISSIONS = [
  "Policy.Read.All",
  "Policy.ReadWrite.ConditionalAccess",
  "Policy.ReadWrite.SecurityDefaults",
  "Policy.ReadWrite.AuthenticationMethod",
  "User.Read.All",
  "GroupMember.Read.All",
  "RoleManagement.Read.Directory",
  "AuditLog.Read.All",
];

/** What a preview / report-only identity holds. */
export const READ_ONLY_PERMISSIONS = ["Policy.Read.All", "User.Read.All", "GroupMember.Read.All", "RoleManagement.Read.Directory", "AuditLog.Read.All"];

export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
export const SECURITY_ADMINISTRATOR = "194ae4cb-b126-40b2-bd5b-6091b380977d";

export const ADMIN_APP = "admin";
export const READER_APP = "reader";

/** A GUID derived from a name: the same name always gives the same id. */
export function guidFor(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface GroupSpec {
  displayName: string;
  /** Indexes of members among the tenant's users. */
  users?: number[];
  /** displayNames of member groups (nesting). */
  groups?: string[];
}

export interface TenantSpec {
  /** Seeds every id; default "tenant". */
  name?: string;
  users?: number;
  /** The last `guests` users are guests. */
  guests?: number;
  /** The first `disabled` users have accountEnabled false. */
  disabled?: number;
  securityDefaults?: boolean;
  groups?: GroupSpec[];
  /** role template id → indexes of member users. */
  roles?: Record<string, number[]>;
  policies?: GraphObject[];
  /** Extra apps; the admin and reader apps are always there. */
  apps?: AppFixture[];
  /** userIndex → per-user MFA state. */
  perUserMfa?: Record<number, "disabled" | "enabled" | "enforced">;
  /** Give every user a registration-details record (MFA registered for even indexes). */
  registrationDetails?: boolean;
}

export const ids = {
  tenant: (name = "tenant") => guidFor(`${name}:tenant`),
  user: (i: number, name = "tenant") => guidFor(`${name}:user:${i}`),
  group: (displayName: string, name = "tenant") => guidFor(`${name}:group:${displayName}`),
  app: (app: string, name = "tenant") => guidFor(`${name}:app:${app}`),
  role: (templateId: string, name = "tenant") => guidFor(`${name}:role:${templateId}`),
};

export const secretOf = (app: string, name = "tenant") => `${name}-${app}-secret`;

export function buildTenant(spec: TenantSpec = {}): TenantFixture {
  const name = spec.name ?? "tenant";
  const count = spec.users ?? 5;
  const domain = `${name}.onmicrosoft.com`;
  const users = Array.from({ length: count }, (_, i) => {
    const guest = i >= count - (spec.guests ?? 0);
    return {
      id: ids.user(i, name),
      displayName: `User ${i}`,
      givenName: "User",
      surname: String(i),
      userPrincipalName: guest ? `guest${i}_example.com#EXT#@${domain}` : `user${i}@${domain}`,
      mail: guest ? `guest${i}@example.com` : `user${i}@${domain}`,
      accountEnabled: i >= (spec.disabled ?? 0),
      userType: guest ? "Guest" : "Member",
    };
  });
  const groups = (spec.groups ?? []).map((g) => ({
    id: ids.group(g.displayName, name),
    displayName: g.displayName,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members: [...(g.users ?? []).map((i) => ids.user(i, name)), ...(g.groups ?? []).map((n) => ids.group(n, name))],
  }));
  const app = (role: string, roles: string[]): AppFixture => ({
    clientId: ids.app(role, name),
    displayName: role,
    clientSecret: secretOf(role, name),
    roles,
  });
  return {
    tenantId: ids.tenant(name),
    displayName: name,
    domains: [domain],
    apps: [app(ADMIN_APP, ADMIN_PERMISSIONS), app(READER_APP, READ_ONLY_PERMISSIONS), ...(spec.apps ?? [])],
    securityDefaults: spec.securityDefaults ?? false,
    conditionalAccessPolicies: spec.policies ?? [],
    users,
    groups,
    directoryRoles: Object.entries(spec.roles ?? {}).map(([templateId, members]) => ({
      id: ids.role(templateId, name),
      roleTemplateId: templateId,
      displayName: templateId === GLOBAL_ADMINISTRATOR ? "Global Administrator" : `Role ${templateId}`,
      members: members.map((i) => ids.user(i, name)),
    })),
    perUserMfa: Object.fromEntries(Object.entries(spec.perUserMfa ?? {}).map(([i, s]) => [ids.user(Number(i), name), s])),
    registrationDetails: spec.registrationDetails
      ? users.map((u, i) => ({
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          userDisplayName: u.displayName,
          userType: u.userType === "Guest" ? "guest" : "member",
          isAdmin: false,
          isMfaRegistered: i % 2 === 0,
          isMfaCapable: i % 2 === 0,
          methodsRegistered: i % 2 === 0 ? ["microsoftAuthenticatorPush"] : [],
        }))
      : [],
  };
}

export interface MfaPolicySpec {
  displayName?: string;
  state?: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  /** Default ["mfa"]. */
  controls?: string[];
  operator?: "AND" | "OR";
}

/** A CA policy requiring MFA for all apps, written the way a client would POST it. */
export function mfaPolicy(spec: MfaPolicySpec = {}): GraphObject {
  return {
    displayName: spec.displayName ?? "Require MFA",
    state: spec.state ?? "enabled",
    conditions: {
      clientAppTypes: ["all"],
      applications: { includeApplications: ["All"] },
      users: {
        includeUsers: spec.includeUsers ?? ["All"],
        excludeUsers: spec.excludeUsers ?? [],
        includeGroups: spec.includeGroups ?? [],
        excludeGroups: spec.excludeGroups ?? [],
        includeRoles: spec.includeRoles ?? [],
      },
    },
    grantControls: { operator: spec.operator ?? "OR", builtInControls: spec.controls ?? ["mfa"] },
  };
}

/** The same policy as it would sit in a fixture (with an id). */
export function storedPolicy(spec: MfaPolicySpec & { id?: string } = {}): GraphObject {
  return { id: spec.id ?? guidFor(`policy:${spec.displayName ?? "Require MFA"}`), ...mfaPolicy(spec) };
}
