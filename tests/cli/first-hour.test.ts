// What a newcomer meets first: the Node.js floor at every entry point, --version, and mistakes (a wrong tenant, a
// dead port, an untrusted certificate, no secret, a wrong flag) that must each end in their cause and the next step.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { isSupportedNode } from "../../runtime/node-version";
import { useEmulator } from "../support/emulator";
import { spawned, type Run } from "./spawned";
import { ADMIN_APP, buildTenant, ids } from "../support/fixtures";

const DIST = resolve(__dirname, "../..");
const REPO = resolve(DIST, "..");
const CLI = join(DIST, "provider/cli/index.js");

function run(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Run> {
  return spawned(process.execPath, [...nodeArgs, ...args], env);
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** A loopback port nothing listens on (taken, then given back). */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe("a newcomer's first hour", function () {
  this.timeout(60_000);

  describe("the Node.js floor", () => {
    let dir: string;
    let pretend: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "entra-mfa-node-"));
      // Node.js 22.12 has no tls.getCACertificates; a preload makes this Node.js say it is that version.
      pretend = join(dir, "pretend-22.12.js");
      await writeFile(pretend, `Object.defineProperty(process.versions, "node", { value: "22.12.0" });\n`);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it("knows which releases have what the package needs", () => {
      const supported = ["22.19.0", "22.21.1", "v24.5.0", "24.21.0", "25.0.0", "26.2.0"];
      const unsupported = ["20.20.2", "22.12.0", "22.18.9", "23.11.0", "24.4.1", "18.0.0"];
      expect(supported.filter((v) => !isSupportedNode(v))).to.deep.equal([]);
      expect(unsupported.filter(isSupportedNode)).to.deep.equal([]);
    });

    const entryPoints: [string, string[]][] = [
      ["entra-mfa", [CLI, "--version"]],
      ["entra-mfa-emulator", [join(DIST, "emulator/cli.js"), "--help"]],
      ["the test run", ["-e", `require(${JSON.stringify(join(DIST, "tests/support/node-version.js"))})`]],
      ["the library", ["-e", `require(${JSON.stringify(join(DIST, "provider/index.js"))})`]],
      ["the provider's handlers", ["-e", `require(${JSON.stringify(join(DIST, "provider/handlers/index.js"))})`]],
      ["the emulator's API", ["-e", `require(${JSON.stringify(join(DIST, "emulator/index.js"))})`]],
    ];
    for (const [what, args] of entryPoints)
      it(`${what} refuses an old Node.js with the version it needs`, async () => {
        const r = await run(args, {}, ["--require", pretend]);
        expect(r.code).to.equal(1);
        expect(r.stderr).to.contain("needs Node.js 22.19 or newer on Node.js 22, or 24.5 or newer; this is Node.js 22.12.0");
        expect(r.stderr).to.not.contain("getCACertificates is not a function");
      });

    it("engines in package.json states the same floor", async () => {
      const pkg = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { engines: { node: string } };
      expect(pkg.engines.node).to.equal("^22.19.0 || >=24.5.0");
    });
  });

  it("entra-mfa --version prints the package's version", async () => {
    const pkg = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { version: string };
    const r = await run([CLI, "--version"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^entra-mfa ${pkg.version.replaceAll(".", "\\.")} `));
  });

  it("the README's command for this checkout runs the local build, its output free of npm's banner", async () => {
    const pkg = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { version: string };
    const npm = await spawned("npm", ["run", "-s", "entra-mfa", "--", "--version"], { HOME: process.env.HOME ?? "" }, REPO);
    expect(npm.code, npm.stderr).to.equal(0);
    expect(npm.stdout.trim().split("\n")).to.have.length(1);
    expect(npm.stdout).to.match(new RegExp(`^entra-mfa ${pkg.version.replaceAll(".", "\\.")} `));
    expect(await readFile(join(REPO, "README.md"), "utf8")).to.contain("npm run -s entra-mfa -- status");
  });

  describe("against a tenant", () => {
    const breakGlass = 1;
    const fixture = buildTenant({ name: "newcomer", users: 4, securityDefaults: true });
    const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });
    const app = () => emu.connection(ADMIN_APP);
    const flags = (over: { tenant?: string; host?: string } = {}) => {
      const c = app();
      const host = over.host ?? c.authorityHost;
      return ["--tenant", over.tenant ?? c.tenantId, "--client-id", c.clientId, "--graph-base-url", host, "--authority-host", host];
    };
    const trusted = () => ({ NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, AZURE_CLIENT_SECRET: app().clientSecret });

    const status = (args: string[], env: Record<string, string>) => run([CLI, "status", "--quiet", ...args], env);

    it("a tenant that does not exist: the identity platform's AADSTS90002, and to check --tenant", async () => {
      const r = await status(flags({ tenant: "00000000-1111-2222-3333-444444444444" }), trusted());
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain("AADSTS90002: Tenant '00000000-1111-2222-3333-444444444444' not found");
      expect(r.stderr).to.contain("check the tenant id (--tenant)");
      expect(r.stderr).to.not.contain("endpoints_resolution_error");
    });

    it("a port where nothing listens: ECONNREFUSED, and whether the emulator is running", async () => {
      const port = await freePort();
      const r = await status(flags({ host: `https://127.0.0.1:${port}` }), trusted());
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`nothing is listening at https://127.0.0.1:${port} (ECONNREFUSED)`);
      expect(r.stderr).to.contain("check the authority host (--authority-host); with the emulator: is it running");
    });

    it("a Graph host where nothing listens: each retry said on stderr, and one retry only", async () => {
      const dead = `https://127.0.0.1:${await freePort()}`;
      const c = app();
      const args = ["status", "--tenant", c.tenantId, "--client-id", c.clientId, "--graph-base-url", dead, "--authority-host", c.authorityHost];
      const r = await run([CLI, ...args], { ...trusted(), ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS: "50" });
      expect(r.code).to.equal(1);
      const retries = r.stderr.split("\n").filter((l) => l.includes("trying again in"));
      expect(retries, r.stderr).to.have.length(1);
      expect(retries[0]).to.match(/^entra-mfa: GET \S+: attempt 1 failed \(connection: connection failed: ECONNREFUSED\); trying again in \d+\.\d s$/);
      expect(r.stderr).to.contain("no response (connection failed: ECONNREFUSED)");
    });

    it("an emulator whose certificate is not trusted: to set NODE_EXTRA_CA_CERTS", async () => {
      const r = await status(flags(), { AZURE_CLIENT_SECRET: app().clientSecret });
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted by Node\.js/);
      expect(r.stderr).to.contain("set NODE_EXTRA_CA_CERTS to the caCertPath it printed");
    });

    it("no secret at all: names the missing secret and the three ways to give it", async () => {
      const r = await status(flags(), { NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath });
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`no client secret, certificate or token was given for client id ${app().clientId}`);
      expect(r.stderr).to.contain("--client-secret-file FILE, or the environment variable AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET");
      expect(r.stderr).to.not.match(/^entra-mfa status: [^\n]*ChainedTokenCredential authentication failed\.?\s*\(/);
    });

    it("a wrong connection flag is named as the flag, without the generic connection hint", async () => {
      const r = await status(["--tenant", emu.tenantId, "--client-id", app().clientId, "--graph-base-url", "http://127.0.0.1:1"], trusted());
      expect(r.code).to.equal(1);
      expect(r.stderr.trim()).to.equal("entra-mfa status: --graph-base-url must be an https URL, got 'http://127.0.0.1:1'");
    });

    it("no tenant at all: the flag and the variables, then the hint to the connection options", async () => {
      const r = await status([], {});
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain("No Entra tenant id: give --tenant ID, or set AZURE_TENANT_ID or ARM_TENANT_ID");
      expect(r.stderr).to.contain("see 'entra-mfa status --help' for the connection options");
    });

    it("plan: one story about Security Defaults, each error once, in flag words, with the names the user gave", async () => {
      const upn = fixture.users![breakGlass]!.userPrincipalName as string;
      const r = await run([CLI, "plan", ...flags(), "--include-groups", ids.group("nobody's", "newcomer"), "--exclude-users", upn], trusted());
      expect(r.code).to.equal(1);
      expect(r.stdout).to.contain("Security Defaults is on and stays on: handing it over to this policy is refused as declared (see Errors).");
      expect(r.stdout).to.not.contain("Security Defaults is on and stays on.");
      const refusal = "but the policy does not include all users";
      expect(count(r.stdout, refusal)).to.equal(1);
      expect(r.stdout).to.contain("Set --include-all-users (break-glass exclusions are fine), or give --keep-security-defaults to keep Security Defaults on.");
      expect(r.stdout).to.not.match(/takeOver\.|includeAllUsers|connection\./);
      expect(r.stdout).to.contain(`except users ${upn}`);
      expect(r.stdout).to.not.contain(ids.user(breakGlass, "newcomer"));
    });

    it("plan: a warning of the plan is printed once", async () => {
      const r = await run([CLI, "plan", ...flags(), "--include-all-users", "--state", "reportOnly"], trusted());
      expect(r.code, r.stderr).to.equal(0);
      expect(count(r.stdout, "The managed policy is report-only: it enforces nothing, so Security Defaults stays on."), r.stdout).to.equal(1);
      expect(count(r.stdout, "No break-glass account is declared"), r.stdout).to.equal(1);
    });
  });
});
