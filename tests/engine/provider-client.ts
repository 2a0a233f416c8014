// Spawns the real dynamic-provider gRPC server shipped in @pulumi/pulumi and calls it as the engine does.
import { ChildProcess, spawn } from "node:child_process";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { PropertyMap } from "./values";

// The generated protobuf modules have no usable typings here; these are the few members the engine double uses.
interface StructLike {
  toJavaScript(): PropertyMap;
}
interface Message {
  [method: string]: (...args: any[]) => any;
}
type ProviderClient = Record<string, Function> & { close(): void };
interface ProtoModules {
  provider: Record<string, new () => Message> & { ErrorResourceInitFailed: { deserializeBinary(b: Uint8Array): Message } };
  status: { Status: { deserializeBinary(b: Uint8Array): Message } };
  Struct: { fromJavaScript(value: PropertyMap): unknown };
  Client: new (address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions) => ProviderClient;
}

function loadProtos(): ProtoModules {
  const pulumiRoot = dirname(require.resolve("@pulumi/pulumi/package.json"));
  return {
    provider: require("@pulumi/pulumi/proto/provider_pb"),
    status: require("@pulumi/pulumi/proto/status_pb"),
    // Messages must be built with the google-protobuf copy that @pulumi/pulumi's generated code uses.
    Struct: require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiRoot] })).Struct,
    Client: require("@pulumi/pulumi/proto/provider_grpc_pb").ResourceProviderClient,
  };
}

// The engine accepts messages up to 400 MiB (a large `__provider` closure must not fail here when it would not there).
const MAX_MESSAGE = 400 * 1024 * 1024;
const MESSAGE_LIMITS: grpc.ClientOptions = { "grpc.max_receive_message_length": MAX_MESSAGE, "grpc.max_send_message_length": MAX_MESSAGE };

export type ProviderMethod = "Configure" | "Check" | "Diff" | "Create" | "Read" | "Update" | "Delete";

/** One gRPC call made to the provider server, for tests that assert on the engine's call order. */
export interface ProviderCall {
  method: ProviderMethod;
  urn?: string;
  /** What was sent: the config for Configure, news for Check/Diff/Update, properties for Create/Read/Delete. */
  sent?: PropertyMap;
}

export type DiffChanges = "unknown" | "none" | "some";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** An error the provider returned; `partial` is set when a create/update failed after the object came to exist. */
export class ProviderError extends Error {
  constructor(
    readonly method: ProviderMethod,
    message: string,
    readonly partial?: { id: string; properties: PropertyMap; reasons: string[] },
  ) {
    super(message);
  }
}

export interface ServerOptions {
  cwd: string;
  project: string;
  env: NodeJS.ProcessEnv;
  /** Extra node flags for the server process (e.g. `--require` of the package-override hook). */
  nodeArgs: string[];
}

export class ProviderServer {
  readonly calls: ProviderCall[] = [];
  private consoleText = "";

  /** Resolves once the server listens (and, after `configure`, once it is configured). */
  private ready: Promise<ProviderClient>;
  private readonly protos = loadProtos();
  private readonly child: ChildProcess;
  /** Settles when the process has exited and its output has been read to the end. */
  private readonly closed: Promise<unknown>;

