import type {
  AuthenticationMethodTarget,
  ConditionalAccessGuestsOrExternalUsers,
  ConditionalAccessUsers,
} from "../graph/types";
import { idKey, type DirectoryUser, type TenantDirectory } from "./directory";

/** Why a user matches one side (include or exclude) of a policy's user targeting. */
export type TargetReason =
  | { via: "allUsers" }
  | { via: "user" }
  | { via: "group"; groupId: string; groupName?: string }
  | { via: "role"; roleTemplateId: string; roleName?: string }
  | { via: "guestOrExternal"; userType: ExternalUserType; homeTenantUnknown?: true };

/** Graph's `conditionalAccessGuestOrExternalUserTypes` members a user can be classified as from its directory entry. */
export type ExternalUserType = "internalGuest" | "b2bCollaborationGuest" | "b2bCollaborationMember";

/** One side of a targeting rule, normalised: ids lower-cased, keywords decoded. */
export interface TargetSide {
  all: boolean;
  userIds: ReadonlySet<string>;
  groupIds: readonly string[];
  roleIds: readonly string[];
  guests: GuestTarget | null;
}

interface GuestTarget {
  types: ReadonlySet<string>;
  /** `false` when the rule lists specific external tenants: the user's home tenant is not in the directory data. */
  allTenants: boolean;
}

/** Who is in which referenced group and which role, indexed by user so evaluating one user is a few lookups. */
export class MembershipIndex {
  private readonly groupsByUser = new Map<string, string[]>();
  private readonly rolesByUser = new Map<string, string[]>();
  private readonly groupNames = new Map<string, string | undefined>();
  private readonly roleNames = new Map<string, string>();

  constructor(directory: Pick<TenantDirectory, "groups" | "directoryRoles">) {
    for (const [groupId, group] of Object.entries(directory.groups)) {
      this.groupNames.set(idKey(groupId), group.displayName);
      indexMembers(this.groupsByUser, idKey(groupId), group.transitiveUserIds);
    }
    for (const [templateId, role] of Object.entries(directory.directoryRoles)) {
      this.roleNames.set(idKey(templateId), role.displayName);
      indexMembers(this.rolesByUser, idKey(templateId), role.memberUserIds);
    }
  }

  hasGroup(groupId: string): boolean {
    return this.groupNames.has(groupId);
  }
  groupName(groupId: string): string | undefined {
    return this.groupNames.get(groupId);
  }
  roleName(roleTemplateId: string): string | undefined {
    return this.roleNames.get(roleTemplateId);
  }
  groupsOf(userKey: string): readonly string[] {
    return this.groupsByUser.get(userKey) ?? [];
  }
  rolesOf(userKey: string): readonly string[] {
    return this.rolesByUser.get(userKey) ?? [];
  }
}

function indexMembers(index: Map<string, string[]>, containerKey: string, userIds: readonly string[]): void {
  for (const userId of userIds) {
    const key = idKey(userId);
    const list = index.get(key);
    if (!list) index.set(key, [containerKey]);
    else if (!list.includes(containerKey)) list.push(containerKey);
  }
}

const GUESTS_KEYWORD = "guestsorexternalusers";
const ALL_EXTERNAL_TYPES: readonly ExternalUserType[] = ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember"];

/** Decodes a CA policy's `conditions.users` into its include and exclude sides. */
export function policyTargets(users: ConditionalAccessUsers | null | undefined): { include: TargetSide; exclude: TargetSide } {
  return {
    include: caSide(users?.includeUsers, users?.includeGroups, users?.includeRoles, users?.includeGuestsOrExternalUsers),
    exclude: caSide(users?.excludeUsers, users?.excludeGroups, users?.excludeRoles, users?.excludeGuestsOrExternalUsers),
  };
}

