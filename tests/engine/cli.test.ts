// The CLI round trip: up, up, destroy as separate processes sharing one state file.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { TOY_APP_COMPILED, TOY_LIBRARY, ToyWorkspace } from "./toy-workspace";

describe("engine double: the CLI", () => {
  const ws = new ToyWorkspace();
  after(() => ws.remove());

  function engine(command: string, ...extra: string[]) {
    const args = [
      join(__dirname, "cli.js"), command,
      "--program", TOY_APP_COMPILED, "--stack", "dev", "--state", ws.statePath,
      "--config", ws.writeConfigFile(), "--package", `engine-double-toys=${TOY_LIBRARY.v1}`, ...extra,
    ];
    const run = spawnSync(process.execPath, args, { encoding: "utf8" });
    return { code: run.status, out: run.stdout + run.stderr };
  }

  it("runs up, up and destroy as separate commands over one state file", () => {
    const up = engine("up", "--set", "baseNote=from the cli");
    expect(up.code, up.out).to.equal(0);
    expect(up.out).to.match(/Resources: 11 created/).and.match(/vaultSecret: \[secret\]/);
    expect(Object.values(ws.cloud().records).find((r) => r.key === "base")?.note).to.equal("from the cli");

    const again = engine("up", "--set", "baseNote=from the cli");
    expect(again.code, again.out).to.equal(0);
    expect(again.out).to.match(/Resources: 11 unchanged/);

    const destroy = engine("destroy");
    expect(destroy.code, destroy.out).to.equal(0);
    expect(destroy.out).to.match(/Resources: 11 deleted/);
    expect(ws.cloud().records).to.deep.equal({});
  });

  it("exits non-zero and names the resource when the provider fails", () => {
    const failed = engine("up", "--set", "explode=create");
    expect(failed.code).to.equal(1);
    expect(failed.out).to.include("pulumi-nodejs:dynamic/toys:Record (bomb):");
  });

  it("rejects a command line it does not understand", () => {
    const wrong = spawnSync(process.execPath, [join(__dirname, "cli.js"), "apply"], { encoding: "utf8" });
    expect(wrong.status).to.equal(2);
    expect(wrong.stderr).to.match(/usage: engine <preview\|up\|refresh\|destroy>/);
  });
});
