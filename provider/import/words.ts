// How `entra-mfa import` words what it writes: comments wrapped to width, and object ids by the names people know.
import { nameIds, type IdNames } from "../plan/names";
import { normalizeGuid } from "../plan/normalize";
import { renderPlan } from "../plan/render";
import type { PlannedPolicy } from "./decide";
import type { ImportSnapshot } from "./snapshot";

const WIDTH = 118;

/**
 * Comment lines (`// `, or `# ` in YAML), wrapped at the program's width. An indented paragraph (a plan's) keeps its indent, its continuation
 * lines three more; `code spans` are never broken.
 */
export function comment(text: string, indent = "", marker = "//"): string[] {
  const prefix = `${indent}${marker} `;
  return text.split("\n").flatMap((paragraph) => {
    const lead = /^ */.exec(paragraph)![0];
    const words = paragraph.trim().replace(/`[^`]*`/g, (span) => span.replaceAll(" ", "\u00a0")).split(/ +/);
    const lines: string[] = [];
    let line = lead;
    for (const word of words) {
      if (line.trim() && prefix.length + line.length + 1 + word.length > WIDTH) {
        lines.push(line);
        line = lead ? `${lead}   ${word}` : word;
      } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
    }
    lines.push(line);
    return lines.map((l) => `${prefix}${l.replaceAll("\u00a0", " ")}`.trimEnd());
  });
}

export const quote = (s: string) => JSON.stringify(s);

/** The policy names an object the tenant no longer has: check refuses it, so the reader must decide. */
const MISSING = (kind: string) => `no ${kind} has this id (deleted?): preview refuses it until it is removed here, which removes it from the policy too`;

/** How each object id is written: a user by name, a group or role by id with its name beside it. */
export class Namer {
  constructor(private readonly snapshot: ImportSnapshot) {}

  user(id: string): { text: string; note?: string } {
    if (id === "GuestsOrExternalUsers") return { text: quote(id) };
    const upn = this.snapshot.users[normalizeGuid(id)];
    return upn ? { text: quote(upn) } : { text: quote(id), note: MISSING("user") };
  }

  group(id: string): { text: string; note?: string } {
    const name = this.snapshot.groups[normalizeGuid(id)];
    return { text: quote(id), note: name ?? MISSING("group") };
  }

  role(id: string): { text: string; note?: string } {
    return { text: quote(id), note: this.snapshot.roles[normalizeGuid(id)] ?? "directory role template" };
  }

  /** Ids in a plan's prose, by the names a reader knows. */
  get names(): IdNames {
    const s = this.snapshot;
    return { ...Object.fromEntries(Object.entries(s.groups).map(([id, name]) => [id, `"${name}"`])), ...s.users };
  }
}

/** The plan as `plan` prints it, as comment lines. */
export function planComment(p: PlannedPolicy, namer: Namer, indent: string, marker = "//"): string[] {
  return comment(nameIds(renderPlan(p.plan), namer.names), indent, marker);
}
