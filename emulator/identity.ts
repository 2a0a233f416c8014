// The identity platform's endpoints @azure/identity (MSAL) calls: OpenID discovery and the v2.0 token endpoint for
// the client-credentials grant, with a secret, a certificate-signed assertion, or a federated (workload) assertion.
// Errors copy the platform's shape: error, error_description, error_codes, timestamp, trace_id, correlation_id.
import { createHash, createPublicKey, randomUUID, verify, constants, type KeyObject } from "node:crypto";
import type { EmulatorState } from "./state";
import type { AppFixture } from "./model";
import type { TenantStore } from "./store";
import { decodeJwt, type AccessTokenClaims } from "./jwt";

export interface IdentityResponse {
  status: number;
  body: unknown;
}

export interface IdentityRequest {
  method: string;
  /** Path segments after the host, e.g. ["contoso-id", "oauth2", "v2.0", "token"]. */
  segments: string[];
  form: URLSearchParams;
  origin: string;
  clientRequestId?: string;
}

const TOKEN_LIFETIME_SECONDS = 3599;
const GRAPH_AUDIENCES = ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"];
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

class IdentityError extends Error {
  constructor(readonly status: number, readonly error: string, readonly code: number, message: string) {
    super(`AADSTS${code}: ${message}`);
  }
}

export function isIdentityPath(segments: string[]): boolean {
  const rest = segments.slice(1).join("/").toLowerCase();
  return ["v2.0/.well-known/openid-configuration", "oauth2/v2.0/token", "discovery/v2.0/keys"].includes(rest);
}

export function serveIdentity(state: EmulatorState, req: IdentityRequest): IdentityResponse {
  const [tenantSegment] = req.segments;
  const endpoint = req.segments.slice(1).join("/").toLowerCase();
  try {
    const tenant = state.tenant(tenantSegment);
    if (!tenant) {
      throw new IdentityError(400, "invalid_tenant", 90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }
    if (endpoint === "v2.0/.well-known/openid-configuration") return { status: 200, body: openIdConfiguration(req.origin, tenant.tenantId) };
    if (endpoint === "discovery/v2.0/keys") return { status: 200, body: { keys: [] } };
    if (req.method !== "POST") throw new IdentityError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
    return { status: 200, body: issue(state, tenant, req) };
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    return { status: err.status, body: errorBody(err, req) };
  }
}

function openIdConfiguration(origin: string, tenantId: string) {
  return {
    token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${origin}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}

function errorBody(err: IdentityError, req: IdentityRequest) {
  const traceId = randomUUID();
  const correlationId = req.clientRequestId ?? req.form.get("client-request-id") ?? randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    error: err.error,
    error_description: `${err.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${req.origin}/error?code=${err.code}`,
  };
}

function issue(state: EmulatorState, tenant: TenantStore, req: IdentityRequest) {
  const form = req.form;
  const required = (name: string) => {
    const v = form.get(name);
    if (!v) throw new IdentityError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`);
    return v;
  };
  const grantType = required("grant_type");
  if (grantType !== "client_credentials") {
    throw new IdentityError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const clientId = required("client_id");
  const scope = required("scope");
  const resource = scope.split(" ").find((s) => s.endsWith("/.default"));
  if (!resource) {
    throw new IdentityError(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const app = tenant.app(clientId);
  if (!app) {
    throw new IdentityError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName ?? tenant.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  authenticate(app, form, `${req.origin}/${req.segments[0]}/oauth2/v2.0/token`, tenant.tenantId);
  const access_token = mintAccessToken(state, tenant, app, resource.slice(0, -"/.default".length), TOKEN_LIFETIME_SECONDS);
  return { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token };
}

/** Issues an access token as the token endpoint would (also used by the control surface to mint expired ones). */
export function mintAccessToken(state: EmulatorState, tenant: TenantStore, app: AppFixture, audience: string, lifetimeSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + lifetimeSeconds;
  const iat = Math.min(now, exp - 1);
  const oid = guidFrom(`${tenant.tenantId}/${app.clientId}`);
  const claims: AccessTokenClaims = {
    aud: audience,
    iss: `https://sts.windows.net/${tenant.tenantId}/`,
    iat,
    nbf: iat,
    exp,
    tid: tenant.tenantId,
    appid: app.clientId,
    ...(app.displayName ? { app_displayname: app.displayName } : {}),
    idtyp: "app",
    oid,
    sub: oid,
    roles: [...app.roles],
    ver: "1.0",
  };
  return state.signer.sign(claims);
}

export const isGraphAudience = (aud: unknown) => typeof aud === "string" && GRAPH_AUDIENCES.includes(aud.replace(/\/$/, "").toLowerCase());

function authenticate(app: AppFixture, form: URLSearchParams, tokenEndpoint: string, tenantId: string): void {
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null) {
    if (app.clientSecret === undefined || secret !== app.clientSecret) {
      throw new IdentityError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
    }
    return;
  }
  if (assertion === null) {
    throw new IdentityError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  }
  if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
    throw new IdentityError(400, "invalid_request", 700025, `Client assertion type is invalid; it must be '${ASSERTION_TYPE}'.`);
  }
  const jwt = decodeJwt(assertion);
  if (!jwt) throw new IdentityError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
  checkLifetime(jwt.payload);
  const { iss, sub } = jwt.payload;
  if (iss === app.clientId && sub === app.clientId) return checkCertificateAssertion(app, jwt, tokenEndpoint, tenantId);
  checkFederatedAssertion(app, jwt.payload);
}

