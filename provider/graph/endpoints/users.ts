import { batchGet, type BatchItemResult } from "../batch";
import { unlessNotFound } from "../errors";
import type { GraphHttp } from "../http";
import type { User } from "../types";

export const MAX_PAGE = 999;

const selectQuery = (select?: readonly string[]) => (select?.length ? { $select: select.join(",") } : undefined);

export function usersApi(http: GraphHttp) {
  return {
    /** By object id or user principal name; undefined when there is no such user. */
    get: (idOrUpn: string, select?: readonly string[]) =>
      unlessNotFound(http.request<User>("GET", `/users/${encodeURIComponent(idOrUpn)}`, { query: selectQuery(select) })),
    /** Pages of Graph's largest size, to spend as few throttled calls as possible. */
    listAll: (select?: readonly string[]) => http.listAll<User>("/users", { query: { $top: MAX_PAGE, ...selectQuery(select) } }),
    /** Many users by id or UPN through `$batch`; one result per id, in order (404s as per-item errors). */
    getMany: (idsOrUpns: readonly string[], select?: readonly string[]): Promise<BatchItemResult<User>[]> => {
      const query = select?.length ? `?$select=${select.join(",")}` : "";
      return batchGet<User>(
        http,
        idsOrUpns.map((id) => ({ url: `/users/${encodeURIComponent(id)}${query}` })),
      );
    },
  };
}
