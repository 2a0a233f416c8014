// The real @microsoft/microsoft-graph-client and @azure/identity against the emulator, changing only the base URL,
// the authority host and certificate trust: what the product's Graph layer relies on.
import { expect } from "chai";
import { ClientSecretCredential } from "@azure/identity";
import { BatchRequestContent, BatchResponseContent, Client, GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, mfaPolicy } from "../support/fixtures";

describe("emulator with the real Graph SDK", function () {
  const emu = useEmulator(() => buildTenant({ users: 230, securityDefaults: true }), { caThrottle: false });

  const client = () => {
    const c = emu.connection(ADMIN_APP);
    const credential = new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, { authorityHost: c.authorityHost, disableInstanceDiscovery: true });
    return Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
      baseUrl: c.graphBaseUrl,
      customHosts: new Set([new URL(c.graphBaseUrl).hostname]),
    });
  };

  it("iterates every page of users with PageIterator", async () => {
    const graph = client();
    const seen: string[] = [];
    const first = await graph.api("/users").select("id").get();
    await new PageIterator(graph, first, (u: { id: string }) => {
      seen.push(u.id);
      return true;
    }).iterate();
    expect(seen).to.have.length(230);
  });

  it("surfaces Graph errors as GraphError with status, code and request id", async () => {
    const err = await client()
      .api("/identity/conditionalAccess/policies")
      .post(mfaPolicy({ state: "enabled" }))
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(GraphError);
    const g = err as GraphError;
    expect(g.statusCode).to.equal(400);
    expect(g.code).to.equal("BadRequest");
    expect(g.requestId).to.equal(emu.control.requests({ method: "POST" }).at(-1)!.requestId);
  });

  it("round-trips a BatchRequestContent built from absolute URLs", async () => {
    const graph = client();
    const url = (p: string) => `${emu.url}/v1.0${p}`;
    const content = new BatchRequestContent([
      { id: "1", request: new Request(url("/policies/identitySecurityDefaultsEnforcementPolicy"), { method: "GET" }) },
      { id: "2", request: new Request(url("/users?$top=2"), { method: "GET" }) },
    ]);
    const response = new BatchResponseContent(await graph.api("/$batch").post(await content.getContent()));
    expect(((await response.getResponseById("1").json()) as { isEnabled: boolean }).isEnabled).to.equal(true);
    expect(((await response.getResponseById("2").json()) as { value: unknown[] }).value).to.have.length(2);
  });
});
