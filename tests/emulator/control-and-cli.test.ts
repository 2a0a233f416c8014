import { expect } from "chai";
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { promisify } from "node:util";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, ids } from "../support/fixtures";

const SAMPLE = path.resolve(__dirname, "../../../emulator/fixtures/sample-tenant.json");
const CLI = path.resolve(__dirname, "../../emulator/cli.js");

describe("emulator control surface over HTTP", function () {
  const emu = useEmulator(() => buildTenant({ users: 3, securityDefaults: true }));
  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${emu.url}/_emulator${route}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: r.status === 204 ? undefined : ((await r.json()) as any) }),
    );

  it("injects faults, switches throttles and latency, and reads requests, dumps and timelines", async () => {
    expect((await control("PUT", "/ca-throttle", { enabled: false })).status).to.equal(204);
    expect((await control("POST", "/faults", { path: "/policies/identitySecurityDefaultsEnforcementPolicy", kind: "status", status: 503 })).body.id).to.be.a("number");
    expect((await emu.graph("/policies/identitySecurityDefaultsEnforcementPolicy")).status).to.equal(503);
    expect((await control("DELETE", "/faults")).status).to.equal(204);

    expect((await control("PUT", "/latency", { ms: 150 })).status).to.equal(204);
    const started = Date.now();
    await emu.graph("/policies/identitySecurityDefaultsEnforcementPolicy", { method: "PATCH", body: { isEnabled: false } });
    expect(Date.now() - started).to.be.at.least(150);
    await control("PUT", "/latency", { ms: 0 });

    const writes = await control("GET", `/requests?write=true&tenantId=${emu.tenantId}`);
    expect(writes.body.map((e: any) => e.method)).to.deep.equal(["PATCH"]);
    const dump = await control("GET", `/tenants/${emu.tenantId}`);
    expect(dump.body.securityDefaults.isEnabled).to.equal(false);
    const timeline = await control("GET", `/tenants/${emu.tenantId}/timeline`);
    expect(timeline.body).to.have.length(1);
    expect(timeline.body[0].unprotectedUserIds).to.have.length(3);
    expect((await control("DELETE", "/requests")).status).to.equal(204);
    expect((await control("GET", "/requests")).body).to.deep.equal([]);
  });

  it("sets whether user reads carry perUserMfaState, and refuses a mode it does not know", async () => {
    const route = `/tenants/${emu.tenantId}/per-user-mfa-on-users`;
    expect((await control("PUT", route, { mode: "unknownProperty" })).status).to.equal(204);
    expect(emu.control.tenant(emu.tenantId).perUserMfaOnUsers).to.equal("unknownProperty");
    expect((await control("PUT", route, { mode: "served", omittedFor: [ids.user(1)] })).status).to.equal(204);
    expect([...emu.control.tenant(emu.tenantId).perUserMfaOmittedFor]).to.deep.equal([ids.user(1).toLowerCase()]);
    const bad = await control("PUT", route, { mode: "sometimes" });
    expect(bad.status).to.equal(400);
    expect(bad.body.error).to.match(/served, omitted or unknownProperty/);
    await control("PUT", route, { mode: "served" });
  });

  it("loads a tenant fed back from a dump, and mints tokens", async () => {
    const dump = (await control("GET", `/tenants/${emu.tenantId}`)).body;
    dump.tenantId = ids.tenant("copy");
    expect((await control("PUT", "/tenants", dump)).status).to.equal(204);
    expect((await control("GET", "/tenants")).body).to.include(ids.tenant("copy"));
    const token = (await control("POST", `/tenants/${ids.tenant("copy")}/tokens`, { clientId: ids.app(ADMIN_APP) })).body.access_token;
    const r = await fetch(`${emu.url}/v1.0/users`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await r.json()) as any).value).to.have.length(3);
  });

  it("explains a bad control request", async () => {
    const r = await control("POST", "/faults", { path: "/x", kind: "explode" });
    expect(r.status).to.equal(400);
    expect(r.body.error).to.contain("kind");
  });
});

describe("entra-mfa-emulator command", function () {
  this.timeout(30_000);

  it("prints one JSON line when ready, serves a token and Security Defaults to curl, and exits on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "--fixture", SAMPLE, "--no-ca-throttle"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      while (!out.includes("\n")) out += (await once(child.stdout, "data"))[0];
      const ready = JSON.parse(out.trim());
      expect(Object.keys(ready)).to.deep.equal(["url", "caCertPath", "tenants"]);
      expect(ready.tenants).to.have.length(2);
      const contoso = ready.tenants[0];
      const fixture = require(SAMPLE);
      const app = fixture.tenants[0].apps[0];
      const curl = promisify(execFile);
      const token = JSON.parse(
        (await curl("curl", ["-sS", "--cacert", ready.caCertPath, "-d", `grant_type=client_credentials&client_id=${app.clientId}&client_secret=${app.clientSecret}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`, `${ready.url}/${contoso}/oauth2/v2.0/token`])).stdout,
      ).access_token;
      const sd = JSON.parse((await curl("curl", ["-sS", "--cacert", ready.caCertPath, "-H", `Authorization: Bearer ${token}`, `${ready.url}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`])).stdout);
      expect(sd.isEnabled).to.equal(true);
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits non-zero naming the problem when the fixture is invalid", async () => {
    const child = spawn(process.execPath, [CLI, "--fixture", __filename], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const [code] = await once(child, "exit");
    expect(code).to.equal(1);
    expect(err).to.contain(__filename);
  });

});
