// Finding the project, its compiled program and its layered stack config.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProject, loadStackConfig } from "./project";
import { TOY_APP_COMPILED, TOY_APP_SOURCE } from "./toy-workspace";

describe("engine double: projects and stack config", () => {
  const dir = mkdtempSync(join(tmpdir(), "engine-double-project-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("maps a program's source directory and its compiled directory to the same project", () => {
    const fromSource = loadProject(TOY_APP_SOURCE);
    const fromCompiled = loadProject(TOY_APP_COMPILED);
    expect(fromSource).to.deep.equal(fromCompiled);
    expect(fromSource).to.deep.equal({ name: "toy-app", root: TOY_APP_SOURCE, entry: join(TOY_APP_COMPILED, "index.js") });
  });

  it("follows Pulumi.yaml's main to the program, keeping the project directory as the root", () => {
    const withMain = join(TOY_APP_SOURCE, "../toy-main");
    expect(loadProject(withMain)).to.deep.equal({ name: "toy-main", root: withMain, entry: join(TOY_APP_COMPILED, "index.js") });
  });

  it("layers Pulumi.yaml, the config file and explicit values, namespacing bare keys and marking secure ones", () => {
    const file = join(dir, "stack.yaml");
    writeFileSync(file, "config:\n  baseValue: from-file\n  toy-app:list: [a, b]\n  other:token:\n    secure: s3cret\n");
    const config = loadStackConfig(loadProject(TOY_APP_SOURCE), "dev", file, { count: 3 });
    expect(config.values).to.deep.equal({
      "toy-app:baseValue": "from-file",
      "toy-app:list": '["a","b"]',
      "other:token": "s3cret",
      "toy-app:count": "3",
    });
    expect(config.secretKeys).to.deep.equal(["other:token"]);
  });

  it("takes Pulumi.yaml's value when nothing overrides it", () => {
    expect(loadStackConfig(loadProject(TOY_APP_SOURCE), "dev", undefined).values).to.deep.equal({ "toy-app:baseValue": "one" });
  });
});
