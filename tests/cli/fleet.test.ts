import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { parseCsv } from "../report/csv-parse";
import { FLEET, fleetFixture, writeTenantsFile } from "./fleet-fixture";
import { spawned } from "./spawned";

const CLI = resolve(__dirname, "../../provider/cli/index.js");

describe("entra-mfa status --tenants (every tenant in one report)", function () {
  this.timeout(60_000);
  const fixture = fleetFixture();
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });
  const userCount = (name: string) => fixture.tenants[FLEET.findIndex((t) => t.name === name)]!.users!.length;
  let dir: string;
  let tenants: { file: string; env: Record<string, string> };
  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    spawned(process.execPath, [CLI, "status", "--tenants", tenants.file, ...args], { NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, ...tenants.env, ...extraEnv });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "entra-mfa-fleet-"));
    tenants = writeTenantsFile(dir, emu.url);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("--json: every user with its tenant, the failing tenants with their errors; progress per tenant on stderr; exit 1", async () => {
    const r = await run(["--json"]);
    expect(r.code, r.stderr).to.equal(1);
    const report = JSON.parse(r.stdout);
    expect(report.tenants.map((t: { name: string }) => t.name)).to.deep.equal(FLEET.map((t) => t.name));
    const [contoso, fabrikam, noConsent, wrong] = report.tenants;
    expect(contoso.error).to.equal(null);
    expect(fabrikam.summary.securityDefaults.isEnabled).to.equal(true);
    expect(noConsent.error).to.include("User.Read.All");
    expect(wrong.error).to.include("AADSTS7000215");
    for (const name of ["Contoso", "Fabrikam"]) {
      expect(report.users.filter((u: { tenant: string }) => u.tenant === name)).to.have.length(userCount(name));
    }
    expect(report.users).to.have.length(userCount("Contoso") + userCount("Fabrikam"));
    expect(report.summary.totals).to.include({ tenants: 4, read: 2, failed: 2, users: userCount("Contoso") + userCount("Fabrikam") });
    for (const name of ["Contoso", "Fabrikam"]) expect(r.stderr).to.match(new RegExp(`\\[${name}\\] done \\(\\d/4\\): ${userCount(name)} users`));
    expect(r.stderr).to.match(/\[No consent\] FAILED \(\d\/4\) after [\d.]+ s: .*User\.Read\.All/);
    expect(r.stderr).to.match(/\[Wrong secret\] FAILED .*AADSTS7000215/);
    expect(r.stderr).to.include("2 of 4 tenants could not be read");
  });

  it("--csv: a Tenant and a Tenant id column in front of every user row", async () => {
    const r = await run(["--csv", "--quiet"]);
    expect(r.code, r.stderr).to.equal(1);
    const rows = parseCsv(r.stdout);
    expect(rows[0]!.slice(0, 3)).to.deep.equal(["Tenant", "Tenant id", "User id"]);
    const byTenant = (name: string) => rows.slice(1).filter((row) => row[0] === name).length;
    expect(byTenant("Contoso")).to.equal(userCount("Contoso"));
    expect(byTenant("Fabrikam")).to.equal(userCount("Fabrikam"));
    expect(rows).to.have.length(1 + userCount("Contoso") + userCount("Fabrikam"));
  });

  it("the table shows the fleet summary: one line per tenant, and each failing tenant's error", async () => {
    const r = await run(["--quiet"]);
    expect(r.code, r.stderr).to.equal(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).to.match(/^MFA status of 4 tenant\(s\), generated .*: 2 read, 2 FAILED$/);
    expect(lines.find((l) => l.startsWith("Contoso "))).to.match(new RegExp(`^Contoso\\s+${userCount("Contoso")}\\s`));
    expect(lines.find((l) => l.startsWith("Fabrikam "))).to.match(/\son\s/);
    expect(lines.find((l) => l.startsWith("! No consent"))).to.include("User.Read.All");
    expect(lines.find((l) => l.startsWith("! Wrong secret"))).to.include("AADSTS7000215");
  });

  it("--html --out: one private page, the fleet summary first, then each tenant's section", async () => {
    const out = join(dir, "fleet.html");
    const r = await run(["--html", "--out", out, "--quiet"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.include(`wrote the html report of 4 tenants (${userCount("Contoso") + userCount("Fabrikam")} users) to ${out}`);
    expect((await stat(out)).mode & 0o777).to.equal(0o600);
    const html = await readFile(out, "utf8");
    const summaryAt = html.indexOf('id="fleet-summary"');
    expect(summaryAt).to.be.above(0);
    const sections = FLEET.map((_, i) => html.indexOf(`id="t${i}-article"`));
    expect(sections.every((at) => at > summaryAt)).to.equal(true);
    expect([...sections].sort((a, b) => a - b)).to.deep.equal(sections);
    expect(html.slice(sections[2]!, sections[3]!)).to.include("could not be read").and.include("User.Read.All");
  });

  it("refuses a secret written in the tenants file, naming the entry and what to write instead", async () => {
    const file = join(dir, "inline.yaml");
    await writeFile(file, `tenants:\n  - tenant: ${fixture.tenants[0]!.tenantId}\n    name: Inline\n    clientId: x\n    clientSecret: hunter2\n`);
    const r = await spawned(process.execPath, [CLI, "status", "--tenants", file]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include("tenants[0] (Inline).clientSecret: secrets are never written in the tenants file").and.include("clientSecretFile");
    expect(r.stderr).to.not.include("hunter2");
  });

  it("refuses connection flags beside --tenants, and a tenants file that is not a list of tenants", async () => {
    const flags = await run(["--tenant", "x"]);
    expect(flags.code).to.equal(2);
    expect(flags.stderr).to.include("leave out --tenant");
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ tenants: [{ tenant: "a", name: "A" }, { tenant: "A", name: "again" }] }));
    const dup = await spawned(process.execPath, [CLI, "status", "--tenants", file]);
    expect(dup.code).to.equal(2);
    expect(dup.stderr).to.include("tenants[1] (again) repeats tenant A");
  });
});
