// `entra-mfa import` as a user runs it: its own process, the secret from the environment, stdout or --out.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { spawned } from "../cli/spawned";
import { graphWrites, lastSeq, sampleTenant, useSampleEmulator } from "../lifecycle/support";
import { REPO } from "./snapshots";

const CLI = join(REPO, "dist/provider/cli/index.js");

describe("entra-mfa import command", function () {
  this.timeout(60_000);
  const emu = useSampleEmulator();
  const fabrikam = sampleTenant("Fabrikam");
  const dir = mkdtempSync(join(tmpdir(), "entra-mfa-import-cli-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawned(
      process.execPath,
      [CLI, "import", "--tenant", fabrikam.id, "--client-id", fabrikam.admin.clientId, "--graph-base-url", emu.url, "--authority-host", emu.url, ...args],
      { NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, AZURE_CLIENT_SECRET: fabrikam.admin.clientSecret },
    );

  it("prints the program on stdout, reading only, with the secret as a prompt and never its value", async () => {
    emu.control.loadTenant(fabrikam.fixture);
    const seq = lastSeq(emu);
    const r = await run([]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`from "pulumi-entra-mfa";`).and.include("new ManagedMfaPolicy(");
    expect(r.stdout).to.include("pulumi config set --secret azuread:clientSecret   # prompts for the secret");
    expect(r.stdout).to.not.include(fabrikam.admin.clientSecret);
    expect(graphWrites(emu, fabrikam.id, seq)).to.deep.equal([]);
  });

  it("--out writes the same program into the file, and stdout stays empty", async () => {
    const out = join(dir, "mfa.ts");
    const [printed, written] = [await run(["--skip-per-user-mfa"]), await run(["--out", out, "--skip-per-user-mfa"])];
    expect(written.code, written.stderr).to.equal(0);
    expect(written.stdout).to.equal("");
    expect(readFileSync(out, "utf8")).to.equal(printed.stdout);
  });

  it("refuses --out with --project, and --stack without --project, as usage errors", async () => {
    const both = await run(["--out", join(dir, "x.ts"), "--project", join(dir, "p")]);
    expect(both.code).to.equal(2);
    expect(both.stderr).to.include("choose one of --out and --project");
    const stack = await run(["--stack", "prod"]);
    expect(stack.code).to.equal(2);
    expect(stack.stderr).to.include("--stack names the stack of --project");
  });
});
