import type { GraphHttp } from "../http";
import type { SecurityDefaultsPolicy } from "../types";

const PATH = "/policies/identitySecurityDefaultsEnforcementPolicy";

export function securityDefaultsApi(http: GraphHttp) {
  return {
    get: () => http.request<SecurityDefaultsPolicy>("GET", PATH),
    /** PATCH → 204. */
    setEnabled: async (isEnabled: boolean): Promise<void> => {
      await http.request("PATCH", PATH, { body: { isEnabled } });
    },
  };
}
