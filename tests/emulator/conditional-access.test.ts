import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, guidFor, ids, mfaPolicy, READER_APP, storedPolicy } from "../support/fixtures";

const CA = "/identity/conditionalAccess/policies";

describe("emulator Conditional Access policies", function () {
  const emu = useEmulator(() => buildTenant({ users: 4, securityDefaults: false }), { caThrottle: false });
  const tenant = () => emu.control.tenant(emu.tenantId);
  afterEach(() => {
    tenant().conditionalAccessPolicies = [];
    tenant().securityDefaultsEnabled = false;
  });

  it("creates (201, defaults filled), gets, updates (204, merged) and deletes (204) a policy", async () => {
    const created = await emu.graph(CA, { body: mfaPolicy({ state: "enabledForReportingButNotEnforced" }) });
    expect(created.status).to.equal(201);
    const p = created.body;
    expect(p.id).to.match(/^[0-9a-f-]{36}$/);
    expect(p.createdDateTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(p.modifiedDateTime).to.equal(null);
    expect(p.sessionControls).to.equal(null);
    expect(p.conditions.locations).to.equal(null);
    expect(p.conditions.signInRiskLevels).to.deep.equal([]);
    expect(p.conditions.users.excludeRoles).to.deep.equal([]);
    expect(p.conditions.applications.excludeApplications).to.deep.equal([]);
    expect(p.grantControls.termsOfUse).to.deep.equal([]);

    const got = await emu.graph(`${CA}/${p.id}?$select=displayName,state`);
    expect(got.status).to.equal(200);
    expect(got.body).to.include({ displayName: "Require MFA", state: "enabledForReportingButNotEnforced" });
    expect(got.body).not.to.have.property("conditions");

    const patched = await emu.graph(`${CA}/${p.id}`, { method: "PATCH", body: { state: "enabled", conditions: { signInRiskLevels: ["high"] }, grantControls: { operator: "OR", builtInControls: ["block"] } } });
    expect(patched.status).to.equal(204);
    expect(patched.body).to.equal(undefined);
    const after = (await emu.graph(`/policies/conditionalAccessPolicies/${p.id}`)).body;
    expect(after.state).to.equal("enabled");
    expect(after.conditions.signInRiskLevels).to.deep.equal(["high"]);
    expect(after.conditions.users.includeUsers, "conditions merge at the first level").to.deep.equal(["All"]);
    expect(after.grantControls.builtInControls, "grantControls are replaced").to.deep.equal(["block"]);
    expect(after.modifiedDateTime).to.be.a("string");

    expect((await emu.graph(`${CA}/${p.id}`, { method: "DELETE" })).status).to.equal(204);
    const gone = await emu.graph(`${CA}/${p.id}`);
    expect(gone.status).to.equal(404);
    expect(gone.body.error.code).to.equal("Request_ResourceNotFound");
  });

  it("embeds an authentication strength written as {id}, with its @odata.context annotation", async () => {
    const body = { ...mfaPolicy(), grantControls: { operator: "OR", authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } } };
    const created = await emu.graph(CA, { body });
    expect(created.status).to.equal(201);
    const grant = created.body.grantControls;
    expect(grant.authenticationStrength).to.include({ displayName: "Phishing-resistant MFA", requirementsSatisfied: "mfa" });
    expect(grant["authenticationStrength@odata.context"]).to.contain(`policies('${created.body.id}')/grantControls/authenticationStrength/$entity`);
  });

  it("gets one authentication strength by id, and answers 404 for an id it does not know", async () => {
    const found = await emu.graph("/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000003");
    expect(found.status).to.equal(200);
    expect(found.body).to.include({ id: "00000000-0000-0000-0000-000000000003", displayName: "Passwordless MFA", policyType: "builtIn" });
    expect(found.body["@odata.context"]).to.contain("$metadata#policies/authenticationStrengthPolicies/$entity");
    const missing = await emu.graph("/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000009");
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal("Request_ResourceNotFound");
  });

  it("refuses to create or enable an enabled policy while Security Defaults is on, but accepts report-only", async () => {
    tenant().securityDefaultsEnabled = true;
    const refused = await emu.graph(CA, { body: mfaPolicy({ state: "enabled" }) });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.code).to.equal("BadRequest");
    expect(refused.body.error.message).to.equal(
      "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.",
    );
    const reportOnly = await emu.graph(CA, { body: mfaPolicy({ state: "enabledForReportingButNotEnforced" }) });
    expect(reportOnly.status).to.equal(201);
    const enable = await emu.graph(`${CA}/${reportOnly.body.id}`, { method: "PATCH", body: { state: "enabled" } });
    expect(enable.status).to.equal(400);
    expect(tenant().policy(reportOnly.body.id)!.state).to.equal("enabledForReportingButNotEnforced");
  });

  it("answers 1007 for a bad enum, a wrong shape or an unknown property, and changes nothing", async () => {
    const bad = [
      mfaPolicy({ state: "on" as never }),
      { ...mfaPolicy(), grantControls: { operator: "OR", builtInControls: ["mfaPlease"] } },
      { ...mfaPolicy(), conditions: { users: { includeUsers: "All" }, applications: { includeApplications: ["All"] } } },
      { ...mfaPolicy(), colour: "blue" },
    ];
    for (const body of bad) {
      const r = await emu.graph(CA, { body });
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.body.error.message).to.match(/^1007: Incoming ConditionalAccessPolicy object is null or does not match the schema/);
    }
    expect(tenant().conditionalAccessPolicies).to.have.length(0);
  });

  it("requires at least one grant or session control", async () => {
    const r = await emu.graph(CA, { body: { ...mfaPolicy(), grantControls: { operator: "OR", builtInControls: [] } } });
    expect(r.status).to.equal(400);
  });

  it("refuses the 196th policy", async () => {
    tenant().conditionalAccessPolicies = Array.from({ length: 195 }, (_, i) => storedPolicy({ id: guidFor(`bulk:${i}`), displayName: `P${i}`, state: "disabled" }));
    const r = await emu.graph(CA, { body: mfaPolicy({ state: "disabled" }) });
    expect(r.status).to.equal(400);
    expect(r.body.error.message).to.contain("195");
    expect(tenant().conditionalAccessPolicies).to.have.length(195);
  });

  it("needs Policy.Read.All besides Policy.ReadWrite.ConditionalAccess to write, and answers 403 like Graph", async () => {
    const app = tenant().app(ids.app(ADMIN_APP))!;
    const original = app.roles;
    app.roles = original.filter((r) => r !== "Policy.Read.All");
    try {
      const token = await emu.token(app.clientId);
      const fresh = await fetch(`${emu.url}/v1.0${CA}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "client-request-id": "my-client-id" }, body: JSON.stringify(mfaPolicy({ state: "disabled" })) });
      const body = (await fresh.json()) as any;
      expect(fresh.status).to.equal(403);
      expect(body.error.code).to.equal("Authorization_RequestDenied");
      expect(body.error.message).to.equal("Insufficient privileges to complete the operation.");
      expect(body.error.innerError["client-request-id"]).to.equal("my-client-id");
      expect(fresh.headers.get("client-request-id")).to.equal("my-client-id");
      expect(body.error.innerError["request-id"]).to.equal(fresh.headers.get("request-id"));
    } finally {
      app.roles = original;
    }
  });

  it("lets the read-only app list but not create", async () => {
    expect((await emu.graph(CA, { app: READER_APP })).status).to.equal(200);
    expect((await emu.graph(CA, { app: READER_APP, body: mfaPolicy({ state: "disabled" }) })).status).to.equal(403);
  });
});

describe("emulator Conditional Access throttle", function () {
  const emu = useEmulator(() => buildTenant({ users: 2 }));

  it("answers 429 without Retry-After past one request per second per tenant", async () => {
    const first = await emu.graph(CA);
    expect(first.status).to.equal(200);
    const second = await emu.graph(CA);
    expect(second.status).to.equal(429);
    expect(second.headers.get("retry-after")).to.equal(null);
    expect(second.body.error.code).to.equal("TooManyRequests");
    await new Promise((r) => setTimeout(r, 1100));
    expect((await emu.graph(CA)).status).to.equal(200);
  });

  it("does not throttle other Graph resources", async () => {
    await emu.graph(CA);
    for (let i = 0; i < 5; i++) expect((await emu.graph("/users")).status).to.equal(200);
  });
});
