// The state file: one JSON document per stack, kept between commands. Secret values are sealed with AES-256-GCM under
// a random key kept in `<state file>.key` (created on first write), stored as the engine's secret signature plus a
// ciphertext, so no secret is ever written in plain text.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Json, PropertyMap, SECRET_SIG, SIG_KEY, isSecret } from "./values";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id?: string;
  parent?: string;
  /** The provider reference (`urn::id`) the program asked for; empty for the default provider. */
  provider?: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect?: boolean;
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs?: string[];
  /** An old copy that a create-before-delete replacement left to be deleted at the end of a deployment. */
  pendingDelete?: boolean;
}

/** The stack's exports are the outputs of its `pulumi:pulumi:Stack` resource, as in Pulumi's own state. */
export interface StackState {
  project: string;
  stack: string;
  resources: ResourceState[];
}

interface StateFile extends StackState {
  engine: string;
  version: 1;
}

const ENGINE = "pulumi-entra-mfa engine double (a test double of the Pulumi engine, not Pulumi)";

function emptyState(project: string, stack: string): StackState {
  return { project, stack, resources: [] };
}

export function loadState(path: string, project: string, stack: string): StackState {
  if (!existsSync(path)) return emptyState(project, stack);
  const file = JSON.parse(readFileSync(path, "utf8")) as StateFile;
  if (file.project !== project || file.stack !== stack) {
    throw new Error(`state file ${path} belongs to ${file.project}/${file.stack}, not ${project}/${stack}`);
  }
  const key = stateKey(path);
  const open = (value: Json): Json => transform(value, (sealed) => unseal(sealed, key));
  return {
    project,
    stack,
    resources: file.resources.map((r) => ({
      ...r,
      inputs: open(r.inputs) as PropertyMap,
      outputs: open(r.outputs) as PropertyMap,
    })),
  };
}

export function saveState(path: string, state: StackState): void {
  const key = stateKey(path);
  const seal = (value: Json): Json => transform(value, (secret) => sealValue(secret, key));
  const file: StateFile = {
    engine: ENGINE,
    version: 1,
    project: state.project,
    stack: state.stack,
    resources: state.resources.map((r) => ({
      ...r,
      inputs: seal(r.inputs) as PropertyMap,
      outputs: seal(r.outputs) as PropertyMap,
    })),
  };
  // Written beside and renamed into place, as a checkpoint must be: a process killed mid-write (the killed-run tests
  // do that) leaves the previous state whole, never half a file.
  const partial = `${path}.partial`;
  writeFileSync(partial, JSON.stringify(file, null, 2) + "\n");
  renameSync(partial, path);
}

function stateKey(path: string): Buffer {
  const keyPath = `${path}.key`;
  if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  return Buffer.from(readFileSync(keyPath, "utf8").trim(), "hex");
}

/** Applies `onSecret` to every secret (sealed or open) in `value`, rebuilding the containers around it. */
function transform(value: Json, onSecret: (secret: { [key: string]: Json }) => Json): Json {
  if (isSecret(value)) return onSecret(value);
  if (Array.isArray(value)) return value.map((v) => transform(v, onSecret));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v as Json, onSecret)]));
  }
  return value;
}

function sealValue(secretValue: { [key: string]: Json }, key: Buffer): Json {
  if (typeof secretValue.ciphertext === "string") return secretValue;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(secretValue.value ?? null), "utf8"), cipher.final()]);
  const ciphertext = `v1:${iv.toString("base64")}:${Buffer.concat([body, cipher.getAuthTag()]).toString("base64")}`;
  return { [SIG_KEY]: SECRET_SIG, ciphertext };
}

function unseal(sealed: { [key: string]: Json }, key: Buffer): Json {
  if (typeof sealed.ciphertext !== "string") return sealed;
  const [version, iv, data] = sealed.ciphertext.split(":");
  if (version !== "v1" || !iv || !data) throw new Error("state file holds a secret in an unknown format");
  const bytes = Buffer.from(data, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
  return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(plain.toString("utf8")) as Json };
}
