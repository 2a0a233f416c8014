// The tenant the Graph-layer tests run against, and a way to connect to it through the real token flow.
import { generate } from "selfsigned";
import type { Emulator, EmulatorOptions, FixtureFile } from "../../emulator";
import { createGraphApi, type GraphApi, type GraphApiOptions } from "../../provider/graph/api";
import { type ConnectionInput, resolveConnection } from "../../provider/graph/connection";
import { useEmulator } from "../support/emulator";
import { ADMIN_PERMISSIONS } from "../support/fixtures";

export const TENANT_ID = "5b1e2f0a-8c3d-4e7f-9a1b-2c3d4e5f6a7b";
export const ADMIN = { clientId: "0a0a0a0a-1111-4222-8333-444444444444", clientSecret: "admin-secret-Q9x~7" };
export const READER = { clientId: "0b0b0b0b-1111-4222-8333-444444444444", clientSecret: "reader-secret-W3k~2" };
export const CERT_APP = "0c0c0c0c-1111-4222-8333-444444444444";
export const OIDC_APP = "0d0d0d0d-1111-4222-8333-444444444444";
export const OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const OIDC_SUBJECT = "repo:contoso/infra:ref:refs/heads/main";


export const USER_COUNT = 50;
export const userId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
export const GLOBAL_ADMIN_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10";
export const UNASSIGNED_ROLE_TEMPLATE = "f28a1f50-f6e7-4571-818b-6a12f2af6b6c";

/** A property Graph may add tomorrow: whatever holds it must get it back exactly as stored. */
export const FUTURE_PROPERTY = { nested: [1, "two", { three: null }], flag: true };

export interface TestTenant {
  fixture: FixtureFile;
  /** PEM with certificate and private key, for the certificate credential. */
  certificateAndKeyPem: string;
}

export async function testTenant(): Promise<TestTenant> {
  const cert = await generate([{ name: "commonName", value: "entra-mfa-tests" }], { keySize: 2048 });
  const users = Array.from({ length: USER_COUNT }, (_, i) => ({
    id: userId(i),
    userPrincipalName: `user${i}@contoso.example`,
    displayName: `User ${i}`,
    accountEnabled: true,
    userType: "Member",
  }));
  Object.assign(users[0]!, { futureGraphProperty: FUTURE_PROPERTY });
  return {
    certificateAndKeyPem: `${cert.cert}\n${cert.private}`,
    fixture: {
      tenants: [
        {
          tenantId: TENANT_ID,
          displayName: "Contoso (tests)",
          apps: [
            { ...ADMIN, displayName: "admin", roles: ADMIN_PERMISSIONS },
            { ...READER, displayName: "reader", roles: ["Policy.Read.All", "User.Read.All"] },
            { clientId: CERT_APP, displayName: "cert", certificatePem: cert.cert, roles: ["Policy.Read.All"] },
            {
              clientId: OIDC_APP,
              displayName: "oidc",
              federatedCredentials: [{ issuer: OIDC_ISSUER, subject: OIDC_SUBJECT }],
              roles: ["Policy.Read.All"],
            },
          ],
          securityDefaults: false,
          conditionalAccessPolicies: [
            {
              id: "9f0c6a57-0000-4000-8000-000000000001",
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
          users,
          groups: [
            { id: "6a000000-0000-4000-8000-000000000001", displayName: "Outer", members: [userId(1), "6a000000-0000-4000-8000-000000000002"] },
            { id: "6a000000-0000-4000-8000-000000000002", displayName: "Inner", members: [userId(2), userId(3)] },
          ],
          directoryRoles: [
            { id: "7b000000-0000-4000-8000-000000000001", roleTemplateId: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator", members: [userId(0)] },
          ],
          perUserMfa: { [userId(4)]: "enforced" },
          registrationDetails: users.slice(0, 3).map((u) => ({
            id: u.id,
            userPrincipalName: u.userPrincipalName,
            isMfaRegistered: true,
            isMfaCapable: true,
            methodsRegistered: ["microsoftAuthenticatorPush"],
          })),
        },
      ],
    },
  };
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
