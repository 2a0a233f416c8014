// Finding a Pulumi project (Pulumi.yaml), its compiled program, and its stack configuration.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import * as yaml from "js-yaml";

export interface Project {
  name: string;
  /** The directory holding Pulumi.yaml: the working directory of the program and of the provider server. */
  root: string;
  /** The compiled JavaScript file to run. */
  entry: string;
}

/** A stack config value: a plain value, or `{ secure: "<plain text>" }` for a secret (the double does no crypto here). */
export type ConfigInput = string | number | boolean | null | object | { secure: string };

export interface StackConfig {
  /** Namespaced keys (`project:key`, `azuread:tenantId`) to string values, secrets in plain text. */
  values: Record<string, string>;
  secretKeys: string[];
}

interface ProjectFile {
  name?: string;
  runtime?: string | { name?: string };
  main?: string;
  config?: Record<string, unknown>;
}

/** Accepts the program's source directory (mapped to its tsc output under dist/) or the compiled directory. */
export function loadProject(programDir: string): Project {
  const given = resolve(programDir);
  const root = projectRoot(given);
  const file = readProjectFile(root);
  if (!file.name) throw new Error(`${join(root, "Pulumi.yaml")} has no name`);
  const runtime = typeof file.runtime === "object" ? file.runtime?.name : file.runtime;
  if (runtime !== "nodejs") throw new Error(`${join(root, "Pulumi.yaml")}: runtime ${runtime} is not nodejs`);
  const base = file.main ? resolve(root, file.main) : given;
  return { name: file.name, root, entry: compiledEntry(base) };
}

function readProjectFile(root: string): ProjectFile {
  return (yaml.load(readFileSync(join(root, "Pulumi.yaml"), "utf8")) ?? {}) as ProjectFile;
}

function projectRoot(given: string): string {
  const source = sourceOf(given);
  for (const start of source ? [source, given] : [given]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`no Pulumi.yaml in ${given} or above it`);
}

/** The TypeScript root (nearest tsconfig.json) and its outDir, for mapping source paths to compiled ones. */
function typescriptRoot(path: string): { root: string; outDir: string } | undefined {
  for (let dir = path; dirname(dir) !== dir; dir = dirname(dir)) {
    const tsconfig = join(dir, "tsconfig.json");
    if (existsSync(tsconfig)) {
      const outDir = /"outDir"\s*:\s*"([^"]+)"/.exec(readFileSync(tsconfig, "utf8"))?.[1] ?? "dist";
      return { root: dir, outDir: resolve(dir, outDir) };
    }
  }
  return undefined;
}

function sourceOf(compiled: string): string | undefined {
  const ts = typescriptRoot(compiled);
  if (!ts || !(compiled + sep).startsWith(ts.outDir + sep)) return undefined;
  return join(ts.root, relative(ts.outDir, compiled));
}

function compiledOf(source: string): string {
  const ts = typescriptRoot(source);
  if (!ts) throw new Error(`${source} is TypeScript but no tsconfig.json was found above it`);
  return join(ts.outDir, relative(ts.root, source));
}

function compiledEntry(base: string): string {
  if (existsSync(base) && statSync(base).isFile()) {
    return extname(base) === ".ts" ? compiledOf(base).replace(/\.ts$/, ".js") : base;
  }
  const candidates = [join(base, "index.js"), join(compiledOf(base), "index.js")];
  const entry = candidates.find((c) => existsSync(c));
  if (!entry) throw new Error(`no compiled program at ${candidates.join(" or ")} (run npx tsc -p . first)`);
  return entry;
}

/**
 * The stack's config, each layer overriding the one before: Pulumi.yaml `config:`, Pulumi.<stack>.yaml `config:`,
 * the `--config` file, then `extra`. Keys without a namespace get the project's; non-string values are stored as
 * JSON text, as Pulumi does for structured config.
 */
export function loadStackConfig(
  project: Project,
  stack: string,
  configFile: string | undefined,
  extra: Record<string, ConfigInput> = {},
): StackConfig {
  const layers: Record<string, unknown>[] = [projectDefaults(readProjectFile(project.root).config ?? {})];
  const stackFile = join(project.root, `Pulumi.${stack}.yaml`);
  if (existsSync(stackFile)) layers.push(configSection(readYaml(stackFile)));
  if (configFile) layers.push(configSection(readYaml(configFile)));
  layers.push(extra);
  const config: StackConfig = { values: {}, secretKeys: [] };
  for (const layer of layers) {
    for (const [rawKey, value] of Object.entries(layer)) {
      const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
      const isSecure = isSecureValue(value);
      config.values[key] = configText(isSecure ? value.secure : value);
      config.secretKeys = config.secretKeys.filter((k) => k !== key);
      if (isSecure) config.secretKeys.push(key);
    }
  }
  return config;
}

function readYaml(path: string): unknown {
  return yaml.load(readFileSync(path, "utf8"));
}

function configSection(doc: unknown): Record<string, unknown> {
  const record = (doc ?? {}) as Record<string, unknown>;
  return (typeof record.config === "object" && record.config !== null ? record.config : record) as Record<string, unknown>;
}

/** Project-level config may declare `{ type, default }` instead of a value. */
function projectDefaults(config: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const declared = value as { type?: unknown; default?: unknown; value?: unknown } | null;
    if (declared && typeof declared === "object" && !Array.isArray(declared) && ("type" in declared || "default" in declared || "value" in declared)) {
      const chosen = declared.value ?? declared.default;
      if (chosen !== undefined) values[key] = chosen;
    } else {
      values[key] = value;
    }
  }
  return values;
}

function isSecureValue(value: unknown): value is { secure: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).join() === "secure";
}

function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
