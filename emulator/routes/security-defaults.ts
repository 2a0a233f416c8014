// policies/identitySecurityDefaultsEnforcementPolicy (graph.md §1).
import type { Route } from "../router";
import { json, noContent } from "../exchange";
import { contextUrl, project, selected } from "../paging";
import { readBody, rejectUnknown } from "./body";
import { badRequest } from "../errors";

const PATH = "/policies/identitySecurityDefaultsEnforcementPolicy";
const throttle = { kind: "directory", units: 1 } as const;

export const securityDefaultsRoutes: Route[] = [
  {
    method: "GET",
    pattern: PATH,
    operation: "securityDefaultsRead",
    throttle,
    handle: ({ req, tenant }) =>
      json(200, {
        "@odata.context": contextUrl(req, "policies/identitySecurityDefaultsEnforcementPolicy"),
        ...project(tenant.securityDefaults, selected(req)),
      }),
  },
  {
    method: "PATCH",
    pattern: PATH,
    operation: "securityDefaultsWrite",
    throttle,
    handle: ({ req, tenant }) => {
      const body = readBody(req);
      rejectUnknown(body, ["isEnabled"], "identitySecurityDefaultsEnforcementPolicy", ["id", "displayName", "description"]);
      if (body.isEnabled !== undefined) {
        if (typeof body.isEnabled !== "boolean") throw invalidValue("isEnabled");
        tenant.securityDefaultsEnabled = body.isEnabled;
      }
      return noContent();
    },
  },
];

const invalidValue = (property: string) =>
  badRequest(`Invalid value specified for property '${property}' of resource 'IdentitySecurityDefaultsEnforcementPolicy'.`);
