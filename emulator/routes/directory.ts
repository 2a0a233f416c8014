// users, groups (members, transitiveMembers) and directoryRoles (graph.md §5).
import type { Route, RouteContext } from "../router";
import type { GraphObject, GraphVersion } from "../model";
import type { DirectoryEntry, TenantStore } from "../store";
import { json } from "../exchange";
import { notFound } from "../errors";
import { checkSelect, contextUrl, page, project, selected } from "../paging";
import { applyFilter } from "../filter";

/**
 * Returned on v1.0 and beta when selected, though Graph's published metadata lacks it (graph.md §4,
 * msgraph-sdk-powershell#3368): the same value as beta users/{id}/authentication/requirements.
 */
const PER_USER_MFA_STATE = "perUserMfaState";

/** The user with its per-user MFA state when $select asks for it (the tenant keeps it apart from the user). */
function withPerUserMfa(tenant: TenantStore, user: GraphObject, fields: string[] | undefined): GraphObject {
  if (!tenant.perUserMfaOnUserListing || !fields?.some((f) => f.toLowerCase() === PER_USER_MFA_STATE.toLowerCase())) return user;
  return { ...user, [PER_USER_MFA_STATE]: tenant.perUserMfa[String(user.id)] ?? "disabled" };
}

/** What GET /v1.0/users returns without $select: accountEnabled and userType need asking for. */
const USER_DEFAULT_V1 = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];
const USER_PROPERTIES = [
  ...USER_DEFAULT_V1, "accountEnabled", "userType", "createdDateTime", "creationType", "department", "employeeId",
  "externalUserState", "companyName", "country", "city", "identities", "mailNickname", "onPremisesSyncEnabled",
  "onPremisesImmutableId", "otherMails", "proxyAddresses", "signInActivity", "usageLocation", "assignedLicenses",
  "deletedDateTime", "state", "streetAddress", "postalCode", "ageGroup", "employeeType", "faxNumber", "lastPasswordChangeDateTime",
  PER_USER_MFA_STATE,
];
const GROUP_DEFAULT = ["id", "deletedDateTime", "classification", "createdDateTime", "creationOptions", "description", "displayName", "expirationDateTime", "groupTypes", "isAssignableToRole", "mail", "mailEnabled", "mailNickname", "membershipRule", "membershipRuleProcessingState", "onPremisesSyncEnabled", "proxyAddresses", "renewedDateTime", "securityEnabled", "securityIdentifier", "visibility"];

const USER_NAMES = new Set(USER_PROPERTIES.map((k) => k.toLowerCase()));

function userView(user: GraphObject, version: GraphVersion, fields: string[] | undefined): GraphObject {
  if (fields) return project(user, fields);
  if (version === "beta") return { ...user };
  const out = project(user, USER_DEFAULT_V1);
  if (out.businessPhones === null) out.businessPhones = [];
  return out;
}

function groupView(group: GraphObject, fields: string[] | undefined): GraphObject {
  const { members: _members, ...rest } = group;
  if (fields) return project(rest, fields);
  const out = project(rest, GROUP_DEFAULT);
  for (const k of ["groupTypes", "creationOptions", "proxyAddresses"]) if (out[k] === null) out[k] = [];
  return out;
}

/** A directoryObject collection item: typed, with the type's default (or selected) properties. */
function memberView(m: DirectoryEntry, version: GraphVersion, fields: string[] | undefined): GraphObject {
  const body = m.type === "user" ? userView(m.object, version, fields) : groupView(m.object, fields);
  return { "@odata.type": `#microsoft.graph.${m.type}`, ...body };
}

function user(ctx: RouteContext): GraphObject {
  const found = ctx.tenant.user(ctx.params.id);
  if (!found) throw notFound(ctx.params.id);
  return found;
}

function group(ctx: RouteContext) {
  const found = ctx.tenant.group(ctx.params.id);
  if (!found) throw notFound(ctx.params.id);
  return found;
}

function role(tenant: TenantStore, params: Record<string, string>) {
  const found = params.templateId !== undefined ? tenant.roleByTemplate(params.templateId) : tenant.role(params.id);
  if (!found) throw notFound(params.templateId ?? params.id);
  return found;
}

function roleView(r: GraphObject): GraphObject {
  const { members: _members, ...rest } = r;
  return { id: rest.id, deletedDateTime: null, description: null, displayName: null, roleTemplateId: rest.roleTemplateId, ...rest };
}

function membersPage(ctx: RouteContext, ids: readonly string[], transitive: boolean, context: string) {
  const fields = selected(ctx.req);
  const all = transitive ? ctx.tenant.transitiveMembers(ids) : ids.flatMap((id) => ctx.tenant.directoryObject(id) ?? []);
  const members = applyFilter(ctx.req, all, (m) => m.object, true);
  return json(200, page(ctx.req, members, { context, shape: (m) => memberView(m, ctx.req.version, fields) }));
}

