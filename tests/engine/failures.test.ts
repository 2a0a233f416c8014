// Provider errors through the engine double: named, non-zero, and state left consistent.
import { expect } from "chai";
import { EngineResult } from "./index";
import { RECORD, ToyWorkspace, resource } from "./toy-workspace";

describe("engine double: a provider that throws", () => {
  const ws = new ToyWorkspace();
  let failed: EngineResult;
  let partial: EngineResult;
  let updateFailed: EngineResult;
  let recovered: EngineResult;
  let blocked: EngineResult;
  let keysAfterPartial: string[];

  before(async () => {
    failed = await ws.run("up", { explode: "create" });
    partial = await ws.run("up", { explode: "partial" });
    keysAfterPartial = Object.entries(ws.cloud().records).map(([id, r]) => `${id}=${r.key}`);
    updateFailed = await ws.run("up", { explode: "update" });
    recovered = await ws.run("up", { protectBase: true });
    blocked = await ws.run("destroy");
  });
  after(() => ws.remove());

  it("fails the command with an error naming the resource's type and name and the provider's message", () => {
    expect(failed.ok).to.equal(false);
    expect(failed.exitCode).to.equal(1);
    expect(failed.error).to.include({ type: RECORD, name: "bomb", operation: "create" });
    expect(failed.error?.message).to.include("the toy cloud refused record bomb");
    expect(failed.stdout).to.include(`${RECORD} (bomb):`);
    expect(failed.stdout).to.match(/error: create failed: .*the toy cloud refused record bomb/);
    expect(failed.stdout).to.match(/error: up failed/);
  });

  it("does not record a failed create, and keeps what was created before it", () => {
    expect(failed.state.resources.map((r) => r.name)).not.to.include("bomb");
    expect(resource(failed, "base").id).to.be.a("string");
    expect(Object.values(ws.cloud().records).map((r) => r.key)).not.to.include("bomb");
  });

  it("records a resource whose create failed after the object came to exist, with its id", () => {
    expect(partial.ok).to.equal(false);
    expect(partial.error).to.include({ name: "bomb", operation: "create" });
    expect(partial.error?.message).to.include("did not initialise").and.include("initialisation timed out");
    const bomb = resource(partial, "bomb");
    expect(keysAfterPartial).to.include(`${bomb.id}=bomb`);
    expect(bomb.outputs.recordId).to.equal(bomb.id);
  });

  it("keeps the old state of a resource whose update failed", () => {
    expect(updateFailed.ok).to.equal(false);
    expect(updateFailed.error).to.include({ name: "bomb", operation: "update" });
    expect(updateFailed.error?.message).to.include("refused to update");
    expect(resource(updateFailed, "bomb")).to.deep.equal(resource(partial, "bomb"));
  });

  it("lets the next up finish the job: the partial resource is deleted once the program drops it", () => {
    expect(recovered.ok, recovered.stdout).to.equal(true);
    expect(recovered.steps.find((s) => s.name === "bomb")?.op).to.equal("delete");
    expect(Object.values(ws.cloud().records).map((r) => r.key)).not.to.include("bomb");
  });

  it("refuses to destroy a protected resource, after deleting what depends on it, and keeps the rest in state", () => {
    expect(blocked.ok).to.equal(false);
    expect(blocked.error).to.include({ name: "base", operation: "delete" });
    expect(blocked.error?.message).to.include("protected");
    expect(blocked.steps.map((s) => s.name)).to.include("derived");
    expect(blocked.state.resources.map((r) => r.name)).to.include.members(["base", "toy-app-dev"]).and.not.include("derived");
    expect(blocked.stdout).to.match(/error: destroy failed/);
  });
});
