// policies/authenticationMethodsPolicy (graph.md §3): systemCredentialPreferences and the other beta-only members
// exist only on beta; v1.0 neither returns nor accepts them.
import type { Route } from "../router";
import type { GraphObject, GraphVersion } from "../model";
import { json } from "../exchange";
import { badRequest } from "../errors";
import { contextUrl } from "../paging";
import { graphTimestamp } from "../ca-policies";
import { clone, validate, type ComplexType } from "../schema";
import { readBody, rejectUnknown } from "./body";

const PATH = "/policies/authenticationMethodsPolicy";
const throttle = { kind: "directory", units: 1 } as const;
const BETA_ONLY = ["systemCredentialPreferences", "reportSuspiciousActivitySettings", "microsoftAuthenticatorPlatformSettings"];
const WRITABLE = ["registrationEnforcement", "policyMigrationState", "reconfirmationInDays", "authenticationMethodConfigurations"];
const READ_ONLY = ["id", "displayName", "description", "lastModifiedDateTime", "policyVersion"];

const target: ComplexType = {
  name: "includeTarget",
  fields: { id: { kind: "string", required: true }, targetType: { kind: "enum", values: ["user", "group", "unknownFutureValue"], required: true } },
};
const systemCredentialPreferences: ComplexType = {
  name: "systemCredentialPreferences",
  fields: {
    state: { kind: "enum", values: ["default", "enabled", "disabled", "unknownFutureValue"], required: true },
    includeTargets: { kind: "objects", type: target },
    excludeTargets: { kind: "objects", type: target },
  },
};

function view(policy: GraphObject, version: GraphVersion): GraphObject {
  const out = clone(policy);
  if (version === "v1.0") for (const key of BETA_ONLY) delete out[key];
  return out;
}

function serve(req: Parameters<Route["handle"]>[0]["req"], policy: GraphObject) {
  return json(200, { "@odata.context": contextUrl(req, "authenticationMethodsPolicy"), ...view(policy, req.version) });
}

export const authenticationMethodsRoutes: Route[] = [
  {
    method: "GET",
    pattern: PATH,
    operation: "authenticationMethodsPolicyRead",
    throttle,
    handle: ({ req, tenant }) => serve(req, tenant.authenticationMethodsPolicy),
  },
  {
    method: "PATCH",
    pattern: PATH,
    operation: "authenticationMethodsPolicyWrite",
    throttle,
    handle: ({ req, tenant }) => {
      const body = readBody(req);
      rejectUnknown(body, req.version === "beta" ? [...WRITABLE, ...BETA_ONLY] : WRITABLE, "authenticationMethodsPolicy", READ_ONLY);
      if (body.systemCredentialPreferences !== undefined) {
        const problems = validate(body.systemCredentialPreferences, systemCredentialPreferences, "write", "systemCredentialPreferences");
        if (problems.length > 0) throw badRequest(`Invalid value for ${problems[0].path}: ${problems[0].message}.`);
      }
      const patch = Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY.includes(k) && !k.includes("@")));
      Object.assign(tenant.authenticationMethodsPolicy, clone(patch), { lastModifiedDateTime: graphTimestamp() });
      return serve(req, tenant.authenticationMethodsPolicy);
    },
  },
];
