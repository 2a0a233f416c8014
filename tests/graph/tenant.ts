// The tenant the Graph-layer tests run against (tests/support/fixtures.ts buildTenant, plus a certificate app, an
// OIDC app and properties Graph may add tomorrow), and a way to connect to it through the real token flow.
import { generate } from "selfsigned";
import type { Emulator, EmulatorOptions, TenantFixture } from "../../emulator";
import { createGraphApi, type GraphApi, type GraphApiOptions } from "../../provider/graph/api";
import { type ConnectionInput, resolveConnection } from "../../provider/graph/connection";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, GLOBAL_ADMINISTRATOR, ids, READER_APP, secretOf } from "../support/fixtures";

const NAME = "graph-tests";
export const TENANT_ID = ids.tenant(NAME);
export const DOMAIN = `${NAME}.onmicrosoft.com`;
const app = (role: string) => ({ clientId: ids.app(role, NAME), clientSecret: secretOf(role, NAME) });
/** Every permission the product needs. */
export const ADMIN = app(ADMIN_APP);
/** Read-only: no write permission. */
export const READER = app(READER_APP);
export const CERT_APP = ids.app("cert", NAME);
export const OIDC_APP = ids.app("oidc", NAME);
export const OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const OIDC_SUBJECT = "repo:contoso/infra:ref:refs/heads/main";

export const USER_COUNT = 50;
export const userId = (i: number) => ids.user(i, NAME);
export const OUTER_GROUP = ids.group("Outer", NAME);
export const INNER_GROUP = ids.group("Inner", NAME);
export const EXISTING_POLICY_ID = "9f0c6a57-0000-4000-8000-000000000001";

/** A property Graph may add tomorrow: whatever holds it must get it back exactly as stored. */
export const FUTURE_PROPERTY = { nested: [1, "two", { three: null }], flag: true };

export interface TestTenant {
  fixture: TenantFixture;
  /** PEM with certificate and private key, for the certificate credential. */
  certificateAndKeyPem: string;
}

async function testTenant(): Promise<TestTenant> {
  const cert = await generate([{ name: "commonName", value: "entra-mfa-tests" }], { keySize: 2048 });
  const fixture = buildTenant({
    name: NAME,
    users: USER_COUNT,
    groups: [
      { displayName: "Outer", users: [1], groups: ["Inner"] },
      { displayName: "Inner", users: [2, 3] },
    ],
    roles: { [GLOBAL_ADMINISTRATOR]: [0] },
    perUserMfa: { 4: "enforced" },
    registrationDetails: true,
    apps: [
      { clientId: CERT_APP, displayName: "cert", certificatePem: cert.cert, roles: ["Policy.Read.All"] },
      {
        clientId: OIDC_APP,
        displayName: "oidc",
        federatedCredentials: [{ issuer: OIDC_ISSUER, subject: OIDC_SUBJECT }],
        roles: ["Policy.Read.All"],
      },
    ],
    policies: [
      {
        id: EXISTING_POLICY_ID,
        displayName: "Existing: block legacy auth",
        state: "enabled",
        conditions: {
          clientAppTypes: ["exchangeActiveSync", "other"],
          applications: { includeApplications: ["All"] },
          users: { includeUsers: ["All"] },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
        futureGraphProperty: FUTURE_PROPERTY,
      },
    ],
  });
  Object.assign(fixture.users![0]!, { futureGraphProperty: FUTURE_PROPERTY });
  return { certificateAndKeyPem: `${cert.cert}\n${cert.private}`, fixture };
}

export interface TestTenantHandle {
  readonly tenant: TestTenant;
  readonly emulator: Emulator;
}

/** Mocha hooks: a fresh emulator on the test tenant for the suite (CA throttle 20/s unless a test needs Graph's 1/s). */
export function useTestTenant(settings: Omit<EmulatorOptions, "fixture"> = {}): TestTenantHandle {
  let tenant: TestTenant | undefined;
  before(async () => {
    tenant = await testTenant();
  });
  const handle = useEmulator(() => tenant!.fixture, { caThrottle: { requestsPerSecond: 20 }, ...settings });
  return {
    get tenant() {
      return tenant!;
    },
    get emulator() {
      return handle.emulator;
    },
  };
}

/** Fast retries and the emulator's fast CA throttle, unless a test is about those. */
export const FAST: GraphApiOptions = {
  conditionalAccessRequestsPerSecond: 20,
  retry: { baseDelayMs: 20, maxDelayMs: 200, maxTotalWaitMs: 5_000, timeoutMs: 5_000 },
};

/** A client that gets its token from the emulator's identity endpoints, as a user's program would from Entra. */
export function connect(emulator: Emulator, input: ConnectionInput = ADMIN, options: GraphApiOptions = FAST): GraphApi {
  const connection = resolveConnection(
    { tenantId: TENANT_ID, graphBaseUrl: emulator.url, authorityHost: emulator.url, ...input },
    undefined,
    {},
  );
  return createGraphApi(connection, options);
}
