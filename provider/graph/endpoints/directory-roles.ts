import { unlessNotFound } from "../errors";
import type { GraphHttp } from "../http";
import type { DirectoryObject, DirectoryRole } from "../types";

export function directoryRolesApi(http: GraphHttp) {
  return {
    /** The activated directory roles of the tenant. */
    list: () => http.listAll<DirectoryRole>("/directoryRoles"),
    /**
     * Members of the role with this template id (the id CA `includeRoles` uses). A role nobody holds may not be
     * activated, so it has no directoryRole object: that is an empty list, not an error.
     */
    members: async (roleTemplateId: string): Promise<DirectoryObject[]> => {
      const path = `/directoryRoles(roleTemplateId='${encodeURIComponent(roleTemplateId)}')/members`;
      return (await unlessNotFound(http.listAll<DirectoryObject>(path))) ?? [];
    },
  };
}
