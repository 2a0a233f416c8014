// Where a request went, from an absolute URL (a nextLink, the SDK's request) or a path as the caller wrote it.

/** The URL path with the version segment, without query: `https://h/v1.0/users/x?$select=id` → `/v1.0/users/x`. */
export function pathOf(pathOrUrl: string): string {
  return /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl.split("?")[0]!;
}

/** The path after the version segment, what permissions and pacing are decided by: → `/users/x`. */
export function resourcePath(pathOrUrl: string): string {
  return pathOf(pathOrUrl).replace(/^\/(v1\.0|beta)(?=\/|$)/i, "") || "/";
}
