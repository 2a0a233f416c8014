import type { GraphHttp } from "../http";
import type { PerUserMfaState, StrongAuthenticationRequirements } from "../types";

// Legacy per-user MFA lives only in beta (graph.md §4).
const path = (userIdOrUpn: string) => `/users/${encodeURIComponent(userIdOrUpn)}/authentication/requirements`;

export function perUserMfaApi(http: GraphHttp) {
  return {
    get: async (userIdOrUpn: string): Promise<PerUserMfaState> =>
      (await http.request<StrongAuthenticationRequirements>("GET", path(userIdOrUpn), { version: "beta" })).perUserMfaState,
    /** PATCH → 204. */
    set: async (userIdOrUpn: string, perUserMfaState: PerUserMfaState): Promise<void> => {
      await http.request("PATCH", path(userIdOrUpn), { version: "beta", body: { perUserMfaState } });
    },
  };
}
