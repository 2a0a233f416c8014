import type { GraphHttp } from "../http";
import type { DirectoryObject, DirectoryRole } from "../types";

export function directoryRolesApi(http: GraphHttp) {
  const list = () => http.listAll<DirectoryRole>("/directoryRoles");
  return {
    /** The activated directory roles of the tenant. */
    list,
    /**
     * Members of the role with this template id (the id CA `includeRoles` uses). A role nobody holds may not be
     * activated, so it has no directoryRole object: that is an empty list, not an error.
     */
    members: async (roleTemplateId: string): Promise<DirectoryObject[]> => {
      const role = (await list()).find((r) => r.roleTemplateId.toLowerCase() === roleTemplateId.toLowerCase());
      return role ? http.listAll<DirectoryObject>(`/directoryRoles/${encodeURIComponent(role.id)}/members`) : [];
    },
  };
}

export type DirectoryRolesApi = ReturnType<typeof directoryRolesApi>;
