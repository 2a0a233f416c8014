import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { buildTenant, GLOBAL_ADMINISTRATOR, ids, READER_APP } from "../support/fixtures";

describe("emulator directory reads", function () {
  const emu = useEmulator(() => {
    const t = buildTenant({
      users: 250,
      guests: 1,
      groups: [
        { displayName: "Admins", users: [0, 1] },
        { displayName: "Helpdesk", users: [2] },
        { displayName: "IT", users: [3], groups: ["Admins", "Helpdesk"] },
      ],
      roles: { [GLOBAL_ADMINISTRATOR]: [0] },
      perUserMfa: { 5: "enforced", 6: "enabled" },
      registrationDetails: true,
    });
    t.users![7] = { ...t.users![7], favouriteColour: "teal", onPremisesExtensionAttributes: { extensionAttribute1: "x" } };
    return t;
  });

  it("pages users 100 at a time with absolute https nextLinks until the last page", async () => {
    const pages: any[] = [];
    let next: string | undefined = "/users";
    while (next) {
      const r = await emu.graph(next);
      expect(r.status).to.equal(200);
      pages.push(r.body);
      next = r.body["@odata.nextLink"];
      if (next) expect(next.startsWith(`${emu.url}/v1.0/users?`)).to.equal(true);
    }
    expect(pages.map((p) => p.value.length)).to.deep.equal([100, 100, 50]);
    const all = pages.flatMap((p) => p.value.map((u: { id: string }) => u.id));
    expect(new Set(all).size).to.equal(250);
    expect(all).to.deep.equal(emu.control.tenant(emu.tenantId).users.map((u) => u.id));
  });

  it("keeps $top and $select across pages", async () => {
    const first = await emu.graph("/users?$top=120&$select=id,accountEnabled,userType");
    expect(first.body.value).to.have.length(120);
    expect(Object.keys(first.body.value[0]).sort()).to.deep.equal(["accountEnabled", "id", "userType"]);
    const second = await emu.graph(first.body["@odata.nextLink"]);
    expect(second.body.value).to.have.length(120);
    expect(Object.keys(second.body.value[0]).sort()).to.deep.equal(["accountEnabled", "id", "userType"]);
  });

  it("leaves accountEnabled and userType out of the v1.0 default property set", async () => {
    const r = await emu.graph("/users?$top=1");
    expect(r.body.value[0]).to.have.property("userPrincipalName");
    expect(r.body.value[0]).not.to.have.property("accountEnabled");
  });

  it("rejects $top=1000 with Graph's message, and an unknown $select property", async () => {
    const r = await emu.graph("/users?$top=1000");
    expect(r.status).to.equal(400);
    expect(r.body.error.message).to.equal("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    const s = await emu.graph("/users?$select=id,notAProperty");
    expect(s.status).to.equal(400);
  });

  it("gets a user by id or userPrincipalName, and 404s an unknown one", async () => {
    const byUpn = await emu.graph(`/users/user4@tenant.onmicrosoft.com?$select=id`);
    expect(byUpn.body.id).to.equal(ids.user(4));
    const missing = await emu.graph(`/users/${ids.user(9999)}`);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.message).to.contain(ids.user(9999));
  });

  it("returns a fixture's unknown properties unchanged", async () => {
    const r = await emu.graph(`/users/${ids.user(7)}?$select=id,favouriteColour,onPremisesExtensionAttributes`);
    expect(r.body.favouriteColour).to.equal("teal");
    expect(r.body.onPremisesExtensionAttributes).to.deep.equal({ extensionAttribute1: "x" });
    const beta = await emu.graph(`/beta/users/${ids.user(7)}`);
    expect(beta.body.favouriteColour).to.equal("teal");
  });

  it("expands nested groups in transitiveMembers, typing each item", async () => {
    const r = await emu.graph(`/groups/${ids.group("IT")}/transitiveMembers`);
    expect(r.status).to.equal(200);
    const byType = (t: string) => r.body.value.filter((m: any) => m["@odata.type"] === `#microsoft.graph.${t}`).map((m: any) => m.id).sort();
    expect(byType("user")).to.deep.equal([0, 1, 2, 3].map((i) => ids.user(i)).sort());
    expect(byType("group")).to.deep.equal([ids.group("Admins"), ids.group("Helpdesk")].sort());
    const direct = await emu.graph(`/groups/${ids.group("IT")}/members`);
    expect(direct.body.value).to.have.length(3);
  });

  it("lists directory roles and their members by id and by role template id (both syntaxes)", async () => {
    const roles = await emu.graph("/directoryRoles");
    expect(roles.body.value.map((r: any) => r.roleTemplateId)).to.deep.equal([GLOBAL_ADMINISTRATOR]);
    for (const path of [
      `/directoryRoles/${ids.role(GLOBAL_ADMINISTRATOR)}/members`,
      `/directoryRoles(roleTemplateId='${GLOBAL_ADMINISTRATOR}')/members`,
      `/directoryRoles/roleTemplateId=${GLOBAL_ADMINISTRATOR}/members`,
    ]) {
      const r = await emu.graph(path);
      expect(r.status, path).to.equal(200);
      expect(r.body.value.map((m: any) => m.id)).to.deep.equal([ids.user(0)]);
    }
    expect((await emu.graph("/directoryRoles/roleTemplateId=00000000-0000-0000-0000-00000000dead/members")).status).to.equal(404);
  });

  it("serves per-user MFA state on beta only, and updates it", async () => {
    const path = `/users/${ids.user(5)}/authentication/requirements`;
    expect((await emu.graph(`/beta${path}`)).body.perUserMfaState).to.equal("enforced");
    expect((await emu.graph(`/v1.0${path}`)).status).to.equal(400);
    expect((await emu.graph(`/beta${path}`, { method: "PATCH", body: { perUserMfaState: "disabled" } })).status).to.equal(204);
    expect(emu.control.tenant(emu.tenantId).perUserMfa[ids.user(5)]).to.equal("disabled");
    expect((await emu.graph(`/beta${path}`, { method: "PATCH", body: { perUserMfaState: "sometimes" } })).status).to.equal(400);
  });

  it("serves perUserMfaState on v1.0 and beta user reads when $select asks for it, never by default", async () => {
    const query = `?$select=id,perUserMfaState&$top=10`;
    for (const version of ["v1.0", "beta"]) {
      const r = await emu.graph(`/${version}/users${query}`);
      expect(r.status).to.equal(200);
      // User 4 has no per-user MFA set (Graph says "disabled"), user 6 has it enabled.
      expect([r.body.value[4], r.body.value[6]]).to.deep.equal([
        { id: ids.user(4), perUserMfaState: "disabled" },
        { id: ids.user(6), perUserMfaState: "enabled" },
      ]);
      expect((await emu.graph(`/${version}/users/${ids.user(6)}?$select=perUserMfaState`)).body.perUserMfaState).to.equal("enabled");
    }
    expect((await emu.graph("/beta/users?$top=10")).body.value[6]).not.to.have.property("perUserMfaState");
    expect((await emu.graph("/v1.0/users?$top=10")).body.value[6]).not.to.have.property("perUserMfaState");
  });

  it("can be told to leave perUserMfaState out, for everyone or some users, or to refuse selecting it", async () => {
    const tenant = emu.control.tenant(emu.tenantId);
    const upn = String(tenant.users[5]!.userPrincipalName);
    try {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "served", [upn]);
      const some = (await emu.graph("/users?$select=id,perUserMfaState&$top=7")).body.value;
      expect(some.filter((u: object) => !("perUserMfaState" in u)).map((u: { id: string }) => u.id)).to.deep.equal([ids.user(5)]);
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "omitted");
      const none = (await emu.graph("/users?$select=id,perUserMfaState&$top=7")).body.value;
      expect(none.every((u: object) => !("perUserMfaState" in u))).to.equal(true);
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "unknownProperty");
      const refused = await emu.graph("/users?$select=id,perUserMfaState");
      expect(refused.status).to.equal(400);
      expect(refused.body.error.message).to.equal("Could not find a property named 'perUserMfaState' on type 'microsoft.graph.user'.");
      expect(() => emu.control.setPerUserMfaOnUsers(emu.tenantId, "served", ["nobody@example.com"])).to.throw(/no user "nobody@example.com"/);
    } finally {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "served");
    }
  });

  it("turns per-user enabled into enforced for a user who has registered an MFA method, as Graph does", async () => {
    const registered = (i: number) => emu.control.tenant(emu.tenantId).registrationDetails.find((d) => d.id === ids.user(i))!.isMfaRegistered;
    const [withMethod, without] = [12, 13];
    expect([registered(withMethod), registered(without)], "the fixture registers even indexes").to.deep.equal([true, false]);
    for (const i of [withMethod, without]) {
      const r = await emu.graph(`/beta/users/${ids.user(i)}/authentication/requirements`, { method: "PATCH", body: { perUserMfaState: "enabled" } });
      expect(r.status).to.equal(204);
    }
    expect(emu.control.tenant(emu.tenantId).perUserMfa[ids.user(withMethod)]).to.equal("enforced");
    expect(emu.control.tenant(emu.tenantId).perUserMfa[ids.user(without)]).to.equal("enabled");
  });

  it("reads and sets per-user MFA inside a beta $batch, each item checked for its permission", async () => {
    const url = (i: number) => `/users/${ids.user(i)}/authentication/requirements`;
    const write = (i: number) => ({ id: `w${i}`, method: "PATCH", url: url(i), headers: { "Content-Type": "application/json" }, body: { perUserMfaState: "enabled" } });
    const r = await emu.graph("/beta/$batch", { body: { requests: [write(11), { id: "r11", method: "GET", url: url(11), dependsOn: ["w11"] }] } });
    expect(r.status).to.equal(200);
    const byId = new Map(r.body.responses.map((x: any) => [x.id, x]));
    expect((byId.get("w11") as any).status).to.equal(204);
    expect((byId.get("r11") as any).body.perUserMfaState).to.equal("enabled");
    const denied = await emu.graph("/beta/$batch", { app: READER_APP, body: { requests: [write(9), { id: "r9", method: "GET", url: url(9) }] } });
    const deniedById = new Map(denied.body.responses.map((x: any) => [x.id, x]));
    expect((deniedById.get("w9") as any).status, "Policy.Read.All does not write").to.equal(403);
    expect((deniedById.get("r9") as any).status, "Policy.Read.All reads").to.equal(200);
    expect(emu.control.tenant(emu.tenantId).perUserMfa[ids.user(9)] ?? "disabled").to.equal("disabled");
  });

  it("serves and updates per-user sign-in preferences on beta, seeded from the registration report", async () => {
    const path = `/beta/users/${ids.user(2)}/authentication/signInPreferences`;
    expect((await emu.graph(path)).status, "the admin app lacks UserAuthenticationMethod permissions").to.equal(403);
    const tenant = emu.control.tenant(emu.tenantId);
    tenant.apps.push({ clientId: ids.app("methods"), displayName: "methods", clientSecret: "m", roles: ["UserAuthenticationMethod.ReadWrite.All"] });
    tenant.registrationDetails.find((d) => d.id === ids.user(2))!.userPreferredMethodForSecondaryAuthentication = "sms";
    expect((await emu.graph(path, { app: "methods" })).body).to.include({ isSystemPreferredAuthenticationMethodEnabled: false, userPreferredMethodForSecondaryAuthentication: "sms" });
    expect((await emu.graph(path, { app: "methods", method: "PATCH", body: { isSystemPreferredAuthenticationMethodEnabled: true } })).status).to.equal(204);
    expect((await emu.graph(path, { app: "methods" })).body).to.include({ isSystemPreferredAuthenticationMethodEnabled: true, userPreferredMethodForSecondaryAuthentication: "sms" });
    expect((await emu.graph(path, { app: "methods", method: "PATCH", body: { userPreferredMethodForSecondaryAuthentication: "pigeon" } })).status).to.equal(400);
    expect((await emu.graph(path.replace("/beta/", "/v1.0/"), { app: "methods" })).status).to.equal(400);
  });

  it("pages registration details and gets one by id", async () => {
    const first = await emu.graph("/reports/authenticationMethods/userRegistrationDetails");
    expect(first.body.value).to.have.length(100);
    expect(first.body["@odata.nextLink"]).to.match(/^https:\/\//);
    const one = await emu.graph(`/reports/authenticationMethods/userRegistrationDetails/${ids.user(2)}`);
    expect(one.body.isMfaRegistered).to.equal(true);
  });

  it("filters with $filter, and wants ConsistencyLevel for advanced operators on directory objects", async () => {
    const guests = await emu.graph("/users?$filter=userType eq 'Guest'&$select=id");
    expect(guests.body.value.map((u: any) => u.id)).to.deep.equal([ids.user(249)]);
    const some = await emu.graph(`/users?$filter=id in ('${ids.user(1)}', '${ids.user(2)}') and startswith(displayName, 'user')&$select=id`);
    expect(some.body.value).to.have.length(2);
    expect((await emu.graph("/users?$filter=userType ne 'Guest'")).status).to.equal(400);
    const advanced = await emu.graph("/users?$filter=userType ne 'Guest'&$count=true&$select=id", { headers: { ConsistencyLevel: "eventual" } });
    expect(advanced.body.value).to.have.length(100);
    const registered = await emu.graph("/reports/authenticationMethods/userRegistrationDetails?$filter=methodsRegistered/any(m: m eq 'microsoftAuthenticatorPush')&$top=999");
    expect(registered.body.value).to.have.length(125);
    expect((await emu.graph("/users?$filter=userType eq")).status).to.equal(400);
  });

  it("answers an unknown segment with 400 and a known path with the wrong method with 405", async () => {
    const unknown = await emu.graph("/policies/nothingHere");
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.message).to.equal("Resource not found for the segment 'nothingHere'.");
    const wrong = await emu.graph("/users", { method: "DELETE" });
    expect(wrong.status).to.equal(405);
  });

  it("reports resource units on directory responses", async () => {
    const r = await emu.graph("/users?$top=5");
    expect(r.headers.get("x-ms-resource-unit")).to.equal("1");
    const t = await emu.graph(`/groups/${ids.group("IT")}/transitiveMembers`);
    expect(t.headers.get("x-ms-resource-unit")).to.equal("5");
  });
});
