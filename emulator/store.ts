// One tenant's directory and policies, held as Graph objects, with the lookups routes and the MFA evaluator need.
import type {
  AppFixture,
  DirectoryRoleFixture,
  GraphObject,
  GroupFixture,
  PerUserMfaOnUsers,
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
  /** How user reads answer `$select=perUserMfaState`; change it on the live store to test a client's fallback. */
  perUserMfaOnUsers: PerUserMfaOnUsers;
  /** Lower-case ids of users whose entries leave `perUserMfaState` out even when it is served. */
  perUserMfaOmittedFor: Set<string>;
  registrationDetails: GraphObject[];
  signInPreferences: Record<string, GraphObject>;
  /** Authentication strengths known besides the built-ins (met embedded in fixture policies). */
  authenticationStrengths: GraphObject[] = [];

  /** Takes a validated, normalised fixture (see fixtures.ts). */
  constructor(
    fixture: Required<Omit<TenantFixture, "displayName" | "securityDefaults">> & { displayName?: string; securityDefaults: GraphObject },
  ) {
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
    this.perUserMfaOnUsers = f.perUserMfaOnUsers;
    this.perUserMfaOmittedFor = new Set(f.perUserMfaOmittedFor.map((id) => id.toLowerCase()));
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
      perUserMfaOnUsers: this.perUserMfaOnUsers,
      perUserMfaOmittedFor: [...this.perUserMfaOmittedFor],
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
    const matches = (u: GraphObject) => sameId(u.id as string, idOrUpn) || sameId(u.userPrincipalName as string, idOrUpn);
    const { byId, byUpn } = this.index();
    const key = idOrUpn.toLowerCase();
    const slot = byId.get(key);
    const at = slot?.type === "user" ? slot.at : byUpn.get(key);
    const hit = at === undefined ? undefined : this.users[at];
    return hit && matches(hit) ? hit : this.rescan(this.users.find(matches));
  }

  group(id: string): GroupFixture | undefined {
    const found = this.directoryObject(id);
    return found?.type === "group" ? (found.object as GroupFixture) : undefined;
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
    const slot = this.index().byId.get(id.toLowerCase());
    const hit = slot && (slot.type === "user" ? this.users : this.groups)[slot.at];
    if (slot && hit && sameId(String(hit.id), id)) return { type: slot.type, object: hit };
    const user = this.users.find((u) => sameId(u.id as string, id));
    const group = user ? undefined : this.groups.find((g) => sameId(g.id, id));
    return this.rescan(user ? { type: "user", object: user } : group ? { type: "group", object: group } : undefined);
  }

  /** Members of a group or role, expanding nested groups (each object once, cycles tolerated). */
  transitiveMembers(memberIds: readonly string[]): DirectoryEntry[] {
    const seen = new Set<string>();
    const out: DirectoryEntry[] = [];
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

  /**
   * Positions of users and groups by lower-case id (users also by userPrincipalName), so per-object routes do not
   * scan a 50,000-user tenant. Rebuilt when `users` or `groups` is replaced or changes length; tests also edit items
   * in place, so lookups check what they find and answer a miss by scanning (see `rescan`).
   */
  private positions?: Positions;

  private index(): Positions {
    const p = this.positions;
    if (p && p.users === this.users && p.userCount === this.users.length && p.groups === this.groups && p.groupCount === this.groups.length) return p;
    const byId: Positions["byId"] = new Map();
    const byUpn = new Map<string, number>();
    this.users.forEach((u, at) => {
      setFirst(byId, String(u.id).toLowerCase(), { type: "user", at });
      setFirst(byUpn, String(u.userPrincipalName).toLowerCase(), at);
    });
    this.groups.forEach((g, at) => setFirst(byId, String(g.id).toLowerCase(), { type: "group", at }));
    return (this.positions = { users: this.users, userCount: this.users.length, groups: this.groups, groupCount: this.groups.length, byId, byUpn });
  }

  /** What a scan found where the index had nothing (or something else): the index is stale, so rebuild it next time. */
  private rescan<T>(found: T | undefined): T | undefined {
    if (found !== undefined) this.positions = undefined;
    return found;
  }
}

type Positions = {
  users: GraphObject[];
  userCount: number;
  groups: GroupFixture[];
  groupCount: number;
  byId: Map<string, { type: DirectoryEntry["type"]; at: number }>;
  byUpn: Map<string, number>;
};

function setFirst<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

export type DirectoryEntry = { type: "user" | "group"; object: GraphObject };

/** Directory ids and names compare case-insensitively (GUIDs, UPNs). */
export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
