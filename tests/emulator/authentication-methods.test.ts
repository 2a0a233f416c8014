import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { buildTenant, READER_APP } from "../support/fixtures";

const PATH = "/policies/authenticationMethodsPolicy";

describe("emulator authentication methods policy", function () {
  const emu = useEmulator(() => buildTenant({ users: 2 }));
  const preferences = { state: "enabled", includeTargets: [{ id: "all_users", targetType: "group" }], excludeTargets: [{ id: "d1411007-6fcf-4b4c-8d70-1da1857ed33c", targetType: "group" }] };

  it("returns systemCredentialPreferences on beta only", async () => {
    expect((await emu.graph(`/beta${PATH}`)).body.systemCredentialPreferences.state).to.equal("default");
    const v1 = await emu.graph(`/v1.0${PATH}`);
    expect(v1.status).to.equal(200);
    expect(v1.body).not.to.have.property("systemCredentialPreferences");
    expect(v1.body.id).to.equal("authenticationMethodsPolicy");
  });

  it("refuses systemCredentialPreferences on a v1.0 PATCH and accepts it on beta (200 + object)", async () => {
    const v1 = await emu.graph(`/v1.0${PATH}`, { method: "PATCH", body: { systemCredentialPreferences: preferences } });
    expect(v1.status).to.equal(400);
    expect(v1.body.error.message).to.contain("systemCredentialPreferences");
    const beta = await emu.graph(`/beta${PATH}`, { method: "PATCH", body: { systemCredentialPreferences: preferences } });
    expect(beta.status).to.equal(200);
    expect(beta.body.systemCredentialPreferences).to.deep.equal(preferences);
    expect(emu.control.tenant(emu.tenantId).authenticationMethodsPolicy.systemCredentialPreferences).to.deep.equal(preferences);
  });

  it("validates the state and targets", async () => {
    const r = await emu.graph(`/beta${PATH}`, { method: "PATCH", body: { systemCredentialPreferences: { ...preferences, state: "maybe" } } });
    expect(r.status).to.equal(400);
  });

  it("needs Policy.ReadWrite.AuthenticationMethod to write", async () => {
    expect((await emu.graph(`/beta${PATH}`, { app: READER_APP })).status).to.equal(200);
    expect((await emu.graph(`/beta${PATH}`, { app: READER_APP, method: "PATCH", body: { systemCredentialPreferences: preferences } })).status).to.equal(403);
  });
});
