// The text an engine run prints, in the shape of Pulumi's own.
import { EngineFailure, Operation, ResourceStep } from "./steps";
import { Json, PropertyMap, UNKNOWN, isSecret } from "./values";

export type Command = "preview" | "up" | "refresh" | "destroy";

const SYMBOL: Record<Operation, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: "" };
const PLANNED: Record<Operation, string> = { create: "create", update: "update", replace: "replace", delete: "delete", same: "unchanged" };
const COUNT_PLANNED: Record<Operation, string> = { create: "to create", update: "to update", replace: "to replace", delete: "to delete", same: "unchanged" };
const COUNT_DONE: Record<Operation, string> = { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged" };
const HEADING: Record<Command, string> = { preview: "Previewing update", up: "Updating", refresh: "Refreshing", destroy: "Destroying" };
const ORDER: Operation[] = ["create", "update", "replace", "delete", "same"];

export function countSteps(steps: ResourceStep[]): Record<Operation, number> {
  const counts: Record<Operation, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const s of steps) if (!s.failed) counts[s.op]++;
  return counts;
}

/** Pulumi's `[diff: +added-removed~changed]`. */
function diffLabel(step: ResourceStep): string {
  const d = step.detailedDiff;
  if (!d) return step.diffs.length ? ` [diff: ~${step.diffs.join(",")}]` : "";
  const parts = [["+", d.added], ["-", d.removed], ["~", d.changed]] as const;
  const text = parts.filter(([, names]) => names.length).map(([sign, names]) => sign + names.join(",")).join("");
  return text ? ` [diff: ${text}]` : "";
}

/** An output value for display: secrets as [secret], values not known until the update as [unknown]. */
function display(value: Json): unknown {
  if (isSecret(value)) return "[secret]";
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map(display);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, display(v as Json)]));
  return value;
}

function renderValue(value: Json): string {
  const shown = display(value);
  return shown === "[secret]" || shown === "[unknown]" ? shown : JSON.stringify(shown);
}

export function renderRun(args: {
  command: Command;
  stack: string;
  steps: ResourceStep[];
  outputs: PropertyMap;
  diagnostics: string;
  error?: EngineFailure;
}): string {
  const { command, steps } = args;
  const lines = [`${HEADING[command]} (${args.stack}) [engine double]`, ""];
  const typeWidth = Math.max(4, ...steps.map((s) => s.type.length));
  const nameWidth = Math.max(4, ...steps.map((s) => s.name.length));
  lines.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${command === "preview" ? "Plan" : "Status"}`);
  for (const s of steps) {
    const status = s.failed ? `**${s.failed} failed**` : command === "preview" ? PLANNED[s.op] : COUNT_DONE[s.op];
    lines.push(` ${SYMBOL[s.op].padStart(3)} ${s.type.padEnd(typeWidth)}  ${s.name.padEnd(nameWidth)}  ${status}${diffLabel(s)}`);
  }
  if (args.diagnostics.trim() || args.error) {
    lines.push("", "Diagnostics:");
    if (args.diagnostics.trim()) lines.push(...args.diagnostics.trimEnd().split("\n").map((l) => `    ${l}`));
    if (args.error) {
      const who = args.error.type ? `${args.error.type} (${args.error.name}):` : "engine:";
      lines.push(`  ${who}`, ...args.error.message.split("\n").map((l, i) => (i === 0 ? `    error: ${l}` : `    ${l}`)));
    }
  }
  const outputs = Object.entries(args.outputs);
  if (outputs.length && command !== "destroy") {
    lines.push("", "Outputs:");
    for (const [key, value] of outputs) lines.push(`    ${key}: ${renderValue(value)}`);
  }
  const counts = countSteps(steps);
  const words = command === "preview" ? COUNT_PLANNED : COUNT_DONE;
  const summary = ORDER.filter((op) => counts[op] > 0).map((op) => `${counts[op]} ${words[op]}`);
  lines.push("", `Resources: ${summary.length ? summary.join(", ") : "none"}`);
  if (args.error) lines.push("", `error: ${command} failed`);
  return lines.join("\n") + "\n";
}
