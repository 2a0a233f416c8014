import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, ids, READER_APP } from "../support/fixtures";
import { parseCsv } from "../report/csv-parse";
import { collectTenant, NAME } from "../report/collect-fixture";
import { spawned } from "./spawned";

const CLI = resolve(__dirname, "../../provider/cli/index.js");

/** Runs the built CLI as a user would: its own process, only the environment given. */
const run = (args: string[], env: Record<string, string> = {}) => spawned(process.execPath, [CLI, ...args], env);

describe("entra-mfa command", function () {
  this.timeout(30_000);
  const fixture = collectTenant();
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "entra-mfa-cli-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  /** Connection flags for an app; its secret goes through the environment, as documented. */
  const connect = (app = READER_APP) => {
    const c = emu.connection(app);
    return {
      args: ["--tenant", c.tenantId, "--client-id", c.clientId, "--graph-base-url", c.graphBaseUrl, "--authority-host", c.authorityHost],
      env: { NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, AZURE_CLIENT_SECRET: c.clientSecret },
    };
  };

  it("status --json prints one JSON report with every user, progress on stderr only", async () => {
    const { args, env } = connect();
    const r = await run(["status", "--json", ...args], env);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout);
    expect(report.tenantId).to.equal(fixture.tenantId);
    expect(report.users.map((u: { id: string }) => u.id)).to.deep.equal(fixture.users!.map((u) => u.id));
    expect(report.summary.users.total).to.equal(fixture.users!.length);
    // Per-user MFA comes with the user listing: no batches of it to report.
    expect(r.stderr).to.match(/users 60 \(all\) read · registration rows \d+/);
    expect(r.stderr).not.to.include("per-user MFA batches");
  });

  it("status --csv prints one row per user, with the secret read from a file", async () => {
    const { args, env } = connect();
    const secretFile = join(dir, "secret");
    await writeFile(secretFile, env.AZURE_CLIENT_SECRET + "\n", { mode: 0o600 });
    const r = await run(["status", "--csv", "--quiet", "--client-secret-file", secretFile, ...args], { NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
    const rows = parseCsv(r.stdout);
    expect(rows[0]).to.include("User principal name");
    expect(rows.slice(1).map((row) => row[rows[0]!.indexOf("User id")])).to.deep.equal(fixture.users!.map((u) => u.id));
  });

  it("status --html --out writes a private HTML file and says so", async () => {
    const { args, env } = connect();
    const out = join(dir, "report.html");
    const r = await run(["status", "--html", "--out", out, ...args], env);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.include(`wrote the html report of 60 users to ${out}`);
    expect((await stat(out)).mode & 0o777).to.equal(0o600);
    const html = (await readFile(out, "utf8")).replaceAll("<wbr>", "");
    expect(html).to.match(/^<!DOCTYPE html>/i);
    for (const u of fixture.users!) expect(html).to.include(String(u.userPrincipalName));
  });

  it("status prints a table by default", async () => {
    const { args, env } = connect();
    const r = await run(["status", "--quiet", ...args], env);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^MFA status report for tenant /);
    expect(r.stdout.split("\n").filter((l) => /^(user|guest)\d+/.test(l))).to.have.length(fixture.users!.length);
  });

  it("plan prints what ManagedMfaPolicy would change, and writes nothing", async () => {
    const { args, env } = connect(ADMIN_APP);
    emu.control.resetRequests();
    const breakGlass = ids.group("Break glass", NAME);
    const text = await run(["plan", "--include-all-users", "--exclude-groups", breakGlass, ...args], env);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(/^Plan for tenant /);
    expect(text.stdout).to.include("Steps:");
    const json = await run(["plan", "--include-all-users", "--exclude-groups", breakGlass, "--json", ...args], env);
    expect(json.code, json.stderr).to.equal(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.tenantId).to.equal(fixture.tenantId);
    expect(plan.steps).to.be.an("array").that.is.not.empty;
    expect(plan.summary).to.equal(text.stdout.split("\n").slice(1).join("\n").split("\nwarning:")[0]!.trimEnd());
    expect(emu.control.requests({ write: true })).to.deep.equal([]);
  });

  it("plan --migrate-per-user-mfa lists whom per-user MFA would move and whom not, with what changes for people; writes nothing", async () => {
    const { args, env } = connect(ADMIN_APP);
    emu.control.resetRequests();
    const breakGlass = ids.group("Break glass", NAME);
    const r = await run(["plan", "--include-all-users", "--exclude-groups", breakGlass, "--migrate-per-user-mfa", "--json", ...args], env);
    expect(r.code, r.stderr).to.equal(0);
    const plan = JSON.parse(r.stdout);
    const onPerUser = Object.entries(fixture.perUserMfa ?? {}).filter(([, s]) => s !== "disabled").map(([id]) => id);
    expect([...plan.perUserMfa.move, ...plan.perUserMfa.left].map((u: { userId: string }) => u.userId).sort()).to.deep.equal(onPerUser.sort());
    expect(plan.perUserMfa.move).to.not.be.empty;
    expect(plan.summary).to.include("Per-user MFA (legacy):").and.match(/App passwords stop working/).and.match(/trusted IPs/).and.match(/re-register nothing/);
    const text = await run(["plan", "--include-all-users", "--exclude-groups", breakGlass, "--migrate-per-user-mfa", ...args], env);
    expect(text.stdout).to.include(`switched to disabled (previous state journaled, put back at destroy): ${plan.perUserMfa.move.length} users`);
    expect(emu.control.requests({ write: true })).to.deep.equal([]);
  });

  it("plan exits 1 and names the problem when the resource would refuse to apply", async () => {
    const { args, env } = connect(ADMIN_APP);
    const r = await run(["plan", "--include-all-users", "--exclude-users", `nobody@${NAME}.onmicrosoft.com`, ...args], env);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(`nobody@${NAME}.onmicrosoft.com`);
  });

  it("usage errors exit 2 with the usage line; --help exits 0", async () => {
    for (const args of [[], ["frobnicate"], ["status", "--bogus"], ["status", "--json", "--csv"], ["plan", "--state", "on"], ["status", "--client-secret", "x"]]) {
      const r = await run(args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.match(/usage: entra-mfa/);
    }
    for (const command of ["status", "plan"]) {
      const r = await run([command, "--help"]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include(`usage: entra-mfa ${command}`);
    }
  });

  it("a missing tenant or a wrong secret fails with exit 1 and a clear message", async () => {
    const noTenant = await run(["status"]);
    expect(noTenant.code).to.equal(1);
    expect(noTenant.stderr).to.include("No Entra tenant id").and.include("--tenant");
    const { args, env } = connect();
    const wrong = await run(["status", ...args], { ...env, AZURE_CLIENT_SECRET: "wrong" });
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(/AADSTS7000215/);
  });
});
