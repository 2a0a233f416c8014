import { expect } from "chai";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GraphRequestError } from "../../provider/graph/errors";
import {
  ADMIN,
  CERT_APP,
  connect,
  useTestTenant,
  OIDC_APP,
  OIDC_ISSUER,
  OIDC_SUBJECT,
  READER,
  TENANT_ID,
} from "./tenant";

/** A federated token as a CI system would issue it (the emulator matches issuer, subject and audience). */
function federatedToken(subject = OIDC_SUBJECT): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: OIDC_ISSUER, sub: subject, aud: "api://AzureADTokenExchange", iat: now, nbf: now, exp: now + 600 };
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.${Buffer.from("signature").toString("base64url")}`;
}

describe("graph client: credentials against the emulator's identity platform", () => {
  const suite = useTestTenant();
  const tenant = () => suite.tenant;
  const emulator = () => suite.emulator;

  const identityCalls = () => emulator().control.requests({ version: "identity" });

  it("runs the client-secret token flow end to end and calls Graph as that app", async () => {
    const api = connect(emulator(), ADMIN);
    const before = emulator().control.requests().length;
    const sd = await api.securityDefaults.get();
    expect(sd).to.deep.include(emulator().control.dump(TENANT_ID).securityDefaults as object);
    const graphCall = emulator().control.requests({ version: "v1.0" }).at(-1)!;
    expect(graphCall.path).to.equal("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy");
    expect(graphCall.appId).to.equal(ADMIN.clientId);
    expect(identityCalls().some((r) => r.method === "POST" && /oauth2\/v2\.0\/token$/.test(r.path))).to.equal(true);
    expect(emulator().control.requests().length).to.be.greaterThan(before);
  });

  it("turns a wrong secret into an error naming tenant, client id and AADSTS code, without the secret", async () => {
    const wrong = "wrong-secret-Zz9~1";
    const api = connect(emulator(), { clientId: READER.clientId, clientSecret: wrong });
    const err = await api.securityDefaults.get().then(
      () => expect.fail("a wrong secret must not get a token"),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(GraphRequestError);
    const e = err as GraphRequestError;
    expect(e.kind).to.equal("authentication");
    expect(e.aadstsCode).to.equal("AADSTS7000215");
    expect(e.message).to.include(TENANT_ID).and.include(READER.clientId).and.include("AADSTS7000215");
    expect(e.message).to.include("GET /v1.0/policies/identitySecurityDefaultsEnforcementPolicy");
    expect(e.message).not.to.include(wrong);
    expect(JSON.stringify(e)).not.to.include(wrong);
    expect(emulator().control.requests({ version: "v1.0" }).filter((r) => r.appId === READER.clientId)).to.deep.equal([]);
  });

  it("shares one credential and its token among clients of one connection; another secret gets its own", async () => {
    const tokenRequests = () => identityCalls().filter((r) => r.method === "POST" && /oauth2\/v2\.0\/token$/.test(r.path)).length;
    await connect(emulator(), ADMIN).securityDefaults.get();
    const before = tokenRequests();
    await connect(emulator(), ADMIN).securityDefaults.get();
    expect(tokenRequests()).to.equal(before);
    const rotated = connect(emulator(), { clientId: ADMIN.clientId, clientSecret: "rotated-secret-P4s~8" });
    await rotated.securityDefaults.get().catch(() => undefined);
    expect(tokenRequests()).to.equal(before + 1);
  });

  it("gets a token with a certificate given as PEM text and as a file path", async () => {
    const viaPem = connect(emulator(), { clientId: CERT_APP, clientCertificate: tenant().certificateAndKeyPem });
    expect((await viaPem.securityDefaults.get()).id).to.be.a("string");
    const dir = mkdtempSync(join(tmpdir(), "entra-mfa-cert-"));
    const path = join(dir, "app.pem");
    writeFileSync(path, tenant().certificateAndKeyPem);
    const viaPath = connect(emulator(), { clientId: CERT_APP, clientCertificatePath: path });
    await viaPath.securityDefaults.get().finally(() => rmSync(dir, { recursive: true, force: true }));
    const apps = emulator().control.requests({ version: "v1.0" }).slice(-2).map((r) => r.appId);
    expect(apps).to.deep.equal([CERT_APP, CERT_APP]);
  });

  it("gets a token with a certificate whose private key is encrypted, given its password", async () => {
    const pem = tenant().certificateAndKeyPem;
    const certificate = pem.slice(0, pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length);
    const password = "cert-password-4u";
    const encryptedKey = createPrivateKey(pem).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password });
    const api = connect(emulator(), {
      clientId: CERT_APP,
      clientCertificate: `${certificate}\n${String(encryptedKey)}`,
      clientCertificatePassword: password,
    });
    await api.securityDefaults.get();
    expect(emulator().control.requests({ version: "v1.0" }).at(-1)!.appId).to.equal(CERT_APP);
  });

  it("exchanges an OIDC token given as a string or as a file (workload identity)", async () => {
    const viaToken = connect(emulator(), { clientId: OIDC_APP, oidcToken: federatedToken() });
    await viaToken.securityDefaults.get();
    const dir = mkdtempSync(join(tmpdir(), "entra-mfa-oidc-"));
    const file = join(dir, "token");
    writeFileSync(file, federatedToken());
    const viaFile = connect(emulator(), { clientId: OIDC_APP, oidcTokenFilePath: file, useOidc: true });
    await viaFile.securityDefaults.get();
    expect(emulator().control.requests({ version: "v1.0" }).slice(-2).map((r) => r.appId)).to.deep.equal([OIDC_APP, OIDC_APP]);
  });

  it("reports an OIDC token the tenant does not trust with the identity platform's code", async () => {
    const api = connect(emulator(), { clientId: OIDC_APP, oidcToken: federatedToken("repo:someone/else:ref:refs/heads/main") });
    const err = (await api.securityDefaults.get().catch((e: unknown) => e)) as GraphRequestError;
    expect(err).to.be.instanceOf(GraphRequestError);
    expect(err.kind).to.equal("authentication");
    expect(err.aadstsCode).to.equal("AADSTS70021");
    expect(err.message).to.include(OIDC_APP);
  });
});
