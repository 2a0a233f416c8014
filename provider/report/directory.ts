import type {
  ConditionalAccessPolicy,
  PerUserMfaState,
  SystemCredentialPreferences,
  User,
  UserRegistrationDetails,
} from "../graph/types";

/** The user properties the report reads (`$select=id,userPrincipalName,displayName,accountEnabled,userType`). */
export type DirectoryUser = Pick<User, "id" | "userPrincipalName" | "displayName" | "accountEnabled" | "userType">;

/** A group some policy or the system-preferred MFA targets reference, expanded once with `transitiveMembers`. */
export interface ExpandedGroup {
  displayName?: string;
  /** Ids of the users among the group's transitive members (nested groups already flattened). */
  transitiveUserIds: string[];
}

/** An activated directory role, keyed by its role *template* id (what CA `includeRoles`/`excludeRoles` hold). */
export interface DirectoryRoleMembers {
  displayName: string;
  memberUserIds: string[];
}

/**
 * What the report needs about the tenant as a whole. It is small next to the user list, so it is read first and held in
 * memory; users are then streamed past it one at a time (see `UserRecord`).
 */
export interface TenantDirectory {
  tenantId?: string;
  securityDefaults: { isEnabled: boolean };
  policies: ConditionalAccessPolicy[];
  /**
   * Group id → its users. Must hold every group the policies and the system-preferred MFA targets reference; a missing
   * one is reported as a warning and counts as having no members.
   */
  groups: Record<string, ExpandedGroup>;
  /** Role template id → role; every activated role (this is also where "admin roles held" come from). */
  directoryRoles: Record<string, DirectoryRoleMembers>;
  /** `undefined` when the beta authentication methods policy could not be read. */
  systemCredentialPreferences?: SystemCredentialPreferences;
  /** The policy this library manages, so the report can name it as such. */
  managedPolicyId?: string;
}

/** One user with the per-user facts a collector joined to it. `null`/absent = could not be read. */
export interface UserRecord {
  user: DirectoryUser;
  perUserMfaState?: PerUserMfaState | null;
  registration?: UserRegistrationDetails | null;
}

/** Everything at once: convenient for tests and small tenants. Per-user maps are keyed by user id. */
export interface DirectorySnapshot extends TenantDirectory {
  users: DirectoryUser[];
  perUserMfa: Record<string, PerUserMfaState>;
  registrations: Record<string, UserRegistrationDetails>;
}

/** Graph object ids are GUIDs, compared case-insensitively. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

/** Joins a snapshot's per-user maps to its users, one record at a time. */
export function* userRecordsOf(snapshot: DirectorySnapshot): Generator<UserRecord> {
  const perUserMfa = keyedById(snapshot.perUserMfa);
  const registrations = keyedById(snapshot.registrations);
  for (const user of snapshot.users) {
    yield {
      user,
      perUserMfaState: perUserMfa.get(idKey(user.id)) ?? null,
      registration: registrations.get(idKey(user.id)) ?? null,
    };
  }
}

function keyedById<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record).map(([id, value]) => [idKey(id), value]));
}
