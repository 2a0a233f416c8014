// reports/authenticationMethods/userRegistrationDetails (graph.md §4).
import type { Route } from "../router";
import { json } from "../exchange";
import { notFound } from "../errors";
import { contextUrl, page, project, selected } from "../paging";
import { applyFilter } from "../filter";

const PATH = "/reports/authenticationMethods/userRegistrationDetails";
const throttle = { kind: "reports" } as const;

export const reportRoutes: Route[] = [
  {
    method: "GET",
    pattern: PATH,
    operation: "registrationDetailsRead",
    throttle,
    handle: ({ req, tenant }) => {
      const fields = selected(req);
      return json(200, page(req, applyFilter(req, tenant.registrationDetails, (d) => d, false), { context: "reports/authenticationMethods/userRegistrationDetails", shape: (d) => project(d, fields) }));
    },
  },
  {
    method: "GET",
    pattern: `${PATH}/{id}`,
    operation: "registrationDetailsRead",
    throttle,
    handle: ({ req, tenant, params }) => {
      const found = tenant.registrationDetails.find((d) => String(d.id).toLowerCase() === params.id.toLowerCase());
      if (!found) throw notFound(params.id);
      return json(200, { "@odata.context": contextUrl(req, "reports/authenticationMethods/userRegistrationDetails/$entity"), ...project(found, selected(req)) });
    },
  },
];
