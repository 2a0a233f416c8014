import type { GraphHttp } from "../http";
import { MAX_PAGE } from "./users";
import type { DirectoryObject } from "../types";

export function groupsApi(http: GraphHttp) {
  return {
    /** Users, groups and other objects in the group, nested groups expanded. Each carries `@odata.type`. */
    transitiveMembers: (groupId: string) =>
      http.listAll<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers`, { query: { $top: MAX_PAGE } }),
  };
}
