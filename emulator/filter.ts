// A small OData $filter: eq/ne/gt/ge/lt/le, in (...), and/or/not, parentheses, startswith/endswith, and
// `collection/any(x: x eq 'v')`. String comparison ignores case, as directory queries do. Directory objects need
// ConsistencyLevel: eventual and $count=true for ne, not and endswith ("advanced queries"), as in Graph.
import type { GraphRequest } from "./exchange";
import type { GraphObject } from "./model";
import { GraphFailure } from "./errors";

type Token = { kind: "name" | "string" | "number" | "punct"; text: string; value?: unknown };

type Node =
  | { op: "and" | "or"; left: Node; right: Node }
  | { op: "not"; operand: Node }
  | { op: "cmp"; cmp: string; left: Operand; right: Operand }
  | { op: "in"; left: Operand; values: unknown[] }
  | { op: "fn"; name: "startswith" | "endswith"; left: Operand; right: Operand }
  | { op: "any"; path: string[]; variable: string; body: Node };

type Operand = { path: string[] } | { literal: unknown };

const invalid = (detail: string) => new GraphFailure(400, "BadRequest", `Invalid filter clause: ${detail}`);
const unsupported = () => new GraphFailure(400, "Request_UnsupportedQuery", "Unsupported Query.");

/** Filters `items` by the request's $filter (unchanged when there is none). */
export function applyFilter<T>(req: GraphRequest, items: readonly T[], objectOf: (item: T) => GraphObject, directory: boolean): readonly T[] {
  const raw = req.query.get("$filter");
  if (raw === null) return items;
  const parser = new Parser(tokenize(raw));
  const tree = parser.expression();
  parser.end();
  const advanced = req.headers["consistencylevel"]?.toLowerCase() === "eventual" && req.query.get("$count") === "true";
  if (directory && !advanced && needsAdvanced(tree)) throw unsupported();
  return items.filter((item) => evaluate(tree, objectOf(item), {}));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_@][\w@./-]*)|([(),:]))/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    m = re.exec(text);
    if (!m) {
      if (text.slice(at).trim() === "") break;
      throw invalid(`unexpected '${text.slice(at).trim().slice(0, 20)}'`);
    }
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: "string", text: m[1], value: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ kind: "number", text: m[2], value: Number(m[2]) });
    else if (m[3] !== undefined) tokens.push({ kind: "name", text: m[3] });
    else tokens.push({ kind: "punct", text: m[4] });
  }
  return tokens;
}

