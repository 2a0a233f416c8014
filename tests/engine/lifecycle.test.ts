// The engine double through one stack's life with the toy program: preview, up, up again, changes, refresh, destroy.
import { expect } from "chai";
import { EngineResult, UNKNOWN, isSecret, reveal } from "./index";
import { COUNTER, RECORD, ToyWorkspace, callIndex, methodsCalled, resource } from "./toy-workspace";

const dynamicNames = ["base", "derived", "vault", "sealed", "slotted", "rolling", "counter", "member", "extra"];

describe("engine double: a stack's lifecycle with toy dynamic resources", () => {
  const ws = new ToyWorkspace();
  let preview: EngineResult;
  let first: EngineResult;
  let second: EngineResult;
  let changed: EngineResult;
  let cloudAfterPreview: object;

  before(async () => {
    preview = await ws.run("preview", { withExtra: true });
    cloudAfterPreview = ws.cloud().records;
    first = await ws.run("up", { withExtra: true });
    second = await ws.run("up", { withExtra: true });
  });
  after(() => ws.remove());

  describe("preview", () => {
    it("makes no Create, Update or Delete call and writes nothing", () => {
      expect(preview.ok, preview.stdout).to.equal(true);
      expect([...methodsCalled(preview.calls)]).to.have.members(["Configure", "Check"]);
      expect(cloudAfterPreview).to.deep.equal({});
      expect(preview.stateFileText).to.equal("");
    });

    it("reports every resource as a planned create", () => {
      expect(preview.steps.filter((s) => s.op !== "create")).to.deep.equal([]);
      expect(preview.steps.map((s) => s.name)).to.include.members([...dynamicNames, "pilot", "bundle"]);
      expect(preview.stdout).to.match(/Resources: 12 to create/);
    });

    it("sends the unknown sentinel where an input comes from a resource not created yet", () => {
      const check = preview.calls[callIndex(preview.calls, "Check", "derived")]!;
      expect(check.sent?.value).to.equal(UNKNOWN);
      expect(preview.outputs.baseId).to.equal(UNKNOWN);
      expect(preview.stdout).to.match(/baseId: \[unknown\]/);
    });
  });

  describe("first up", () => {
    it("configures the provider first with the whole namespaced config, secrets decrypted", () => {
      expect(first.calls[0]!.method).to.equal("Configure");
      expect(first.calls[0]!.sent).to.include({ "toy-app:apiToken": ws.apiToken, "toy-app:baseValue": "one" });
    });

    it("creates a resource before checking the resource its output feeds", () => {
      expect(first.ok, first.stdout).to.equal(true);
      expect(callIndex(first.calls, "Create", "base")).to.be.lessThan(callIndex(first.calls, "Check", "derived"));
      const baseId = resource(first, "base").id;
      expect(first.calls[callIndex(first.calls, "Check", "derived")]!.sent?.value).to.equal(`from ${baseId}`);
      expect(first.outputs).to.include({ baseId, derivedValue: `from ${baseId}` });
      expect(ws.cloud().records[baseId!]?.value).to.equal("one");
    });

    it("captures each registration with its options as the program made it", () => {
      const slotted = first.registrations.find((r) => r.name === "slotted")!;
      expect(slotted).to.include({ type: RECORD, deleteBeforeReplace: true, custom: true });
      expect(slotted.inputs).to.include({ key: "slotted-1", slot: "the-only-slot" });
      expect(slotted.inputs.__provider).to.be.a("string");
      expect(isSecret(first.registrations.find((r) => r.name === "vault")!.inputs.secretValue)).to.equal(true);
    });

    it("works on independent resources at once, as the engine does by default", () => {
      const firstCreate = first.calls.findIndex((c) => c.method === "Create");
      expect(first.calls.slice(0, firstCreate).filter((c) => c.method === "Check").length).to.be.greaterThan(1);
    });

    it("records every resource with its id, parent and dependencies", () => {
      expect(first.counts.create).to.equal(12);
      for (const name of dynamicNames) expect(resource(first, name).id, name).to.be.a("string").and.not.equal("");
      expect(resource(first, "member").parent).to.equal(resource(first, "bundle").urn);
      expect(resource(first, "extra").dependencies).to.include(resource(first, "base").urn);
    });

    it("passes the provider's console output through to the diagnostics", () => {
      expect(first.diagnostics).to.include(`toy cloud: counter ${resource(first, "counter").id} starts at 1`);
      expect(first.stdout).to.include("Diagnostics:");
    });

    it("gives a non-dynamic resource a deterministic fake id and outputs", () => {
      const pilot = resource(first, "pilot");
      expect(pilot.outputs.objectId).to.equal(pilot.id);
      expect(pilot.outputs.displayName).to.equal("Pilot");
      expect(first.outputs.groupObjectId).to.equal(pilot.id);
      expect(resource(first, "member").inputs.value).to.equal(pilot.id);
    });
  });

  describe("secrets", () => {
    it("keeps a secret input out of the state file and the printed summary", () => {
      expect(ws.stateFileText()).not.to.include(ws.vaultSecret);
      expect(ws.stateFileText()).not.to.include(ws.apiToken);
      expect(first.stdout).not.to.include(ws.vaultSecret);
      expect(first.stdout).to.match(/vaultSecret: \[secret\]/);
    });

    it("hands the provider the plain value and marks the matching output secret", () => {
      const vault = resource(first, "vault");
      expect(ws.cloud().records[vault.id!]?.secretValue).to.equal(ws.vaultSecret);
      expect(isSecret(vault.inputs.secretValue)).to.equal(true);
      expect(isSecret(vault.outputs.secretValue)).to.equal(true);
      expect(reveal(vault.outputs.secretValue!)).to.equal(ws.vaultSecret);
      expect(isSecret(vault.outputs.revision)).to.equal(true, "additionalSecretOutputs");
      expect(isSecret(vault.outputs.value)).to.equal(false);
      expect(first.secretOutputs).to.deep.equal(["vaultSecret"]);
      expect(first.outputs.vaultSecret).to.equal(ws.vaultSecret);
    });

    it("stores __provider secret only when the SDK marked it so", () => {
      expect(isSecret(resource(first, "sealed").inputs.__provider)).to.equal(true);
      expect(isSecret(resource(first, "sealed").outputs.__provider)).to.equal(true);
      expect(isSecret(resource(first, "base").inputs.__provider)).to.equal(false);
      expect(first.providerSizes[resource(first, "base").urn]).to.be.greaterThan(0);
    });
  });

  describe("second up with nothing changed", () => {
    it("reports no change, diffs every dynamic resource, and creates or updates nothing", () => {
      expect(second.ok, second.stdout).to.equal(true);
      expect(second.steps.filter((s) => s.op !== "same")).to.deep.equal([]);
      expect(methodsCalled(second.calls)).not.to.include.any.members(["Create", "Update", "Delete"]);
      for (const name of dynamicNames) expect(callIndex(second.calls, "Diff", name), name).to.be.at.least(0);
    });

    it("serializes the same __provider text, so the engine sees no __provider diff", () => {
      expect(second.steps.filter((s) => s.providerChanged)).to.deep.equal([]);
      expect(second.providerSizes).to.deep.equal(first.providerSizes);
      expect(reveal(resource(second, "counter").inputs.__provider!)).to.equal(reveal(resource(first, "counter").inputs.__provider!));
    });
  });

  describe("up after the program changed", () => {
    before(async () => {
      changed = await ws.run("up", { baseValue: "two", counterStart: 5, slottedKey: "slotted-2", rollingKey: "rolling-2", vaultNote: "ignored" });
    });

    it("updates in place, naming the changed property (provider diff and engine diff alike)", () => {
      expect(changed.ok, changed.stdout).to.equal(true);
      const step = (name: string) => changed.steps.find((s) => s.name === name)!;
      expect(step("base")).to.include({ op: "update" }).and.to.have.deep.property("diffs", ["value"]);
      expect(step("counter")).to.include({ op: "update", type: COUNTER }).and.to.have.deep.property("diffs", ["start"]);
      expect(step("derived").op).to.equal("same");
      expect(changed.stdout).to.match(/base\s+updated \[diff: ~value\]/);
      expect(ws.cloud().records[resource(changed, "base").id!]?.value).to.equal("two");
    });

    it("deletes before creating a replacement marked deleteBeforeReplace, and creates first otherwise", () => {
      const step = (name: string) => changed.steps.find((s) => s.name === name)!;
      expect(step("slotted")).to.include({ op: "replace", type: RECORD });
      expect(step("rolling").op).to.equal("replace");
      // The replacement's inputs are checked a second time, as a new resource's.
      expect(changed.calls.filter((c) => c.method === "Check" && c.urn?.endsWith("::slotted"))).to.have.length(2);
      expect(callIndex(changed.calls, "Delete", "slotted")).to.be.lessThan(callIndex(changed.calls, "Create", "slotted"));
      expect(callIndex(changed.calls, "Create", "rolling")).to.be.lessThan(callIndex(changed.calls, "Delete", "rolling"));
      expect(changed.stdout).to.match(/\+- pulumi-nodejs:dynamic\/toys:Record\s+slotted\s+replaced \[diff: ~key\]/);
      const keys = Object.values(ws.cloud().records).map((r) => r.key);
      expect(keys).to.include.members(["slotted-2", "rolling-2"]).and.not.include.members(["slotted-1", "rolling-1"]);
    });

    it("keeps the old value of an input named in ignoreChanges", () => {
      expect(changed.registrations.find((r) => r.name === "vault")?.inputs.note).to.equal("ignored");
      expect(changed.steps.find((s) => s.name === "vault")?.op).to.equal("same");
      expect(resource(changed, "vault").inputs).not.to.have.property("note");
    });

    it("deletes a resource the program no longer declares", () => {
      expect(changed.steps.find((s) => s.name === "extra")?.op).to.equal("delete");
      expect(changed.state.resources.map((r) => r.name)).not.to.include("extra");
      expect(changed.counts).to.include({ update: 2, replace: 2, delete: 1 });
      expect(changed.stdout).to.match(/Resources: 2 updated, 2 replaced, 1 deleted, 7 unchanged/);
    });
  });

  describe("refresh", () => {
    let refreshed: EngineResult;
    let reapplied: EngineResult;
    before(async () => {
      const baseId = resource(changed, "base").id!;
      const derivedId = resource(changed, "derived").id!;
      ws.editCloud((cloud) => {
        cloud.records[baseId]!.value = "changed out of band";
        delete cloud.records[derivedId];
      });
      refreshed = await ws.run("refresh");
      reapplied = await ws.run("up", { baseValue: "two", counterStart: 5, slottedKey: "slotted-2", rollingKey: "rolling-2" });
    });

    it("reads each dynamic resource and reports the drift it finds", () => {
      expect(refreshed.ok, refreshed.stdout).to.equal(true);
      expect(refreshed.calls.filter((c) => c.method === "Read").length).to.equal(dynamicNames.length - 1);
      expect(refreshed.steps.find((s) => s.name === "base")).to.include({ op: "update" }).and.to.have.deep.property("diffs", ["value"]);
      expect(resource(refreshed, "base").outputs.value).to.equal("changed out of band");
      expect(resource(refreshed, "base").inputs.value).to.equal("changed out of band");
    });

    it("drops from state a resource whose read returns no id", () => {
      expect(refreshed.steps.find((s) => s.name === "derived")?.op).to.equal("delete");
      expect(refreshed.state.resources.map((r) => r.name)).not.to.include("derived");
    });

    it("lets the next up restore both, from the inputs the read returned", () => {
      expect(reapplied.ok, reapplied.stdout).to.equal(true);
      expect(reapplied.steps.find((s) => s.name === "derived")?.op).to.equal("create");
      expect(reapplied.steps.find((s) => s.name === "base")).to.include({ op: "update" }).and.to.have.deep.property("diffs", ["value"]);
      expect(ws.cloud().records[resource(reapplied, "base").id!]?.value).to.equal("two");
    });
  });

  describe("destroy", () => {
    let destroyed: EngineResult;
    before(async () => {
      destroyed = await ws.run("destroy");
    });

    it("deletes dependents before what they depend on", () => {
      expect(destroyed.ok, destroyed.stdout).to.equal(true);
      expect(callIndex(destroyed.calls, "Delete", "derived")).to.be.lessThan(callIndex(destroyed.calls, "Delete", "base"));
      expect(destroyed.steps.findIndex((s) => s.name === "member")).to.be.lessThan(destroyed.steps.findIndex((s) => s.name === "bundle"));
      expect(destroyed.steps.at(-1)?.type).to.equal("pulumi:pulumi:Stack");
    });

    it("leaves an empty state and an empty toy cloud", () => {
      expect(destroyed.state.resources).to.deep.equal([]);
      expect(ws.cloud().records).to.deep.equal({});
      expect(ws.cloud().counters).to.deep.equal({});
    });
  });
});
