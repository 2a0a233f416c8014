// Where entra-mfa status writes: a page is never poured into a terminal, the table fits the terminal it is shown in,
// and a report written over an existing file leaves it private.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { TERMINAL_TABLE_WIDTH } from "../../provider/report/render/terminal";
import { useEmulator } from "../support/emulator";
import { READER_APP } from "../support/fixtures";
import { collectTenant } from "../report/collect-fixture";
import { spawned } from "./spawned";

const CLI = resolve(__dirname, "../../provider/cli/index.js");
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe("entra-mfa status output", function () {
  this.timeout(30_000);
  const fixture = collectTenant();
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "entra-mfa-out-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  const connect = () => {
    const c = emu.connection(READER_APP);
    return {
      args: ["--tenant", c.tenantId, "--client-id", c.clientId, "--graph-base-url", c.graphBaseUrl, "--authority-host", c.authorityHost],
      env: { NODE_EXTRA_CA_CERTS: emu.emulator.caCertPath, AZURE_CLIENT_SECRET: c.clientSecret },
    };
  };

  /** The CLI with its stdout on a pseudo-terminal of `columns` columns (util-linux `script`), as a person runs it. */
  const onTerminal = (args: string[], columns: number) => {
    const { env } = connect();
    const command = `stty cols ${columns} rows 50; ${[process.execPath, CLI, "status", ...args].map(quote).join(" ")}`;
    return spawned("script", ["-qec", command, "/dev/null"], { ...env, TERM: "dumb", NO_COLOR: "1" });
  };

  it("--html on a terminal without --out refuses with a hint, and reads nothing", async () => {
    emu.control.resetRequests();
    const r = await onTerminal(["--html", ...connect().args], 120);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.include("--html writes a web page, not text for the terminal: give --out FILE");
    expect(r.stdout).to.not.include("<html");
    expect(emu.control.requests()).to.deep.equal([]);
  });

  it("the table fits a narrow terminal and says how to see every column; --wide and a pipe get the full table", async () => {
    const narrow = await onTerminal(["--quiet", ...connect().args], 100);
    expect(narrow.code, narrow.stdout).to.equal(0);
    const lines = narrow.stdout.replace(/\r/g, "").split("\n");
    const table = lines.slice(lines.findIndex((l) => l.startsWith("User principal name")));
    expect(table.length).to.be.above(fixture.users!.length);
    expect(Math.max(...table.map((l) => l.length))).to.be.at.most(100);
    expect(narrow.stdout).to.match(/The table is cut to fit 100 columns, without Display name.*--wide shows every column/);
    const wide = await onTerminal(["--quiet", "--wide", ...connect().args], 100);
    const wideLines = wide.stdout.replace(/\r/g, "").split("\n");
    expect(wideLines.find((l) => l.startsWith("User principal name"))).to.include("Display name").and.include("Excluded from");
    expect(wide.stdout).to.not.include("The table is cut");
    const piped = await spawned(process.execPath, [CLI, "status", "--quiet", ...connect().args], connect().env);
    expect(piped.stdout).to.not.include("The table is cut");
    expect(Math.max(...piped.stdout.split("\n").filter((l) => /^(user|guest)\d/.test(l)).map((l) => l.length))).to.be.above(100).and.at.most(TERMINAL_TABLE_WIDTH);
  });

  it("--out over an existing file that others could read leaves it readable by its owner only", async () => {
    const out = join(dir, "existing.csv");
    await writeFile(out, "old contents\n");
    await chmod(out, 0o644);
    const { args, env } = connect();
    const r = await spawned(process.execPath, [CLI, "status", "--csv", "--quiet", "--out", out, ...args], env);
    expect(r.code, r.stderr).to.equal(0);
    expect((await stat(out)).mode & 0o777).to.equal(0o600);
    expect(await readFile(out, "utf8")).to.match(/^User id,/);
  });
});