  /** Spawns the server; calls made before it listens wait for it, so the program can start at the same time. */
  constructor(options: ServerOptions) {
    const server = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [options.cwd] });
    this.child = spawn(process.execPath, [...options.nodeArgs, server, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: { ...options.env, PULUMI_NODEJS_PROJECT: options.project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.closed = new Promise((done) => this.child.once("close", done));
    this.child.stderr?.on("data", (chunk: Buffer) => (this.consoleText += chunk.toString("utf8")));
    this.ready = new Promise<string>((resolvePort, reject) => {
      // The first line is the port; later lines are the provider's own console output, passed through as Pulumi does.
      let port: string | undefined;
      createInterface({ input: this.child.stdout! }).on("line", (line) => {
        if (port === undefined) resolvePort((port = line.trim()));
        else this.consoleText += `${line}\n`;
      });
      this.child.once("exit", (code) => reject(new Error(`the dynamic-provider server exited (code ${code}) before listening; its stderr is in the diagnostics`)));
      this.child.once("error", reject);
    }).then((port) => new this.protos.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), MESSAGE_LIMITS));
    this.ready.catch(() => undefined);
  }

  /** What the provider process printed (the server logs provider errors and their stacks to stderr). */
  get console(): string {
    return this.consoleText;
  }

  async stop(): Promise<void> {
    const client = await this.ready.catch(() => undefined);
    client?.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.closed;
  }

  /**
   * The whole stack config with namespaced keys, secrets decrypted (what the engine gives dynamic providers). Every
   * later call waits for it, as the engine configures a provider before using it.
   */
  configure(config: Record<string, string>): Promise<void> {
    const req = this.message("ConfigureRequest");
    req.setArgs(this.struct(config));
    const variables = req.getVariablesMap();
    for (const [key, value] of Object.entries(config)) variables.set(key, value);
    const configured = this.call("Configure", req, undefined, config);
    const listening = this.ready;
    this.ready = configured.then(() => listening);
    this.ready.catch(() => undefined);
    return configured.then(() => undefined);
  }

  async check(urn: string, type: string, name: string, olds: PropertyMap, news: PropertyMap) {
    const req = this.message("CheckRequest");
    req.setUrn(urn);
    req.setType(type);
    req.setName(name);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    const resp = await this.call("Check", req, urn, news);
    return {
      inputs: (resp.getInputs() as StructLike | undefined)?.toJavaScript() ?? {},
      failures: (resp.getFailuresList() as Message[]).map((f) => ({ property: f.getProperty() as string, reason: f.getReason() as string })),
    };
  }

  async diff(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs: PropertyMap, ignoreChanges: string[]): Promise<DiffResult> {
    const req = this.message("DiffRequest");
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(this.struct(oldOutputs));
    req.setNews(this.struct(news));
    req.setOldInputs(this.struct(oldInputs));
    req.setIgnorechangesList(ignoreChanges);
    const resp = await this.call("Diff", req, urn, news);
    const changes = resp.getChanges() as number;
    return {
      changes: changes === 2 ? "some" : changes === 1 ? "none" : "unknown",
      replaces: resp.getReplacesList() as string[],
      deleteBeforeReplace: resp.getDeletebeforereplace() as boolean,
    };
  }

  async create(urn: string, properties: PropertyMap): Promise<{ id: string; properties: PropertyMap }> {
    const req = this.message("CreateRequest");
    req.setUrn(urn);
    req.setProperties(this.struct(properties));
    const resp = await this.call("Create", req, urn, properties);
    return { id: resp.getId() as string, properties: this.props(resp) };
  }

  async read(id: string, urn: string, properties: PropertyMap, inputs: PropertyMap) {
    const req = this.message("ReadRequest");
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(this.struct(properties));
    req.setInputs(this.struct(inputs));
    const resp = await this.call("Read", req, urn, properties);
    return {
      id: resp.getId() as string,
      properties: this.props(resp),
      inputs: (resp.getInputs() as StructLike | undefined)?.toJavaScript(),
    };
  }

  async update(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs: PropertyMap): Promise<PropertyMap> {
    const req = this.message("UpdateRequest");
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(this.struct(oldOutputs));
    req.setNews(this.struct(news));
    req.setOldInputs(this.struct(oldInputs));
    return this.props(await this.call("Update", req, urn, news));
  }

  async delete(id: string, urn: string, properties: PropertyMap, oldInputs: PropertyMap): Promise<void> {
    const req = this.message("DeleteRequest");
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(this.struct(properties));
    req.setOldInputs(this.struct(oldInputs));
    await this.call("Delete", req, urn, properties);
  }

  private message(name: string): Message {
    return new this.protos.provider[name]!();
  }

  private struct(value: PropertyMap): unknown {
    return this.protos.Struct.fromJavaScript(value);
  }

  private props(resp: Message): PropertyMap {
    return (resp.getProperties() as StructLike | undefined)?.toJavaScript() ?? {};
  }

  private async call(method: ProviderMethod, req: Message, urn?: string, sent?: PropertyMap): Promise<Message> {
    const client = await this.ready;
    this.calls.push({ method, ...(urn ? { urn } : {}), ...(sent ? { sent } : {}) });
    const rpc = client[method.charAt(0).toLowerCase() + method.slice(1)]!;
    return new Promise((resolveCall, reject) => {
      rpc.call(client, req, (err: grpc.ServiceError | null, resp: Message) => {
        if (err) reject(this.providerError(method, err));
        else resolveCall(resp);
      });
    });
  }

  private providerError(method: ProviderMethod, err: grpc.ServiceError): ProviderError {
    const [details] = err.metadata?.get("grpc-status-details-bin") ?? [];
    if (details instanceof Buffer) {
      const status = this.protos.status.Status.deserializeBinary(details);
      for (const any of status.getDetailsList() as Message[]) {
        if (String(any.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) {
          const failed = this.protos.provider.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
          return new ProviderError(method, err.details, {
            id: failed.getId(),
            properties: (failed.getProperties() as StructLike | undefined)?.toJavaScript() ?? {},
            reasons: failed.getReasonsList(),
          });
        }
      }
    }
    return new ProviderError(method, err.details || err.message);
  }
}
