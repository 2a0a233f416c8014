import type { GraphHttp } from "../http";
import type { DirectoryObject } from "../types";

export function groupsApi(http: GraphHttp) {
  return {
    /** Users, groups and other objects in the group, nested groups expanded. Each carries `@odata.type`. */
    transitiveMembers: (groupId: string) =>
      http.listAll<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers`),
  };
}

export type GroupsApi = ReturnType<typeof groupsApi>;
