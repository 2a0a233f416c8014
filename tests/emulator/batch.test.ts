import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { buildTenant, ids, mfaPolicy, READER_APP } from "../support/fixtures";

describe("emulator $batch", function () {
  const emu = useEmulator(() => buildTenant({ users: 3 }), { caThrottle: false });

  it("refuses more than 20 requests and duplicate ids with 400, running none of them", async () => {
    emu.control.resetRequests();
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: "GET", url: "/users" }));
    const tooMany = await emu.graph("/$batch", { body: { requests } });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.error.code).to.equal("BadRequest");
    const duplicate = await emu.graph("/$batch", { body: { requests: [{ id: "1", method: "GET", url: "/users" }, { id: "1", method: "GET", url: "/groups" }] } });
    expect(duplicate.status).to.equal(400);
    expect(emu.control.requests({ batchItem: true })).to.have.length(0);
  });

  it("answers each item with its own status, headers and body; a forbidden item does not fail the batch", async () => {
    const r = await emu.graph("/$batch", {
      app: READER_APP,
      body: {
        requests: [
          { id: "users", method: "GET", url: "/users?$select=id" },
          { id: "create", method: "POST", url: "/identity/conditionalAccess/policies", headers: { "Content-Type": "application/json" }, body: mfaPolicy({ state: "disabled" }) },
          { id: "sd", method: "GET", url: "policies/identitySecurityDefaultsEnforcementPolicy" },
        ],
      },
    });
    expect(r.status).to.equal(200);
    const byId = Object.fromEntries(r.body.responses.map((x: any) => [x.id, x]));
    expect(byId.users.status).to.equal(200);
    expect(byId.users.body.value.map((u: any) => u.id)).to.deep.equal([0, 1, 2].map((i) => ids.user(i)));
    expect(byId.users.headers["Content-Type"]).to.match(/^application\/json/);
    expect(byId.create.status).to.equal(403);
    expect(byId.create.body.error.code).to.equal("Authorization_RequestDenied");
    expect(byId.sd.status).to.equal(200);
    expect(emu.control.tenant(emu.tenantId).conditionalAccessPolicies).to.have.length(0);
  });

  it("logs inner requests as batch items and the outer $batch as no write", async () => {
    emu.control.resetRequests();
    await emu.graph("/$batch", {
      body: { requests: [{ id: "a", method: "POST", url: "/identity/conditionalAccess/policies", headers: { "content-type": "application/json" }, body: mfaPolicy({ state: "disabled" }) }] },
    });
    const log = emu.control.requests({ tenantId: emu.tenantId });
    expect(log.map((e) => [e.path, e.write, e.batchItem, e.status])).to.deep.equal([
      ["/v1.0/identity/conditionalAccess/policies", true, true, 201],
      ["/v1.0/$batch", false, false, 200],
    ]);
  });

  it("answers 424 for an item whose dependency failed", async () => {
    const r = await emu.graph("/$batch", {
      body: { requests: [{ id: "1", method: "GET", url: "/users/nobody" }, { id: "2", method: "GET", url: "/users", dependsOn: ["1"] }] },
    });
    expect(r.body.responses.map((x: any) => x.status)).to.deep.equal([404, 424]);
  });

  it("works on beta too", async () => {
    const r = await emu.graph("/beta/$batch", { body: { requests: [{ id: "1", method: "GET", url: "/policies/authenticationMethodsPolicy" }] } });
    expect(r.body.responses[0].body).to.have.property("systemCredentialPreferences");
  });
});
