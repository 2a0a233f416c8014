// One tenant's directory and policies, held as Graph objects, with the lookups routes and the MFA evaluator need.
import type {
  AppFixture,
  DirectoryRoleFixture,
  GraphObject,
  GroupFixture,
  PerUserMfaState,
  TenantFixture,
} from "./model";
import { clone } from "./schema";

export class TenantStore {
  readonly tenantId: string;
  displayName: string | undefined;
  domains: string[];
  apps: AppFixture[];
  securityDefaults: GraphObject;
  /** In creation order, as Graph lists them. */
  conditionalAccessPolicies: GraphObject[];
  /** The beta view; v1.0 responses leave out beta-only members. */
  authenticationMethodsPolicy: GraphObject;
  users: GraphObject[];
  groups: GroupFixture[];
  directoryRoles: DirectoryRoleFixture[];
  perUserMfa: Record<string, PerUserMfaState>;
  registrationDetails: GraphObject[];
  signInPreferences: Record<string, GraphObject>;
  /** Authentication strengths known besides the built-ins (met embedded in fixture policies). */
  authenticationStrengths: GraphObject[] = [];

  /** Takes a validated, normalised fixture (see fixtures.ts). */
  constructor(fixture: Required<Omit<TenantFixture, "displayName" | "securityDefaults">> & { displayName?: string; securityDefaults: GraphObject }) {
    const f = clone(fixture);
    this.tenantId = f.tenantId;
    this.displayName = f.displayName;
    this.domains = f.domains;
    this.apps = f.apps;
    this.securityDefaults = f.securityDefaults;
    this.conditionalAccessPolicies = f.conditionalAccessPolicies;
    this.authenticationMethodsPolicy = f.authenticationMethodsPolicy;
    this.users = f.users;
    this.groups = f.groups;
    this.directoryRoles = f.directoryRoles;
    this.perUserMfa = f.perUserMfa;
    this.registrationDetails = f.registrationDetails;
    this.signInPreferences = f.signInPreferences;
  }

  toFixture(): TenantFixture {
    return clone({
      tenantId: this.tenantId,
      ...(this.displayName !== undefined ? { displayName: this.displayName } : {}),
      domains: this.domains,
      apps: this.apps,
      securityDefaults: this.securityDefaults,
      conditionalAccessPolicies: this.conditionalAccessPolicies,
      authenticationMethodsPolicy: this.authenticationMethodsPolicy,
      users: this.users,
      groups: this.groups,
      directoryRoles: this.directoryRoles,
      perUserMfa: this.perUserMfa,
      registrationDetails: this.registrationDetails,
      signInPreferences: this.signInPreferences,
    });
  }

  get securityDefaultsEnabled(): boolean {
    return this.securityDefaults.isEnabled === true;
  }

  set securityDefaultsEnabled(on: boolean) {
    this.securityDefaults.isEnabled = on;
  }

  app(clientId: string): AppFixture | undefined {
    return this.apps.find((a) => sameId(a.clientId, clientId));
  }

  /** By object id or userPrincipalName, as /users/{id | userPrincipalName} resolves. */
  user(idOrUpn: string): GraphObject | undefined {
    return this.users.find((u) => sameId(u.id as string, idOrUpn) || sameId(u.userPrincipalName as string, idOrUpn));
  }

  group(id: string): GroupFixture | undefined {
    return this.groups.find((g) => sameId(g.id, id));
  }

  policy(id: string): GraphObject | undefined {
    return this.conditionalAccessPolicies.find((p) => sameId(p.id as string, id));
  }

  role(id: string): DirectoryRoleFixture | undefined {
    return this.directoryRoles.find((r) => sameId(r.id, id));
  }

  roleByTemplate(templateId: string): DirectoryRoleFixture | undefined {
    return this.directoryRoles.find((r) => sameId(r.roleTemplateId, templateId));
  }

  /** A user or group by id, with its Graph type. */
  directoryObject(id: string): { type: "user" | "group"; object: GraphObject } | undefined {
    const user = this.users.find((u) => sameId(u.id as string, id));
    if (user) return { type: "user", object: user };
    const group = this.group(id);
    return group ? { type: "group", object: group } : undefined;
  }

  /** Members of a group or role, expanding nested groups (each object once, cycles tolerated). */
  transitiveMembers(memberIds: readonly string[]): { type: "user" | "group"; object: GraphObject }[] {
    const seen = new Set<string>();
    const out: { type: "user" | "group"; object: GraphObject }[] = [];
    const visit = (ids: readonly string[]) => {
      for (const id of ids) {
        const key = id.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        const found = this.directoryObject(id);
        if (!found) continue;
        out.push(found);
        if (found.type === "group") visit((found.object as GroupFixture).members ?? []);
      }
    };
    visit(memberIds);
    return out;
  }

  /** Ids (lower-case) of every group the user belongs to, directly or through nesting. */
  groupsOf(userId: string): Set<string> {
    return this.containing(userId, this.groups, (g) => g.id);
  }

  /** Role template ids (lower-case) the user holds, directly or through a role-assignable group. */
  roleTemplatesOf(userId: string): Set<string> {
    return this.containing(userId, this.directoryRoles, (r) => r.roleTemplateId);
  }

  private containing<T extends { members?: string[] }>(userId: string, containers: readonly T[], keyOf: (c: T) => string): Set<string> {
    const isUser = (m: { type: string; object: GraphObject }) => m.type === "user" && sameId(m.object.id as string, userId);
    return new Set(containers.filter((c) => this.transitiveMembers(c.members ?? []).some(isUser)).map((c) => keyOf(c).toLowerCase()));
  }
}

/** Directory ids and names compare case-insensitively (GUIDs, UPNs). */
export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