function caSide(
  users: string[] | undefined,
  groups: string[] | undefined,
  roles: string[] | undefined,
  guests: ConditionalAccessGuestsOrExternalUsers | null | undefined,
): TargetSide {
  const keys = (users ?? []).map(idKey);
  const guestsKeyword = keys.includes(GUESTS_KEYWORD);
  return {
    all: keys.includes("all"),
    userIds: new Set(keys.filter((k) => k !== "all" && k !== "none" && k !== GUESTS_KEYWORD)),
    groupIds: (groups ?? []).map(idKey),
    roleIds: (roles ?? []).map(idKey),
    guests: guestsKeyword ? { types: new Set(ALL_EXTERNAL_TYPES), allTenants: true } : guestTarget(guests),
  };
}

function guestTarget(guests: ConditionalAccessGuestsOrExternalUsers | null | undefined): GuestTarget | null {
  if (!guests) return null;
  const types = new Set(guests.guestOrExternalUserTypes.split(",").map((t) => t.trim()).filter((t) => t && t !== "none"));
  if (types.size === 0) return null;
  return { types, allTenants: (guests.externalTenants?.membershipKind ?? "all") === "all" };
}

/** Decodes system-preferred MFA include or exclude targets (`all_users`, user ids, group ids). */
export function methodTargets(targets: readonly AuthenticationMethodTarget[] | undefined): TargetSide {
  const all = (targets ?? []).some((t) => idKey(t.id) === "all_users");
  const ofType = (type: string) => (targets ?? []).filter((t) => t.targetType === type && idKey(t.id) !== "all_users").map((t) => idKey(t.id));
  return { all, userIds: new Set(ofType("user")), groupIds: ofType("group"), roleIds: [], guests: null };
}

/**
 * Every reason the user matches this side. For an include side, any reason means included; for an exclude side, each
 * reason is reported. When the guest rule names specific external tenants, a guest counts as matching an exclusion and
 * not matching an inclusion: the report never claims more protection than it can show.
 */
export function matchSide(side: TargetSide, user: DirectoryUser, index: MembershipIndex, isExclude: boolean): TargetReason[] {
  const key = idKey(user.id);
  const reasons: TargetReason[] = [];
  if (side.all) reasons.push({ via: "allUsers" });
  if (side.userIds.has(key)) reasons.push({ via: "user" });
  if (side.groupIds.length > 0) {
    for (const groupId of index.groupsOf(key)) {
      if (side.groupIds.includes(groupId)) reasons.push({ via: "group", groupId, groupName: index.groupName(groupId) });
    }
  }
  if (side.roleIds.length > 0) {
    for (const roleId of index.rolesOf(key)) {
      if (side.roleIds.includes(roleId)) reasons.push({ via: "role", roleTemplateId: roleId, roleName: index.roleName(roleId) });
    }
  }
  const externalType = side.guests ? externalUserTypeOf(user) : undefined;
  if (side.guests && externalType && side.guests.types.has(externalType)) {
    if (side.guests.allTenants) reasons.push({ via: "guestOrExternal", userType: externalType });
    else if (isExclude) reasons.push({ via: "guestOrExternal", userType: externalType, homeTenantUnknown: true });
  }
  return reasons;
}

/**
 * Classifies a user the way CA's guest/external condition does, from what the user list carries: a B2B account's UPN
 * holds `#EXT#`; a Guest without it is a local (internal) guest.
 */
function externalUserTypeOf(user: DirectoryUser): ExternalUserType | undefined {
  const external = user.userPrincipalName.toUpperCase().includes("#EXT#");
  if (isGuest(user)) return external ? "b2bCollaborationGuest" : "internalGuest";
  return external ? "b2bCollaborationMember" : undefined;
}

export function isGuest(user: DirectoryUser): boolean {
  return user.userType?.toLowerCase() === "guest";
}

/** The group ids a side names that the directory data does not hold. */
export function missingGroups(side: TargetSide, index: MembershipIndex): string[] {
  return side.groupIds.filter((g) => !index.hasGroup(g));
}