function checkLifetime(payload: Record<string, unknown>): void {
  const now = Date.now() / 1000;
  const skew = 300;
  if (typeof payload.exp !== "number" || payload.exp + skew < now || (typeof payload.nbf === "number" && payload.nbf - skew > now)) {
    throw new IdentityError(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
  }
}

function checkCertificateAssertion(app: AppFixture, jwt: NonNullable<ReturnType<typeof decodeJwt>>, tokenEndpoint: string, tenantId: string): void {
  if (!app.certificatePem) {
    throw new IdentityError(401, "invalid_client", 700027, `Client assertion failed signature validation. [Reason - The key was not found.] The application '${app.clientId}' has no certificate credential.`);
  }
  const key: KeyObject = createPublicKey(app.certificatePem);
  const alg = jwt.header.alg;
  const options =
    alg === "PS256" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : alg === "RS256" ? { key } : undefined;
  if (!options || !verify("sha256", Buffer.from(jwt.signingInput), options, jwt.signature)) {
    throw new IdentityError(401, "invalid_client", 700027, "Client assertion contains an invalid signature.");
  }
  const aud = jwt.payload.aud;
  const accepted = [tokenEndpoint, tokenEndpoint.replace(/\/[^/]+\/oauth2\//, `/${tenantId}/oauth2/`)].map((u) => pathOf(u));
  if (typeof aud !== "string" || !accepted.includes(pathOf(aud))) {
    throw new IdentityError(401, "invalid_client", 700021, `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials. Assertion audience: '${String(aud)}'.`);
  }
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
};

function checkFederatedAssertion(app: AppFixture, payload: Record<string, unknown>): void {
  const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).map(String);
  const matched = (app.federatedCredentials ?? []).some(
    (fc) => fc.issuer === payload.iss && fc.subject === payload.sub && (fc.audiences ?? [EXCHANGE_AUDIENCE]).some((a) => audiences.includes(a)),
  );
  if (!matched) {
    throw new IdentityError(400, "invalid_request", 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(payload.iss)}'. Assertion Subject: '${String(payload.sub)}'. Assertion Audience: '${audiences.join(",")}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
}

/** A stable GUID derived from a name (service principal object ids). */
function guidFrom(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
