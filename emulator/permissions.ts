// Which application permissions (token `roles`) each operation needs, after graph.md. A rule is a list of
// alternatives; an alternative is a set of permissions that must all be held.
export type PermissionRule = readonly (readonly string[])[];

const anyOf = (...names: string[]): PermissionRule => names.map((n) => [n]);

export const PERMISSIONS = {
  securityDefaultsRead: anyOf("Policy.Read.All", "Policy.ReadWrite.SecurityDefaults", "Policy.ReadWrite.ConditionalAccess"),
  securityDefaultsWrite: anyOf("Policy.ReadWrite.SecurityDefaults", "Policy.ReadWrite.ConditionalAccess"),
  conditionalAccessRead: anyOf("Policy.Read.All"),
  /** The documented "known permissions issue": the write permission alone is not enough. */
  conditionalAccessWrite: [["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"]],
  authenticationMethodsPolicyRead: anyOf("Policy.Read.AuthenticationMethod", "Policy.ReadWrite.AuthenticationMethod", "Policy.Read.All"),
  authenticationMethodsPolicyWrite: anyOf("Policy.ReadWrite.AuthenticationMethod"),
  authenticationStrengthsRead: anyOf("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "Policy.ReadWrite.AuthenticationMethod"),
  usersRead: anyOf("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** Get / list groups: GroupMember.Read.All is the least privileged application permission. */
  groupsRead: anyOf("GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  groupMembersRead: anyOf("GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  directoryRolesRead: anyOf("RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"),
  perUserMfaRead: anyOf("Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod"),
  perUserMfaWrite: anyOf("Policy.ReadWrite.AuthenticationMethod"),
  signInPreferencesRead: anyOf("UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"),
  signInPreferencesWrite: anyOf("UserAuthenticationMethod.ReadWrite.All"),
  registrationDetailsRead: anyOf("AuditLog.Read.All"),
} as const satisfies Record<string, PermissionRule>;

export type Operation = keyof typeof PERMISSIONS;

export function permits(rule: PermissionRule, roles: readonly string[]): boolean {
  const held = new Set(roles.map((r) => r.toLowerCase()));
  return rule.some((all) => all.every((p) => held.has(p.toLowerCase())));
}

/** Every permission some route accepts: what an all-powerful fixture app holds. */
export const ALL_PERMISSIONS: readonly string[] = [...new Set(Object.values(PERMISSIONS).flat(2))].sort();
