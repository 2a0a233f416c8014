// Existence reads for a resource's check: the users, groups, directory roles and authentication strength its inputs
// name, in as few round trips as `$batch` allows (20 a batch), so a preview stays cheap in throttled units.
import { batchGet, type BatchGet, type BatchItemResult } from "../batch";
import type { GraphHttp } from "../http";
import type { DirectoryRole, Guid } from "../types";

export interface ReferenceQuery {
  /** Object ids or user principal names. */
  users: readonly string[];
  groups: readonly string[];
  /** Read the activated directory roles (to tell a role's object id from its template id). */
  directoryRoles: boolean;
  authenticationStrengthId?: string;
}

export interface DirectoryObjectRef {
  id: Guid;
}

export interface AuthenticationStrengthRef {
  id: Guid;
  displayName?: string;
}

/** One answer per read asked for; a 404 is an answer (no such object), any other failure is `error`. */
export interface ReferenceAnswers {
  users: BatchItemResult<DirectoryObjectRef>[];
  groups: BatchItemResult<DirectoryObjectRef>[];
  directoryRoles?: BatchItemResult<{ value?: DirectoryRole[] }>;
  authenticationStrength?: BatchItemResult<AuthenticationStrengthRef>;
}

const SELECT_ID = "?$select=id";

export function referencesApi(http: GraphHttp) {
  return {
    lookUp: async (query: ReferenceQuery): Promise<ReferenceAnswers> => {
      const requests: BatchGet[] = [
        ...query.users.map((u) => ({ url: `/users/${encodeURIComponent(u)}${SELECT_ID}` })),
        ...query.groups.map((g) => ({ url: `/groups/${encodeURIComponent(g)}${SELECT_ID}` })),
        ...(query.directoryRoles ? [{ url: "/directoryRoles?$select=id,roleTemplateId,displayName" }] : []),
        ...(query.authenticationStrengthId ? [{ url: `/policies/authenticationStrengthPolicies/${encodeURIComponent(query.authenticationStrengthId)}` }] : []),
      ];
      if (!requests.length) return { users: [], groups: [] };
      const results = await batchGet<unknown>(http, requests);
      const users = results.splice(0, query.users.length) as BatchItemResult<DirectoryObjectRef>[];
      const groups = results.splice(0, query.groups.length) as BatchItemResult<DirectoryObjectRef>[];
      const directoryRoles = query.directoryRoles ? (results.shift() as BatchItemResult<{ value?: DirectoryRole[] }>) : undefined;
      const authenticationStrength = query.authenticationStrengthId ? (results.shift() as BatchItemResult<AuthenticationStrengthRef>) : undefined;
      return { users, groups, ...(directoryRoles ? { directoryRoles } : {}), ...(authenticationStrength ? { authenticationStrength } : {}) };
    },
  };
}
