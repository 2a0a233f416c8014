import { parseArgs, type ParseArgsConfig } from "node:util";

/** A command line that cannot be run as written: exit code 2, with the command's usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` with its errors turned into usage errors; no positionals. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `a,b , c` → ["a", "b", "c"]. */
export function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean);
}
