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

  /**
   * By object id or userPrincipalName, as /users/{id | userPrincipalName} resolves. An index keeps per-user calls
   * cheap on 50,000-user tenants; tests edit users behind its back, so a hit is checked and a miss falls back to a scan.
   */
  user(idOrUpn: string): GraphObject | undefined {
    const matches = (u: GraphObject) => sameId(u.id as string, idOrUpn) || sameId(u.userPrincipalName as string, idOrUpn);
    const hit = this.userIndex().get(idOrUpn.toLowerCase());
    if (hit && matches(hit)) return hit;
    const found = this.users.find(matches);
    if (found) this.userKeys = undefined;
    return found;
  }

  private userKeys?: { users: GraphObject[]; length: number; byKey: Map<string, GraphObject> };

  private userIndex(): Map<string, GraphObject> {
    if (!this.userKeys || this.userKeys.users !== this.users || this.userKeys.length !== this.users.length) {
      const byKey = new Map<string, GraphObject>();
      for (const u of this.users)
        for (const key of [String(u.id).toLowerCase(), String(u.userPrincipalName).toLowerCase()]) if (!byKey.has(key)) byKey.set(key, u);
      this.userKeys = { users: this.users, length: this.users.length, byKey };
    }
    return this.userKeys.byKey;
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
  directoryObject(id: string): DirectoryEntry | undefined {
    const user = this.users.find((u) => sameId(u.id as string, id));
    if (user) return { type: "user", object: user };
    const group = this.group(id);
    return group ? { type: "group", object: group } : undefined;
  }

  /** Members of a group or role, expanding nested groups (each object once, cycles tolerated). */
  transitiveMembers(memberIds: readonly string[], index = this.objectIndex()): DirectoryEntry[] {
    const seen = new Set<string>();
    const out: DirectoryEntry[] = [];
    const visit = (ids: readonly string[]) => {
      for (const id of ids) {
        const key = id.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        const found = index.get(key);
        if (!found) continue;
        out.push(found);
        if (found.type === "group") visit((found.object as GroupFixture).members ?? []);
      }
    };
    visit(memberIds);
    return out;
  }

  /** Users and groups by lower-case id; built per query because tests may edit the arrays directly. */
  private objectIndex(): Map<string, DirectoryEntry> {
    const index = new Map<string, DirectoryEntry>();
    for (const object of this.users) index.set(String(object.id).toLowerCase(), { type: "user", object });
    for (const object of this.groups) if (!index.has(object.id.toLowerCase())) index.set(object.id.toLowerCase(), { type: "group", object });
    return index;
  }

  /**
   * For every user (lower-case id): the groups they belong to, directly or through nesting, and the role template
   * ids they hold, directly or through a role-assignable group. Built in one pass over groups and roles.
   */
  memberships(): Map<string, { groups: Set<string>; roles: Set<string> }> {
    const index = new Map<string, { groups: Set<string>; roles: Set<string> }>();
    const objects = this.objectIndex();
    const add = (members: readonly string[] | undefined, kind: "groups" | "roles", key: string) => {
      for (const m of this.transitiveMembers(members ?? [], objects)) {
        if (m.type !== "user") continue;
        const id = String(m.object.id).toLowerCase();
        let entry = index.get(id);
        if (!entry) index.set(id, (entry = { groups: new Set(), roles: new Set() }));
        entry[kind].add(key.toLowerCase());
      }
    };
    for (const g of this.groups) add(g.members, "groups", g.id);
    for (const r of this.directoryRoles) add(r.members, "roles", r.roleTemplateId);
    return index;
  }
}

export type DirectoryEntry = { type: "user" | "group"; object: GraphObject };

/** Directory ids and names compare case-insensitively (GUIDs, UPNs). */
export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
