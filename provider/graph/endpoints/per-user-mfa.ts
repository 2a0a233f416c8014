import { batchGet, batchPatch, type BatchItemResult } from "../batch";
import type { GraphHttp } from "../http";
import type { PerUserMfaState, StrongAuthenticationRequirements, User } from "../types";
import { MAX_PAGE } from "./users";

// Legacy per-user MFA lives only in beta (graph.md §4).
const path = (userIdOrUpn: string) => `/users/${encodeURIComponent(userIdOrUpn)}/authentication/requirements`;

/** The user properties a per-user MFA migration reads from the listing. */
export type PerUserMfaListedUser = Pick<User, "id" | "userPrincipalName" | "accountEnabled" | "userType"> & { perUserMfaState?: PerUserMfaState | null };

export function perUserMfaApi(http: GraphHttp) {
  return {
    get: async (userIdOrUpn: string): Promise<PerUserMfaState> =>
      (await http.request<StrongAuthenticationRequirements>("GET", path(userIdOrUpn), { version: "beta" })).perUserMfaState,
    /** PATCH → 204. */
    set: async (userIdOrUpn: string, perUserMfaState: PerUserMfaState): Promise<void> => {
      await http.request("PATCH", path(userIdOrUpn), { version: "beta", body: { perUserMfaState } });
    },
    /**
     * Every user's per-user state from the user listing, 999 a page (graph.md §4: `perUserMfaState` is returned when
     * selected, though not in the published metadata). A page without the property leaves it undefined: "not
     * returned", never `disabled`; read those with `getMany`.
     */
    pages: (): AsyncGenerator<PerUserMfaListedUser[]> =>
      http.pages<PerUserMfaListedUser>("/users", { query: { $top: MAX_PAGE, $select: "id,userPrincipalName,accountEnabled,userType,perUserMfaState" } }),
    /** Many users' states through `$batch` (20 a batch), one result per id, in order. */
    getMany: (userIds: readonly string[]): Promise<BatchItemResult<StrongAuthenticationRequirements>[]> =>
      batchGet<StrongAuthenticationRequirements>(http, userIds.map((id) => ({ url: path(id) })), "beta"),
    /** Sets many users' states through `$batch` (20 a batch); results in order, failures per item. */
    setMany: (changes: readonly { userId: string; state: PerUserMfaState }[]): Promise<BatchItemResult<unknown>[]> =>
      batchPatch(http, changes.map((c) => ({ method: "PATCH" as const, url: path(c.userId), body: { perUserMfaState: c.state } })), "beta"),
  };
}
