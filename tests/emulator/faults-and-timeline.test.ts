import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { buildTenant, ids, mfaPolicy } from "../support/fixtures";

const CA = "/identity/conditionalAccess/policies";
const SD = "/policies/identitySecurityDefaultsEnforcementPolicy";

describe("emulator faults", function () {
  const emu = useEmulator(() => buildTenant({ users: 2 }), { caThrottle: false });
  const policies = () => emu.control.tenant(emu.tenantId).conditionalAccessPolicies;
  afterEach(() => {
    emu.control.clearFaults();
    emu.control.tenant(emu.tenantId).conditionalAccessPolicies = [];
  });

  it("commit-then-503 applies the write and then answers 503", async () => {
    emu.control.injectFault({ method: "POST", path: CA, kind: "commit-then-status", status: 503 });
    const r = await emu.graph(CA, { body: mfaPolicy({ displayName: "committed" }) });
    expect(r.status).to.equal(503);
    expect(r.body.error.innerError["request-id"]).to.be.a("string");
    expect(policies().map((p) => p.displayName)).to.deep.equal(["committed"]);
    const second = await emu.graph(CA, { body: mfaPolicy({ displayName: "second" }) });
    expect(second.status, "the fault is used up").to.equal(201);
  });

  it("a status fault answers without applying, with the Retry-After asked for, `times` times", async () => {
    emu.control.injectFault({ path: CA, kind: "status", status: 429, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await emu.graph(CA, { body: mfaPolicy() });
      expect(r.status).to.equal(429);
      expect(r.headers.get("retry-after")).to.equal("2");
    }
    expect(policies()).to.have.length(0);
    expect((await emu.graph(CA)).status).to.equal(200);
  });

  it("drop destroys the connection and applies nothing; commit-then-drop applies", async () => {
    emu.control.injectFault({ method: "POST", path: CA, kind: "drop" });
    let error: unknown;
    await emu.graph(CA, { body: mfaPolicy() }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect(policies()).to.have.length(0);
    emu.control.injectFault({ method: "POST", path: CA, kind: "commit-then-drop" });
    error = undefined;
    await emu.graph(CA, { body: mfaPolicy() }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect(policies()).to.have.length(1);
    expect(emu.control.requests({ status: 0 }).length).to.be.at.least(2);
  });

  it("blackout: after the fault applies, every request is dropped until the faults are cleared", async () => {
    const securityDefaults = () => emu.control.tenant(emu.tenantId).securityDefaultsEnabled;
    const securityDefaultsBefore = securityDefaults();
    emu.control.injectFault({ method: "POST", path: CA, kind: "commit-then-drop", blackout: true });
    const failed = async (run: Promise<unknown>) => run.then(() => false, () => true);
    expect(await failed(emu.graph(CA)), "a read before the fault goes through").to.equal(false);
    expect(await failed(emu.graph(CA, { body: mfaPolicy({ displayName: "last" }) }))).to.equal(true);
    expect(await failed(emu.graph(CA)), "a read after it is dropped").to.equal(true);
    expect(await failed(emu.graph(SD, { method: "PATCH", body: { isEnabled: !securityDefaultsBefore } })), "and so is a write").to.equal(true);
    expect(policies().map((p) => p.displayName), "the tenant keeps what landed").to.deep.equal(["last"]);
    expect(securityDefaults()).to.equal(securityDefaultsBefore);
    emu.control.clearFaults();
    expect(await failed(emu.graph(CA))).to.equal(false);
  });

  it("matches a $batch item's path as it matches a top-level one, percent-decoded", async () => {
    const upn = "user1@tenant.onmicrosoft.com";
    emu.control.injectFault({ path: `/users/${upn}`, kind: "status", status: 503, times: 2 });
    expect((await emu.graph(`/users/${encodeURIComponent(upn)}`)).status).to.equal(503);
    const r = await emu.graph("/$batch", { body: { requests: [{ id: "1", method: "GET", url: `/users/${encodeURIComponent(upn)}` }] } });
    expect(r.body.responses[0].status).to.equal(503);
  });

  it("applies to the $batch request itself", async () => {
    emu.control.injectFault({ path: "/$batch", kind: "status", status: 504 });
    emu.control.resetRequests();
    const r = await emu.graph("/$batch", { body: { requests: [{ id: "1", method: "GET", url: "/users" }] } });
    expect(r.status).to.equal(504);
    expect(emu.control.requests({ batchItem: true })).to.have.length(0);
  });
});

describe("emulator timeline", function () {
  const emu = useEmulator(
    () => buildTenant({ users: 4, guests: 1, disabled: 1, securityDefaults: true, groups: [{ displayName: "Break glass", users: [1] }] }),
    { caThrottle: false },
  );

  it("records each committed mutation with the users it leaves unprotected", async () => {
    expect((await emu.graph(SD, { method: "PATCH", body: { isEnabled: false } })).status).to.equal(204);
    const created = await emu.graph("/identity/conditionalAccess/policies", {
      body: mfaPolicy({ excludeGroups: [ids.group("Break glass")] }),
    });
    expect(created.status).to.equal(201);
    await emu.graph(SD, { method: "GET" });
    const timeline = emu.control.timeline(emu.tenantId);
    expect(timeline.map((e) => [e.method, e.path, e.status])).to.deep.equal([
      ["PATCH", `/v1.0${SD}`, 204],
      ["POST", "/v1.0/identity/conditionalAccess/policies", 201],
    ]);
    // User 0 is disabled and never counts; user 3 is the guest.
    expect(timeline[0].unprotectedUserIds).to.deep.equal([1, 2, 3].map((i) => ids.user(i)).sort());
    expect(timeline[0].mfaEnforcedForAll).to.equal(false);
    expect(timeline[1].unprotectedUserIds).to.deep.equal([ids.user(1)]);
    expect(timeline[1].requestId).to.equal(emu.control.requests({ method: "POST" }).at(-1)!.requestId);
  });

  it("judges an MFA OR compliant-device policy as not enforcing, and MFA AND compliant device as enforcing", async () => {
    const id = emu.control.tenant(emu.tenantId).conditionalAccessPolicies[0].id as string;
    await emu.graph(`/identity/conditionalAccess/policies/${id}`, { method: "PATCH", body: { grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } } });
    expect(emu.control.timeline(emu.tenantId).at(-1)!.unprotectedUserIds).to.have.length(3);
    await emu.graph(`/identity/conditionalAccess/policies/${id}`, { method: "PATCH", body: { grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] } } });
    expect(emu.control.timeline(emu.tenantId).at(-1)!.unprotectedUserIds).to.deep.equal([ids.user(1)]);
  });

  it("does not record reads or failed writes", async () => {
    const before = emu.control.timeline(emu.tenantId).length;
    await emu.graph("/identity/conditionalAccess/policies", { body: { displayName: "broken" } });
    await emu.graph("/users");
    expect(emu.control.timeline(emu.tenantId)).to.have.length(before);
  });
});