const COMPARISONS = ["eq", "ne", "gt", "ge", "lt", "le"];

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  end(): void {
    if (this.i < this.tokens.length) throw invalid(`unexpected '${this.tokens[this.i].text}'`);
  }

  expression(): Node {
    let left = this.conjunction();
    while (this.word("or")) left = { op: "or", left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Node {
    let left = this.unary();
    while (this.word("and")) left = { op: "and", left, right: this.unary() };
    return left;
  }

  private unary(): Node {
    if (this.word("not")) return { op: "not", operand: this.unary() };
    if (this.punct("(")) {
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    const fn = this.peek();
    if (fn?.kind === "name" && ["startswith", "endswith"].includes(fn.text.toLowerCase()) && this.tokens[this.i + 1]?.text === "(") {
      this.i += 2;
      const left = this.operand();
      this.expect(",");
      const right = this.operand();
      this.expect(")");
      return { op: "fn", name: fn.text.toLowerCase() as "startswith" | "endswith", left, right };
    }
    const anyMatch = fn?.kind === "name" ? /^(.+)\/any$/i.exec(fn.text) : null;
    if (anyMatch) {
      this.i++;
      this.expect("(");
      const variable = this.next("name").text;
      this.expect(":");
      const body = this.expression();
      this.expect(")");
      return { op: "any", path: anyMatch[1].split("/"), variable, body };
    }
    const left = this.operand();
    if (this.word("in")) {
      this.expect("(");
      const values: unknown[] = [];
      do values.push(literalOf(this.operand())); while (this.punct(","));
      this.expect(")");
      return { op: "in", left, values };
    }
    const cmp = this.next("name").text.toLowerCase();
    if (!COMPARISONS.includes(cmp)) throw invalid(`unknown operator '${cmp}'`);
    return { op: "cmp", cmp, left, right: this.operand() };
  }

  private operand(): Operand {
    const t = this.tokens[this.i++];
    if (!t) throw invalid("unexpected end");
    if (t.kind === "string" || t.kind === "number") return { literal: t.value };
    if (t.kind === "name") {
      const word = t.text.toLowerCase();
      if (word === "true" || word === "false") return { literal: word === "true" };
      if (word === "null") return { literal: null };
      return { path: t.text.split("/") };
    }
    throw invalid(`unexpected '${t.text}'`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private word(w: string): boolean {
    const t = this.peek();
    if (t?.kind === "name" && t.text.toLowerCase() === w) {
      this.i++;
      return true;
    }
    return false;
  }

  private punct(p: string): boolean {
    if (this.peek()?.kind === "punct" && this.peek()!.text === p) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(p: string): void {
    if (!this.punct(p)) throw invalid(`expected '${p}'`);
  }

  private next(kind: Token["kind"]): Token {
    const t = this.tokens[this.i++];
    if (!t || t.kind !== kind) throw invalid(`unexpected '${t?.text ?? "end"}'`);
    return t;
  }
}

function literalOf(o: Operand): unknown {
  if ("literal" in o) return o.literal;
  throw invalid("expected a literal");
}

function needsAdvanced(node: Node): boolean {
  switch (node.op) {
    case "and":
    case "or":
      return needsAdvanced(node.left) || needsAdvanced(node.right);
    case "not":
      return true;
    case "cmp":
      return node.cmp === "ne";
    case "fn":
      return node.name === "endswith";
    case "any":
      return needsAdvanced(node.body);
    case "in":
      return false;
  }
}

type Scope = Record<string, unknown>;

function valueOf(o: Operand, item: GraphObject, scope: Scope): unknown {
  if ("literal" in o) return o.literal;
  const [head, ...rest] = o.path;
  let v: unknown = head in scope ? scope[head] : lookup(item, head);
  for (const key of rest) v = v && typeof v === "object" ? lookup(v as GraphObject, key) : undefined;
  return v ?? null;
}

const lookup = (o: GraphObject, key: string) => o[Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key];

const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

function compare(cmp: string, a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (cmp === "eq") return x === y;
  if (cmp === "ne") return x !== y;
  if (x === null || y === null) return false;
  const [p, q] = [x as number | string, y as number | string];
  return cmp === "gt" ? p > q : cmp === "ge" ? p >= q : cmp === "lt" ? p < q : p <= q;
}

function evaluate(node: Node, item: GraphObject, scope: Scope): boolean {
  switch (node.op) {
    case "and":
      return evaluate(node.left, item, scope) && evaluate(node.right, item, scope);
    case "or":
      return evaluate(node.left, item, scope) || evaluate(node.right, item, scope);
    case "not":
      return !evaluate(node.operand, item, scope);
    case "cmp":
      return compare(node.cmp, valueOf(node.left, item, scope), valueOf(node.right, item, scope));
    case "in": {
      const v = norm(valueOf(node.left, item, scope));
      return node.values.some((x) => norm(x) === v);
    }
    case "fn": {
      const s = valueOf(node.left, item, scope);
      const p = valueOf(node.right, item, scope);
      if (typeof s !== "string" || typeof p !== "string") return false;
      return node.name === "startswith" ? s.toLowerCase().startsWith(p.toLowerCase()) : s.toLowerCase().endsWith(p.toLowerCase());
    }
    case "any": {
      const list = valueOf({ path: node.path }, item, scope);
      return Array.isArray(list) && list.some((element) => evaluate(node.body, item, { ...scope, [node.variable]: element }));
    }
  }
}
