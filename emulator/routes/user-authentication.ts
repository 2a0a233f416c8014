// beta users/{id | userPrincipalName}/authentication/requirements (graph.md §4).
import type { Route, RouteContext } from "../router";
import { json, noContent } from "../exchange";
import { badRequest, notFound } from "../errors";
import { contextUrl } from "../paging";
import { readBody, rejectUnknown } from "./body";

const PATH = "/users/{id}/authentication/requirements";
const STATES = ["disabled", "enabled", "enforced"];
const throttle = { kind: "directory", units: 1 } as const;

function userId(ctx: RouteContext): string {
  const user = ctx.tenant.user(ctx.params.id);
  if (!user) throw notFound(ctx.params.id);
  return String(user.id);
}

export const perUserMfaRoutes: Route[] = [
  {
    method: "GET",
    pattern: PATH,
    versions: ["beta"],
    operation: "perUserMfaRead",
    throttle,
    handle: (ctx) =>
      json(200, {
        "@odata.context": contextUrl(ctx.req, `users('${ctx.params.id}')/authentication/requirements/$entity`),
        perUserMfaState: ctx.tenant.perUserMfa[userId(ctx)] ?? "disabled",
      }),
  },
  {
    method: "PATCH",
    pattern: PATH,
    versions: ["beta"],
    operation: "perUserMfaWrite",
    throttle,
    handle: (ctx) => {
      const id = userId(ctx);
      const body = readBody(ctx.req);
      rejectUnknown(body, ["perUserMfaState"], "strongAuthenticationRequirements");
      const state = body.perUserMfaState;
      if (typeof state !== "string" || !STATES.includes(state)) {
        throw badRequest(`Cannot convert the literal '${String(state)}' to the expected type 'microsoft.graph.perUserMfaState'.`);
      }
      ctx.tenant.perUserMfa[id] = state as "disabled" | "enabled" | "enforced";
      return noContent();
    },
  },
];
