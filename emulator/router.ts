// Matching a Graph request to a route: case-insensitive literal segments, {param} segments, per-version routes,
// and Graph's answers for an unknown segment (400) or a known path with the wrong method (405).
import type { GraphResponse, GraphRequest } from "./exchange";
import type { GraphVersion } from "./model";
import type { Operation } from "./permissions";
import type { TenantStore } from "./store";
import { methodNotAllowed, segmentNotFound, type GraphFailure } from "./errors";

/** Which throttling budget a route draws on (graph.md §5). */
export type ThrottleClass = { kind: "directory"; units: number } | { kind: "conditionalAccess" } | { kind: "reports" };

export interface RouteContext {
  req: GraphRequest;
  params: Record<string, string>;
  tenant: TenantStore;
}

export interface Route {
  method: string;
  pattern: string;
  /** Both when absent. */
  versions?: readonly GraphVersion[];
  operation: Operation;
  throttle: ThrottleClass;
  handle(ctx: RouteContext): GraphResponse;
}

export type Match = { route: Route; params: Record<string, string> } | { failure: GraphFailure };

/** Graph's key syntax `directoryRoles(roleTemplateId='…')` is the same resource as `directoryRoles/roleTemplateId=…`. */
function splitPath(path: string): string[] {
  const normalised = path.replace(/\/directoryRoles\(roleTemplateId='([^']*)'\)/i, "/directoryRoles/roleTemplateId=$1");
  return normalised.split("/").filter((s) => s.length > 0);
}

export class Router {
  private readonly compiled: { route: Route; segments: string[] }[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split("/").filter(Boolean) }));
  }

  match(method: string, version: GraphVersion, path: string): Match {
    const segs = splitPath(path);
    let deepest = 0;
    let pathKnown = false;
    for (const { route, segments } of this.compiled) {
      if (route.versions && !route.versions.includes(version)) continue;
      const { depth, params } = matchSegments(segments, segs);
      deepest = Math.max(deepest, depth);
      if (depth !== segs.length || segments.length !== segs.length) continue;
      pathKnown = true;
      if (route.method === method.toUpperCase()) return { route, params };
    }
    if (pathKnown) return { failure: methodNotAllowed() };
    return { failure: segmentNotFound(segs[Math.min(deepest, segs.length - 1)] ?? "") };
  }
}

function matchSegments(pattern: string[], segs: string[]): { depth: number; params: Record<string, string> } {
  const params: Record<string, string> = {};
  let depth = 0;
  for (; depth < Math.min(pattern.length, segs.length); depth++) {
    const p = pattern[depth];
    const s = segs[depth];
    const param = /^\{(\w+)\}$/.exec(p);
    const prefixed = /^(\w+=)\{(\w+)\}$/.exec(p);
    if (param) params[param[1]] = s;
    else if (prefixed && s.toLowerCase().startsWith(prefixed[1].toLowerCase())) params[prefixed[2]] = s.slice(prefixed[1].length);
    else if (p.toLowerCase() !== s.toLowerCase()) break;
  }
  return { depth, params };
}
