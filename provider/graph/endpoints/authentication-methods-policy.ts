import type { GraphHttp } from "../http";
import type { AuthenticationMethodsPolicy, SystemCredentialPreferences } from "../types";

const PATH = "/policies/authenticationMethodsPolicy";

// systemCredentialPreferences exists only in the beta schema (graph.md §3).
export function authenticationMethodsPolicyApi(http: GraphHttp) {
  return {
    getBeta: () => http.request<AuthenticationMethodsPolicy>("GET", PATH, { version: "beta" }),
    /**
     * Sends only `systemCredentialPreferences`, so nothing else of the tenant-wide policy is touched.
     * Graph documents 200 with the policy; some answer 204: then the result is undefined.
     */
    patchSystemCredentialPreferences: (preferences: SystemCredentialPreferences) =>
      http.request<AuthenticationMethodsPolicy | undefined>("PATCH", PATH, {
        version: "beta",
        body: { systemCredentialPreferences: preferences },
      }),
  };
}
