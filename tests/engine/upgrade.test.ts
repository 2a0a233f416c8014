// The upgrade simulation: the same program, with a newer version of the library visible to the provider.
import { expect } from "chai";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { EngineResult, reveal, stagePackageCopy } from "./index";
import { ToyWorkspace, methodsCalled, resource } from "./toy-workspace";

describe("engine double: a newer library version", () => {
  const ws = new ToyWorkspace();
  let v1: EngineResult;
  let v2: EngineResult;
  let refreshed: EngineResult;
  let reflavoured: EngineResult;

  before(async () => {
    v1 = await ws.run("up", {}, "v1");
    v2 = await ws.run("up", {}, "v2", 1);
    refreshed = await ws.run("refresh", {}, "v2");
    reflavoured = await ws.run("up", { providerFlavour: "changed" }, "v2");
  });
  after(() => ws.remove());

  it("causes no diff: the serialized shim is unchanged", () => {
    expect(v1.ok && v2.ok, v2.stdout).to.equal(true);
    expect(v2.steps.filter((s) => s.op !== "same")).to.deep.equal([]);
    expect(methodsCalled(v2.calls)).not.to.include.any.members(["Create", "Update", "Delete"]);
    expect(v2.providerSizes).to.deep.equal(v1.providerSizes);
    expect(v2.steps.filter((s) => s.providerChanged)).to.deep.equal([]);
  });

  it("handles one registration at a time with parallel 1: each Check is followed by its Diff", () => {
    const crud = v2.calls.filter((c) => c.method !== "Configure");
    crud.forEach((call, i) => expect(call.method).to.equal(i % 2 === 0 ? "Check" : "Diff"));
    crud.forEach((call, i) => expect(call.urn).to.equal(crud[i - (i % 2)]!.urn));
  });

  it("runs the newer code in the provider process", () => {
    expect(resource(v1, "base").outputs.implVersion).to.equal(1);
    expect(resource(refreshed, "base").outputs.implVersion).to.equal(2);
    expect(refreshed.steps.find((s) => s.name === "base")?.diffs).to.deep.equal(["implVersion"]);
  });
  it("contrasts with a changed __provider text: hidden by a diff that says no change, an update without one", () => {
    expect(reflavoured.ok, reflavoured.stdout).to.equal(true);
    const step = (name: string) => reflavoured.steps.find((s) => s.name === name)!;
    expect(step("base")).to.include({ op: "same", providerChanged: true });
    const base = resource(reflavoured, "base");
    expect(reveal(base.inputs.__provider!)).not.to.equal(reveal(base.outputs.__provider!));
    expect(step("counter")).to.include({ op: "update", providerChanged: true }).and.to.have.deep.property("diffs", ["__provider"]);
    expect(reflavoured.stdout).to.match(/counter\s+updated \[diff: ~__provider\]/);
    expect(step("derived").providerChanged).to.equal(undefined);
  });
});

describe("engine double: stagePackageCopy", () => {
  it("copies the named paths and package.json with the new version", () => {
    const repo = resolve(__dirname, "../../..");
    const copy = stagePackageCopy(repo, ["dist/tests/engine/fixtures/toys-v2"], "9.9.9");
    try {
      const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
      expect(manifest.version).to.equal("9.9.9");
      expect(manifest.name).to.equal(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).name);
      expect(existsSync(join(copy, "dist/tests/engine/fixtures/toys-v2/index.js"))).to.equal(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
