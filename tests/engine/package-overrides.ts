// Preloaded (`node --require`) into the provider server and the program process when a run asks for package
// overrides: resolves the named packages from the given directories, as if those were installed in node_modules.
// A test uses it to make a different version of a library visible (the upgrade simulation). Modules inside an
// overriding directory resolve their own dependencies from the project, as an installed copy would.
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";

export const PACKAGES_ENV = "ENGINE_DOUBLE_PACKAGES";
export const FALLBACK_ENV = "ENGINE_DOUBLE_PACKAGES_FALLBACK";

/** The node_modules-shaped directory that holds a link per overridden package. */
function linkFarm(packages: Record<string, string>): string {
  const farm = join(tmpdir(), `engine-double-packages-${createHash("sha256").update(JSON.stringify(packages)).digest("hex").slice(0, 16)}`);
  for (const [name, dir] of Object.entries(packages)) {
    const link = join(farm, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    try {
      symlinkSync(dir, link, "dir");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return farm;
}

function install(packages: Record<string, string>, fallback: string): void {
  const Module = require("node:module");
  const farm = linkFarm(packages);
  const names = Object.keys(packages);
  const overridden = Object.values(packages).map((dir) => realpathSync(dir) + sep);
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request: string, parent: { filename?: string } | undefined, isMain: boolean, options?: object) {
    if (names.some((name) => request === name || request.startsWith(`${name}/`))) {
      // No parent: Node would otherwise let a module inside a package resolve the package's own name to itself.
      return original.call(this, request, null, isMain, { paths: [farm] });
    }
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (err) {
      const from = parent?.filename;
      if (from && overridden.some((dir) => from.startsWith(dir))) {
        return original.call(this, request, parent, isMain, { paths: [fallback] });
      }
      throw err;
    }
  };
}

const requested = process.env[PACKAGES_ENV];
if (requested) install(JSON.parse(requested) as Record<string, string>, process.env[FALLBACK_ENV] ?? process.cwd());
