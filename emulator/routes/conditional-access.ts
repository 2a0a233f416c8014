// identity/conditionalAccess/policies and its alias policies/conditionalAccessPolicies (graph.md §2), plus the
// authentication strengths the policies reference.
import type { Route, RouteContext } from "../router";
import { json, noContent } from "../exchange";
import { notFound } from "../errors";
import { contextUrl, page, project, selected } from "../paging";
import { createPolicy, servePolicy, updatePolicy } from "../ca-policies";
import { BUILT_IN_STRENGTHS } from "../auth-strengths";
import { readBody } from "./body";
import { applyFilter } from "../filter";
import { sameId } from "../store";

const throttle = { kind: "conditionalAccess" } as const;
const COLLECTIONS = ["/identity/conditionalAccess/policies", "/policies/conditionalAccessPolicies"];

function found({ tenant, params }: RouteContext) {
  const policy = tenant.policy(params.id);
  if (!policy) throw notFound(params.id);
  return policy;
}

const serve = (ctx: RouteContext, policy: Record<string, unknown>) => project(servePolicy(policy, `${ctx.req.origin}/${ctx.req.version}`), selected(ctx.req));

function collectionRoutes(base: string): Route[] {
  const context = base === COLLECTIONS[0] ? "identity/conditionalAccess/policies" : "policies/conditionalAccessPolicies";
  return [
    {
      method: "GET",
      pattern: base,
      operation: "conditionalAccessRead",
      throttle,
      handle: (ctx) =>
        json(200, page(ctx.req, applyFilter(ctx.req, ctx.tenant.conditionalAccessPolicies, (p) => p, false), { context, defaultTop: 1000, maxTop: 1000, shape: (p) => serve(ctx, p) })),
    },
    {
      method: "POST",
      pattern: base,
      operation: "conditionalAccessWrite",
      throttle,
      handle: (ctx) => {
        const policy = createPolicy(ctx.tenant, readBody(ctx.req));
        return json(
          201,
          { "@odata.context": contextUrl(ctx.req, `${context}/$entity`), ...serve(ctx, policy) },
          { Location: `${ctx.req.origin}/${ctx.req.version}${base}/${String(policy.id)}` },
        );
      },
    },
    {
      method: "GET",
      pattern: `${base}/{id}`,
      operation: "conditionalAccessRead",
      throttle,
      handle: (ctx) => json(200, { "@odata.context": contextUrl(ctx.req, `${context}/$entity`), ...serve(ctx, found(ctx)) }),
    },
    {
      method: "PATCH",
      pattern: `${base}/{id}`,
      operation: "conditionalAccessWrite",
      throttle,
      handle: (ctx) => {
        updatePolicy(ctx.tenant, found(ctx), readBody(ctx.req));
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: `${base}/{id}`,
      operation: "conditionalAccessWrite",
      throttle,
      handle: (ctx) => {
        const policy = found(ctx);
        ctx.tenant.conditionalAccessPolicies = ctx.tenant.conditionalAccessPolicies.filter((p) => p !== policy);
        return noContent();
      },
    },
  ];
}

const strengthRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/policies/authenticationStrengthPolicies",
    operation: "authenticationStrengthsRead",
    throttle: { kind: "directory", units: 1 },
    handle: ({ req, tenant }) =>
      json(200, page(req, [...BUILT_IN_STRENGTHS, ...tenant.authenticationStrengths], { context: "policies/authenticationStrengthPolicies" })),
  },
  {
    method: "GET",
    pattern: "/policies/authenticationStrengthPolicies/{id}",
    operation: "authenticationStrengthsRead",
    throttle: { kind: "directory", units: 1 },
    handle: ({ req, tenant, params }) => {
      const strength = [...BUILT_IN_STRENGTHS, ...tenant.authenticationStrengths].find((s) => sameId(String(s.id), params.id));
      if (!strength) throw notFound(params.id);
      return json(200, { "@odata.context": contextUrl(req, "policies/authenticationStrengthPolicies/$entity"), ...strength });
    },
  },
];

export const conditionalAccessRoutes: Route[] = [...COLLECTIONS.flatMap(collectionRoutes), ...strengthRoutes];
