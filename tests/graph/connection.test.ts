import { expect } from "chai";
import { inspect } from "node:util";
import { ConnectionError, resolveConnection, type ConfigSource } from "../../provider/graph/connection";

const config = (values: Record<string, string>): ConfigSource => ({ get: (k) => values[k] });
const TENANT = "11111111-1111-1111-1111-111111111111";

describe("resolveConnection", () => {
  it("takes each value from the highest source that has it: resource, config, AZURE_*, ARM_*", () => {
    const c = resolveConnection(
      { tenantId: "from-resource" },
      config({ "azuread:tenantId": "from-config", "azuread:clientId": "client-from-config" }),
      { AZURE_TENANT_ID: "from-azure", AZURE_CLIENT_ID: "client-from-azure", ARM_CLIENT_SECRET: "arm-secret-value" },
    );
    expect(c.tenantId).to.equal("from-resource");
    expect(c.clientId).to.equal("client-from-config");
    expect(c.sources.tenantId).to.equal("resource connection.tenantId");
    expect(c.sources.clientId).to.equal("config azuread:clientId");
    expect(c.sources.clientSecret).to.equal("env ARM_CLIENT_SECRET");
    expect(c.credentials.kind).to.equal("clientSecret");
  });

  it("falls through to AZURE_* and then ARM_* (what Pulumi ESC azure-login exports)", () => {
    const esc = { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: "app", ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: "eyJ.oidc.token" };
    const c = resolveConnection(undefined, undefined, esc);
    expect(c.tenantId).to.equal(TENANT);
    expect(c.credentials.kind).to.equal("oidcToken");
    expect(c.sources.oidcToken).to.equal("env ARM_OIDC_TOKEN");
    const azure = resolveConnection(undefined, undefined, { ...esc, AZURE_TENANT_ID: "azure-tenant" });
    expect(azure.tenantId).to.equal("azure-tenant");
  });

  it("says where it looked when nothing gives a tenant id", () => {
    expect(() => resolveConnection({ clientId: "x" }, config({}), {}))
      .to.throw(ConnectionError)
      .with.property("message")
      .that.includes("azuread:tenantId")
      .and.includes("AZURE_TENANT_ID")
      .and.includes("ARM_TENANT_ID");
  });

  it("lets the resource's secret win over a certificate path that happens to be in the environment", () => {
    const c = resolveConnection({ tenantId: TENANT, clientId: "app", clientSecret: "resource-secret" }, undefined, {
      AZURE_CLIENT_CERTIFICATE_PATH: "/etc/cert.pem",
    });
    expect(c.credentials.kind).to.equal("clientSecret");
  });

  it("prefers a certificate over a secret given by the same source, with its password", () => {
    const c = resolveConnection({
      tenantId: TENANT,
      clientId: "app",
      clientSecret: "s",
      clientCertificate: "-----BEGIN CERTIFICATE-----",
      clientCertificatePassword: "pw-value",
    }, undefined, {});
    expect(c.credentials).to.include({ kind: "clientCertificate", clientId: "app" });
    const creds = c.credentials as Extract<typeof c.credentials, { kind: "clientCertificate" }>;
    expect(creds.certificatePem?.reveal()).to.equal("-----BEGIN CERTIFICATE-----");
    expect(creds.password?.reveal()).to.equal("pw-value");
  });

  it("combines azuread:useOidc from config with a federated token file from the environment", () => {
    const c = resolveConnection(
      undefined,
      config({ "azuread:tenantId": TENANT, "azuread:clientId": "app", "azuread:useOidc": "true" }),
      { AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/token" },
    );
    expect(c.credentials).to.deep.equal({ kind: "oidcTokenFile", clientId: "app", tokenFilePath: "/var/run/secrets/token" });
  });

  it("uses managed identity when asked, and the developer chain when no credential is given", () => {
    expect(resolveConnection({ tenantId: TENANT, useMsi: true, msiClientId: "mi" }, undefined, {}).credentials).to.deep.equal({
      kind: "managedIdentity",
      clientId: "mi",
    });
    expect(resolveConnection({ tenantId: TENANT }, undefined, {}).credentials.kind).to.equal("developerChain");
  });

  it("refuses a secret without a client id, and OIDC without a token, saying what to set", () => {
    expect(() => resolveConnection({ tenantId: TENANT, clientSecret: "s" }, undefined, {})).to.throw(ConnectionError, /AZURE_CLIENT_ID/);
    expect(() => resolveConnection({ tenantId: TENANT, clientId: "a", useOidc: true }, undefined, {})).to.throw(
      ConnectionError,
      /ARM_OIDC_TOKEN/,
    );
  });

  it("maps national clouds to their Graph host, scope and authority", () => {
    const gov = resolveConnection(undefined, config({ "azuread:tenantId": TENANT, "azuread:environment": "usgovernment" }), {});
    expect(gov.graphBaseUrl).to.equal("https://graph.microsoft.us");
    expect(gov.scope).to.equal("https://graph.microsoft.us/.default");
    expect(gov.authorityHost).to.equal("https://login.microsoftonline.us");
    const china = resolveConnection({ tenantId: TENANT, cloud: "china" }, undefined, {});
    expect(china.graphBaseUrl).to.equal("https://microsoftgraph.chinacloudapi.cn");
    expect(china.authorityHost).to.equal("https://login.chinacloudapi.cn");
    const dod = resolveConnection({ tenantId: TENANT, cloud: "usgovernmentl5" }, undefined, {});
    expect(dod.graphBaseUrl).to.equal("https://dod-graph.microsoft.us");
    expect(() => resolveConnection({ tenantId: TENANT, cloud: "mars" }, undefined, {})).to.throw(ConnectionError, /mars/);
  });

  it("points at an emulator through entra-mfa: config, keeping the public scope, and keys by tenant + host", () => {
    const c = resolveConnection(
      undefined,
      config({
        "azuread:tenantId": TENANT.toUpperCase(),
        "entra-mfa:graphBaseUrl": "https://127.0.0.1:8443/",
        "entra-mfa:authorityHost": "https://127.0.0.1:8443",
      }),
      {},
    );
    expect(c.graphBaseUrl).to.equal("https://127.0.0.1:8443");
    expect(c.authorityHost).to.equal("https://127.0.0.1:8443");
    expect(c.scope).to.equal("https://graph.microsoft.com/.default");
    expect(c.key).to.equal(`${TENANT}|127.0.0.1:8443`);
    expect(() => resolveConnection({ tenantId: TENANT, graphBaseUrl: "http://127.0.0.1:8080" }, undefined, {})).to.throw(
      ConnectionError,
      /https/,
    );
  });

  it("never shows a secret: describe(), JSON, inspect and string conversion", () => {
    const secret = "very-secret-value-123";
    const c = resolveConnection({ tenantId: TENANT, clientId: "app", clientSecret: secret }, undefined, {});
    const shown = [c.describe(), JSON.stringify(c), inspect(c, { depth: 10 }), String(c.credentials)];
    for (const text of shown) expect(text).not.to.include(secret);
    expect(c.describe()).to.include("client secret (resource connection.clientSecret)").and.include(TENANT);
  });

  it("reads booleans strictly", () => {
    expect(() => resolveConnection(undefined, config({ "azuread:tenantId": TENANT, "azuread:useMsi": "yes please" }), {})).to.throw(
      ConnectionError,
      /azuread:useMsi/,
    );
  });
});
