// Which application permission a Graph call needs (graph.md §§1-5), so a 403 can say what is probably missing: the
// least privileged one that grants the call. tests/graph/permissions.test.ts holds it against the emulator's table.
// Paths are matched after the version segment. First match wins, so specific rules come before general ones.
import { resourcePath } from "./paths";

interface PermissionRule {
  methods: readonly string[];
  path: RegExp;
  /** All of these are needed (e.g. CA writes need Policy.Read.All as well). */
  permissions: readonly string[];
}

const CONDITIONAL_ACCESS = /^\/(identity\/conditionalAccess\/policies|policies\/conditionalAccessPolicies)(\/|$)/i;

const PERMISSION_RULES: readonly PermissionRule[] = [
  { methods: ["GET"], path: /^\/policies\/identitySecurityDefaultsEnforcementPolicy$/i, permissions: ["Policy.Read.All"] },
  {
    methods: ["PATCH"],
    path: /^\/policies\/identitySecurityDefaultsEnforcementPolicy$/i,
    permissions: ["Policy.ReadWrite.SecurityDefaults"],
  },
  { methods: ["GET"], path: CONDITIONAL_ACCESS, permissions: ["Policy.Read.All"] },
  {
    methods: ["POST", "PATCH", "DELETE"],
    path: CONDITIONAL_ACCESS,
    permissions: ["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"],
  },
  { methods: ["GET"], path: /^\/policies\/authenticationMethodsPolicy$/i, permissions: ["Policy.Read.AuthenticationMethod"] },
  { methods: ["GET"], path: /^\/policies\/authenticationStrengthPolicies(\/|$)/i, permissions: ["Policy.Read.All"] },
  {
    methods: ["PATCH"],
    path: /^\/policies\/authenticationMethodsPolicy$/i,
    permissions: ["Policy.ReadWrite.AuthenticationMethod"],
  },
  { methods: ["GET"], path: /^\/users\/[^/]+\/authentication\/requirements$/i, permissions: ["Policy.Read.All"] },
  {
    methods: ["PATCH"],
    path: /^\/users\/[^/]+\/authentication\/requirements$/i,
    permissions: ["Policy.ReadWrite.AuthenticationMethod"],
  },
  {
    methods: ["GET"],
    path: /^\/users\/[^/]+\/authentication\/signInPreferences$/i,
    permissions: ["UserAuthenticationMethod.Read.All"],
  },
  {
    methods: ["PATCH"],
    path: /^\/users\/[^/]+\/authentication\/signInPreferences$/i,
    permissions: ["UserAuthenticationMethod.ReadWrite.All"],
  },
  { methods: ["GET"], path: /^\/users(\/|$)/i, permissions: ["User.Read.All"] },
  // Groups and their members alike: GroupMember.Read.All is the least privileged permission that reads both.
  { methods: ["GET"], path: /^\/groups(\/|$)/i, permissions: ["GroupMember.Read.All"] },
  { methods: ["GET"], path: /^\/directoryRoles(\/|\(|$)/i, permissions: ["RoleManagement.Read.Directory"] },
  {
    methods: ["GET"],
    path: /^\/reports\/authenticationMethods\/userRegistrationDetails(\/|$)/i,
    permissions: ["AuditLog.Read.All"],
  },
];

export function permissionsFor(method: string, pathOrUrl: string): readonly string[] | undefined {
  const path = resourcePath(pathOrUrl);
  const m = method.toUpperCase();
  return PERMISSION_RULES.find((r) => r.methods.includes(m) && r.path.test(path))?.permissions;
}