const roleMembers = (ctx: RouteContext) => {
  const members = role(ctx.tenant, ctx.params).members ?? [];
  const fields = selected(ctx.req);
  return json(200, {
    "@odata.context": contextUrl(ctx.req, "directoryObjects"),
    value: members.flatMap((id) => ctx.tenant.directoryObject(id) ?? []).map((m) => memberView(m, ctx.req.version, fields)),
  });
};

/**
 * $select for users, refusing names no user has. Stored users are read only for a name beyond Graph's own
 * properties (a fixture's extension), not on every page of a large tenant.
 */
function userFields(req: RouteContext["req"], tenant: TenantStore): string[] | undefined {
  const fields = selected(req);
  const others = fields?.filter((f) => !USER_NAMES.has(f.toLowerCase()));
  if (others?.length) checkSelect(others, new Set(tenant.users.flatMap((u) => Object.keys(u)).map((k) => k.toLowerCase())), "user");
  return fields;
}

function usersEntity(ctx: RouteContext): GraphObject {
  const fields = userFields(ctx.req, ctx.tenant);
  return userView(withPerUserMfa(ctx.tenant, user(ctx), fields), ctx.req.version, fields);
}

const roleEntity = ({ req, tenant, params }: RouteContext) =>
  json(200, { "@odata.context": contextUrl(req, "directoryRoles/$entity"), ...roleView(role(tenant, params)) });

const users = { kind: "directory", units: 2 } as const;
const one = { kind: "directory", units: 1 } as const;

export const directoryRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/users",
    operation: "usersRead",
    throttle: users,
    handle: ({ req, tenant }) => {
      const fields = userFields(req, tenant);
      return json(200, page(req, applyFilter(req, tenant.users, (u) => u, true), { context: fields ? `users(${fields.join(",")})` : "users", shape: (u) => userView(withPerUserMfa(tenant, u, fields), req.version, fields) }));
    },
  },
  {
    method: "GET",
    pattern: "/users/{id}",
    operation: "usersRead",
    throttle: one,
    handle: (ctx) =>
      json(200, { "@odata.context": contextUrl(ctx.req, "users/$entity"), ...usersEntity(ctx) }),
  },
  {
    method: "GET",
    pattern: "/groups",
    operation: "groupsRead",
    throttle: users,
    handle: ({ req, tenant }) => {
      const fields = selected(req);
      return json(200, page(req, applyFilter(req, tenant.groups, (g) => g, true), { context: "groups", shape: (g) => groupView(g, fields) }));
    },
  },
  {
    method: "GET",
    pattern: "/groups/{id}",
    operation: "groupsRead",
    throttle: one,
    handle: (ctx) => json(200, { "@odata.context": contextUrl(ctx.req, "groups/$entity"), ...groupView(group(ctx), selected(ctx.req)) }),
  },
  {
    method: "GET",
    pattern: "/groups/{id}/members",
    operation: "groupMembersRead",
    throttle: { kind: "directory", units: 3 },
    handle: (ctx) => membersPage(ctx, group(ctx).members ?? [], false, "directoryObjects"),
  },
  {
    method: "GET",
    pattern: "/groups/{id}/transitiveMembers",
    operation: "groupMembersRead",
    throttle: { kind: "directory", units: 5 },
    handle: (ctx) => membersPage(ctx, group(ctx).members ?? [], true, "directoryObjects"),
  },
  {
    method: "GET",
    pattern: "/directoryRoles",
    operation: "directoryRolesRead",
    throttle: one,
    handle: ({ req, tenant }) =>
      json(200, { "@odata.context": contextUrl(req, "directoryRoles"), value: tenant.directoryRoles.map((r) => project(roleView(r), selected(req))) }),
  },
  {
    method: "GET",
    pattern: "/directoryRoles/roleTemplateId={templateId}",
    operation: "directoryRolesRead",
    throttle: one,
    handle: roleEntity,
  },
  {
    method: "GET",
    pattern: "/directoryRoles/roleTemplateId={templateId}/members",
    operation: "directoryRolesRead",
    throttle: one,
    handle: roleMembers,
  },
  {
    method: "GET",
    pattern: "/directoryRoles/{id}",
    operation: "directoryRolesRead",
    throttle: one,
    handle: roleEntity,
  },
  {
    method: "GET",
    pattern: "/directoryRoles/{id}/members",
    operation: "directoryRolesRead",
    throttle: one,
    handle: roleMembers,
  },
];
