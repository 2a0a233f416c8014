// Stages a copy of an npm package (as a newer version would be installed) for the upgrade simulation.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Copies `paths` (relative to `from`, e.g. ["dist/provider"]) and package.json into a new temporary directory, with
 * package.json's version replaced; pass the result to `runEngine`'s `packages`.
 */
export function stagePackageCopy(from: string, paths: string[], version: string): string {
  const dir = mkdtempSync(join(tmpdir(), "engine-double-package-"));
  const manifest = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as { version?: string };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, version }, null, 2));
  for (const path of paths) cpSync(join(from, path), join(dir, path), { recursive: true });
  return dir;
}
