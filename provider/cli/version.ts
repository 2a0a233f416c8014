import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The installed package's version: dist/provider/cli/ is three levels below the package root. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { version: string }).version;
}
