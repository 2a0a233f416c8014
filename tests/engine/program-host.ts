// Runs one Pulumi program under a mock resource monitor whose every registration is answered by the engine double
// (the parent process, over IPC). Started by program-runner.ts; not for direct use.
import { dirname, join } from "node:path";
import type { MockMonitor as SdkMockMonitor, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { EngineReply, HostMessage, HostStart, Registration } from "./host-protocol";
import { PropertyMap } from "./values";

const start = JSON.parse(process.argv[2]!) as HostStart;
// The program must share the one @pulumi/pulumi instance it resolves itself, or the mocks would not apply to it.
const pulumiRoot = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dirname(start.entry)] }));
const sdk = (path: string) => require(join(pulumiRoot, path));
const { MockMonitor, setMocks } = sdk("runtime/mocks") as {
  MockMonitor: typeof SdkMockMonitor;
  setMocks: (mocks: Mocks, project: string, stack: string, preview: boolean) => Promise<void>;
};
const settings = sdk("runtime/settings");
const { getStore } = sdk("runtime/state");
const { runInPulumiStack } = sdk("runtime/stack");
const resproto = sdk("proto/resource_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiRoot] }));

const pending = new Map<number, (reply: EngineReply) => void>();
let nextSeq = 0;
process.on("message", (reply: EngineReply) => {
  pending.get(reply.seq)?.(reply);
  pending.delete(reply.seq);
});

function send(message: HostMessage): void {
  process.send!(message);
}

function register(registration: Registration): Promise<EngineReply> {
  const seq = nextSeq++;
  return new Promise((resolveReply) => {
    pending.set(seq, resolveReply);
    send({ kind: "register", seq, registration });
  });
}

function registrationOf(req: any): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps: any, key: string) => (propertyDependencies[key] = deps.getUrnsList()));
  return {
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent(),
    custom: req.getCustom(),
    inputs: req.getObject()?.toJavaScript() ?? {},
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    provider: req.getProvider(),
    protect: req.getProtect() === true,
    deleteBeforeReplace: req.getDeletebeforereplace(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    importId: req.getImportid(),
  };
}

/** Keeps what the stock MockMonitor drops (secretness, dependencies, options) by reading the raw request. */
class EngineMonitor extends MockMonitor {
  override async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    const reply = await register(registrationOf(req));
    if ("error" in reply) return callback(new Error(reply.error), undefined);
    const response = new resproto.RegisterResourceResponse();
    response.setUrn(reply.urn);
    response.setId(reply.id);
    response.setObject(Struct.fromJavaScript(reply.outputs));
    callback(null, response);
  }

  override registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void {
    send({ kind: "outputs", urn: req.getUrn(), outputs: (req.getOutputs()?.toJavaScript() ?? {}) as PropertyMap });
    callback(null, {});
  }

  override async readResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    callback(new Error(`the engine double does not support reading existing resources (${req.getType()} ${req.getName()})`), undefined);
  }
}

async function useEngineMonitor(): Promise<void> {
  // setMocks turns on the monitor features the SDK needs (secrets, resource references); keep them for our monitor.
  const unused: Mocks = {
    newResource: () => Promise.reject(new Error("unused")),
    call: () => Promise.reject(new Error("the engine double does not support invokes")),
  };
  await setMocks(unused, start.project, start.stack, start.preview);
  const features = Object.fromEntries(Object.entries(getStore()).filter(([key]) => key.startsWith("supports")));
  settings.setMockOptions(new EngineMonitor(unused), start.project, start.stack, start.preview);
  Object.assign(getStore(), features);
}

// A failing program often reports one error twice (rejected stack, then unhandled rejection): keep it once.
const programErrors = new Set<string>();
const describe = (err: unknown) => (err instanceof Error ? err.stack ?? err.message : String(err));
process.on("unhandledRejection", (err) => programErrors.add(describe(err)));
process.on("uncaughtException", (err) => programErrors.add(describe(err)));

async function main(): Promise<void> {
  try {
    await useEngineMonitor();
    await runInPulumiStack(async () => {
      const mod = require(start.entry);
      const main = typeof mod === "function" ? mod : mod?.__esModule && typeof mod.default === "function" ? mod.default : undefined;
      return main ? await main() : mod;
    });
    await settings.waitForRPCs();
  } catch (err) {
    programErrors.add(describe(err));
  }
  // Let pending rejections surface before reporting.
  await new Promise((r) => setImmediate(r));
  const message: HostMessage = programErrors.size ? { kind: "done", error: [...programErrors].join("\n") } : { kind: "done" };
  process.send!(message, () => process.exit(0));
}

void main();
