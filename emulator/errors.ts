// Graph's error shape (OData v4 error with innerError date/request-id/client-request-id), as thrown by routes.
import { json, type GraphResponse } from "./exchange";

export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** "2021-04-20T17:22:30": Graph's innerError.date has no fraction and no zone. */
const graphDate = (d = new Date()): string => d.toISOString().slice(0, 19);

export function errorResponse(failure: GraphFailure, requestId: string, clientRequestId: string): GraphResponse {
  return json(
    failure.status,
    {
      error: {
        code: failure.code,
        message: failure.message,
        innerError: { date: graphDate(), "request-id": requestId, "client-request-id": clientRequestId },
      },
    },
    failure.headers,
  );
}

export const badRequest = (message: string, code = "BadRequest") => new GraphFailure(400, code, message);

export const notFound = (id: string) =>
  new GraphFailure(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const segmentNotFound = (segment: string) =>
  new GraphFailure(400, "BadRequest", `Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = () =>
  new GraphFailure(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

export const forbidden = () =>
  new GraphFailure(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

export const unauthenticated = (message: string) => new GraphFailure(401, "InvalidAuthenticationToken", message);

export const unknownProperty = (property: string, type: string) =>
  badRequest(
    `The property '${property}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );

export const invalidJson = () =>
  badRequest(
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  );
