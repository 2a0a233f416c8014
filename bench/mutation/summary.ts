// After `npm run mutation`: the score per file over the mutants that type-check, the surviving mutants, and which
// of them the equivalent-mutants list explains. Reads Stryker's JSON report; prints figures, asserts nothing.

import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: "Killed" | "Survived" | "NoCoverage" | "CompileError" | "RuntimeError" | "Timeout" | "Ignored" | "Pending";
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const here = join(__dirname, "..", "..", "..", "bench", "mutation");
const TARGET = 90;

/** `file:line:column mutator`, the key the equivalent-mutants list names a mutant by. */
function keyOf(file: string, m: Mutant): string {
  return `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}`;
}

/** Rows of the list's table: `| file:line:column | mutator | replacement | reason |`. */
function equivalents(): Set<string> {
  const text = readFileSync(join(here, "equivalent-mutants.md"), "utf8");
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim().replace(/^`|`$/g, ""));
    if (cells.length >= 5 && /^provider\/.+:\d+:\d+$/.test(cells[1]!)) keys.add(`${cells[1]} ${cells[2]}`);
  }
  return keys;
}

function codeAt(source: string, m: Mutant): string {
  const line = source.split("\n")[m.location.start.line - 1] ?? "";
  return line.trim().slice(0, 110);
}

const report = JSON.parse(readFileSync(join(here, "out", "mutation.json"), "utf8")) as Report;
const listed = equivalents();
const detected = (m: Mutant) => m.status === "Killed" || m.status === "Timeout";
const undetected = (m: Mutant) => m.status === "Survived" || m.status === "NoCoverage";

const rows: string[][] = [["file", "mutants", "type errors", "valid", "killed", "survived", "score", "equivalent", "score w/o equivalent"]];
const unexplained: string[] = [];
const survivorKeys = new Set<string>();
let below = 0;
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const valid = mutants.filter((m) => detected(m) || undetected(m));
  const killed = valid.filter(detected).length;
  const survivors = valid.filter(undetected);
  const equivalent = survivors.filter((m) => listed.has(keyOf(file, m)));
  for (const m of survivors)
    if (!listed.has(keyOf(file, m))) unexplained.push(`  ${keyOf(file, m)} → ${m.replacement ?? ""}   | ${codeAt(source, m)}`);
  for (const m of survivors) survivorKeys.add(keyOf(file, m));
  const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
  const score = valid.length ? (100 * killed) / valid.length : 100;
  if (score < TARGET) below++;
  rows.push([
    file,
    String(mutants.length),
    String(mutants.filter((m) => m.status === "CompileError").length),
    String(valid.length),
    String(killed),
    String(survivors.length),
    pct(killed, valid.length),
    String(equivalent.length),
    pct(killed, valid.length - equivalent.length),
  ]);
}
const all = Object.values(report.files).flatMap((f) => f.mutants);
const validAll = all.filter((m) => detected(m) || undetected(m));
rows.push(["all", String(all.length), String(all.filter((m) => m.status === "CompileError").length), String(validAll.length), String(validAll.filter(detected).length), String(validAll.filter(undetected).length), `${((100 * validAll.filter(detected).length) / validAll.length).toFixed(1)}%`, "", ""]);

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
console.log(`\n${below} file(s) below ${TARGET}% of type-valid mutants killed.`);
console.log(unexplained.length ? `\nSurviving mutants not in equivalent-mutants.md (${unexplained.length}):\n${unexplained.join("\n")}` : "\nEvery surviving mutant is listed in equivalent-mutants.md.");
// Only files this run mutated can say a listed mutant no longer survives (`--mutate` may name a few).
const stale = [...listed].filter((k) => !survivorKeys.has(k) && k.split(":")[0]! in report.files);
if (stale.length) console.log(`\nListed in equivalent-mutants.md but no longer surviving there (killed, or the code moved):\n${stale.map((k) => `  ${k}`).join("\n")}`);
