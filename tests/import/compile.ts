// Compiles a generated program the way its project would: its own tsconfig, the library resolved from node_modules
// (this checkout's, whose pulumi-entra-mfa is the checkout itself, types from dist/), nothing emitted.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { projectFiles } from "../../provider/import/project";
import { REPO } from "./snapshots";

/** The compiler's errors, as text; empty when the program compiles (unused names count as errors). */
export function compileErrors(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "entra-mfa-import-tsc-"));
  try {
    const files = projectFiles({ projectName: "p", description: "", source, stackFiles: {}, libraryVersion: "0.0.0" });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), { noEmit: true, noUnusedLocals: true }, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    })!;
    const program = ts.createProgram(config.fileNames, config.options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
      return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
