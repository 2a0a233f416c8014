import { expect } from "chai";
import { createSign, generateKeyPairSync, randomUUID, constants, sign as cryptoSign } from "node:crypto";
import { ClientSecretCredential, ClientCertificateCredential } from "@azure/identity";
import * as selfsigned from "selfsigned";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, ids, secretOf } from "../support/fixtures";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function assertion(privateKeyPem: string, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature =
    header.alg === "PS256"
      ? cryptoSign("sha256", Buffer.from(input), { key: privateKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : createSign("RSA-SHA256").update(input).sign(privateKeyPem);
  return `${input}.${signature.toString("base64url")}`;
}

describe("emulator identity platform", function () {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const certApp = ids.app("cert");
  const fedApp = ids.app("workload");
  const emu = useEmulator(() =>
    buildTenant({
      users: 3,
      apps: [
        { clientId: certApp, displayName: "cert", certificatePem: keys.publicKey, roles: ["Policy.Read.All"] },
        { clientId: fedApp, displayName: "workload", federatedCredentials: [{ issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/infra:ref:refs/heads/main" }], roles: ["Policy.Read.All"] },
      ],
    }),
  );

  const tokenRequest = (form: Record<string, string>, tenant = emu.tenantId) =>
    fetch(`${emu.url}/${tenant}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default", ...form }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

  it("serves an OpenID configuration whose issuer and endpoints are on the emulator's own origin", async () => {
    const r = await fetch(`${emu.url}/${emu.tenantId}/v2.0/.well-known/openid-configuration`);
    const body = (await r.json()) as Record<string, string>;
    expect(r.status).to.equal(200);
    expect(body.issuer).to.equal(`${emu.url}/${emu.tenantId}/v2.0`);
    expect(body.token_endpoint).to.equal(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`);
  });

  it("issues a JWT carrying tid, appid, aud and the app's roles for the right secret", async () => {
    const { status, body } = await tokenRequest({ client_id: ids.app(ADMIN_APP), client_secret: secretOf(ADMIN_APP) });
    expect(status).to.equal(200);
    expect(body.token_type).to.equal("Bearer");
    const claims = JSON.parse(Buffer.from(String(body.access_token).split(".")[1], "base64url").toString());
    expect(claims.tid).to.equal(emu.tenantId);
    expect(claims.appid).to.equal(ids.app(ADMIN_APP));
    expect(claims.aud).to.equal("https://graph.microsoft.com");
    expect(claims.roles).to.deep.equal(emu.control.tenant(emu.tenantId).app(ids.app(ADMIN_APP))!.roles);
    expect(claims.exp).to.be.greaterThan(Date.now() / 1000);
  });

  it("answers a wrong secret with AADSTS7000215 invalid_client 401 in the platform's error shape", async () => {
    const { status, body } = await tokenRequest({ client_id: ids.app(ADMIN_APP), client_secret: "nope" });
    expect(status).to.equal(401);
    expect(body.error).to.equal("invalid_client");
    expect(body.error_codes).to.deep.equal([7000215]);
    expect(body.error_description).to.match(/^AADSTS7000215: /);
    for (const key of ["timestamp", "trace_id", "correlation_id"]) expect(body[key]).to.be.a("string");
  });

  it("answers an unknown app with AADSTS700016 and an unknown tenant with AADSTS90002", async () => {
    const app = await tokenRequest({ client_id: randomUUID(), client_secret: "x" });
    expect(app.status).to.equal(400);
    expect(app.body.error_codes).to.deep.equal([700016]);
    const tenant = await tokenRequest({ client_id: ids.app(ADMIN_APP), client_secret: secretOf(ADMIN_APP) }, randomUUID());
    expect(tenant.status).to.equal(400);
    expect(tenant.body.error).to.equal("invalid_tenant");
    expect(tenant.body.error_codes).to.deep.equal([90002]);
  });

  it("accepts one of the tenant's domains in place of its id, issuing the tenant id as tid", async () => {
    const { status, body } = await tokenRequest({ client_id: ids.app(ADMIN_APP), client_secret: secretOf(ADMIN_APP) }, "tenant.onmicrosoft.com");
    expect(status).to.equal(200);
    expect(JSON.parse(Buffer.from(String(body.access_token).split(".")[1], "base64url").toString()).tid).to.equal(emu.tenantId);
  });

  for (const alg of ["RS256", "PS256"]) {
    it(`accepts a ${alg} certificate assertion signed by the app's key, and refuses one signed by another key`, async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = { aud: `${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, iss: certApp, sub: certApp, jti: randomUUID(), nbf: now, exp: now + 600 };
      const good = await tokenRequest({ client_id: certApp, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion(keys.privateKey, { alg, typ: "JWT" }, payload) });
      expect(good.status).to.equal(200);
      const other = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
      const bad = await tokenRequest({ client_id: certApp, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion(other.privateKey, { alg, typ: "JWT" }, payload) });
      expect(bad.status).to.equal(401);
      expect(bad.body.error_codes).to.deep.equal([700027]);
    });
  }

  it("accepts a federated assertion whose issuer and subject match, and names them when they do not", async () => {
    const now = Math.floor(Date.now() / 1000);
    const external = (sub: string) =>
      assertion(keys.privateKey, { alg: "RS256", typ: "JWT" }, { iss: "https://token.actions.githubusercontent.com", sub, aud: "api://AzureADTokenExchange", nbf: now, exp: now + 300 });
    const form = (sub: string) => ({ client_id: fedApp, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: external(sub) });
    expect((await tokenRequest(form("repo:contoso/infra:ref:refs/heads/main"))).status).to.equal(200);
    const refused = await tokenRequest(form("repo:contoso/infra:ref:refs/heads/feature"));
    expect(refused.status).to.equal(400);
    expect(refused.body.error_codes).to.deep.equal([70021]);
    expect(refused.body.error_description).to.contain("repo:contoso/infra:ref:refs/heads/feature");
  });

  it("answers Graph calls without, with a garbled, or with an expired token with 401 InvalidAuthenticationToken", async () => {
    const call = (authorization?: string) =>
      fetch(`${emu.url}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`, { headers: authorization ? { Authorization: authorization } : {} }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const expired = emu.control.issueToken(emu.tenantId, ids.app(ADMIN_APP), -60);
    for (const [authorization, message] of [
      [undefined, "Access token is empty."],
      ["Bearer not-a-jwt", "CompactToken parsing failed with error code: 80049217"],
      [`Bearer ${expired}`, "Access token has expired."],
    ] as const) {
      const r = await call(authorization);
      expect(r.status).to.equal(401);
      expect(r.body.error.code).to.equal("InvalidAuthenticationToken");
      expect(r.body.error.message).to.equal(message);
    }
  });

  it("gives the real @azure/identity ClientSecretCredential a token it can use on Graph", async () => {
    const c = emu.connection(ADMIN_APP);
    const credential = new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, { authorityHost: c.authorityHost, disableInstanceDiscovery: true });
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    const r = await fetch(`${c.graphBaseUrl}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`, { headers: { Authorization: `Bearer ${token.token}` } });
    expect(r.status).to.equal(200);
    expect(((await r.json()) as { isEnabled: boolean }).isEnabled).to.equal(false);
  });

  it("gives the real @azure/identity ClientCertificateCredential a token for an app holding its certificate", async () => {
    const pems = await selfsigned.generate([{ name: "commonName", value: "cert-app" }], { keySize: 2048, algorithm: "sha256" });
    const appId = randomUUID();
    const tenant = emu.control.tenant(emu.tenantId);
    tenant.apps.push({ clientId: appId, displayName: "cert2", certificatePem: pems.cert, roles: ["Policy.Read.All"] });
    const credential = new ClientCertificateCredential(emu.tenantId, appId, { certificate: `${pems.private}\n${pems.cert}` }, { authorityHost: emu.url, disableInstanceDiscovery: true });
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString());
    expect(claims.appid).to.equal(appId);
  });
});
