// Every link in the READMEs resolves: relative links to a file of the repository, anchors to a heading, and file
// paths written in code spans to a file (a README that points at a file the repository does not have is a dead end).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect } from "chai";

const REPO = resolve(__dirname, "../../..");
const docs = execFileSync("git", ["ls-files", "*.md"], { cwd: REPO, encoding: "utf8" }).split("\n").filter(Boolean);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-"));
  }
  return anchors;
}

function problemsOf(doc: string): string[] {
  const text = readFileSync(join(REPO, doc), "utf8");
  const here = dirname(join(REPO, doc));
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https?|mailto):/.test(target!)) continue;
    const [path, anchor] = target!.split("#") as [string, string | undefined];
    const file = path ? join(here, path) : join(REPO, doc);
    if (!existsSync(file)) problems.push(`${doc}: link ${target} names no file`);
    else if (anchor && file.endsWith(".md") && !anchorsOf(readFileSync(file, "utf8")).has(anchor))
      problems.push(`${doc}: link ${target} names no heading`);
  }
  for (const [, path] of text.matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:md|ts|json|ya?ml|js|sh))`/g))
    if (!existsSync(join(here, path!)) && !existsSync(join(REPO, path!))) problems.push(`${doc}: \`${path}\` is not in the repository`);
  return problems;
}

describe("documentation links", () => {
  it("finds the READMEs", () => expect(docs).to.include.members(["README.md", "emulator/README.md"]));

  it("every relative link, anchor and file path in a README resolves", () => {
    expect(docs.flatMap(problemsOf)).to.deep.equal([]);
  });
});
