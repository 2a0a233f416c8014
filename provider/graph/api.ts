// The one object a handler gets per connection.
import type { TokenCredential } from "@azure/identity";
import { type BatchGet, batchGet } from "./batch";
import type { ResolvedConnection } from "./connection";
import { credentialFor } from "./credential";
import { authenticationMethodsPolicyApi } from "./endpoints/authentication-methods-policy";
import { conditionalAccessApi } from "./endpoints/conditional-access";
import { directoryRolesApi } from "./endpoints/directory-roles";
import { groupsApi } from "./endpoints/groups";
import { perUserMfaApi } from "./endpoints/per-user-mfa";
import { referencesApi } from "./endpoints/references";
import { registrationDetailsApi } from "./endpoints/registration-details";
import { securityDefaultsApi } from "./endpoints/security-defaults";
import { usersApi } from "./endpoints/users";
import { GraphHttp, type GraphHttpOptions, type GraphVersion } from "./http";

export interface GraphApiOptions extends GraphHttpOptions {
  /** Use this credential instead of building one from the connection's credentials. */
  credential?: TokenCredential;
}

export function createGraphApi(connection: ResolvedConnection, options: GraphApiOptions = {}) {
  const http = new GraphHttp(connection, options.credential ?? credentialFor(connection), options);
  return {
    connection,
    /** Raw requests, paging and `listAll` for anything the typed calls do not cover. */
    http,
    securityDefaults: securityDefaultsApi(http),
    conditionalAccess: conditionalAccessApi(http),
    authenticationMethodsPolicy: authenticationMethodsPolicyApi(http),
    users: usersApi(http),
    groups: groupsApi(http),
    directoryRoles: directoryRolesApi(http),
    perUserMfa: perUserMfaApi(http),
    registrationDetails: registrationDetailsApi(http),
    /** The users, groups, roles and strength a resource's inputs name, for check: one `$batch` per 20. */
    references: referencesApi(http),
    /** Many small reads in `$batch`es of 20; results in request order, failures per item. */
    batchGet: <T>(requests: readonly BatchGet[], version?: GraphVersion) => batchGet<T>(http, requests, version),
  };
}

export type GraphApi = ReturnType<typeof createGraphApi>;
