// Client-side spacing for Graph's windowed limits (graph.md §5), so a tenant-wide read draws no 429s instead of
// recovering from them: the identity-and-access resource units per app+tenant per 10 s, and the reports limit of
// 5 requests per 10 s. Graph counts a request somewhere between its sending and its answer, so a request's cost
// is held from its sending until `windowMs` after its answer: the server can never see more than the limit in a window.
import { sleep } from "./retry";

interface Spend {
  cost: number;
  /** When the answer came back; Infinity while the request is in flight. */
  answeredAt: number;
}

export class WindowBudget {
  private spends: Spend[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private limit: number,
    private readonly windowMs: number,
  ) {}

  /** Raises (never lowers) the limit, e.g. once the tenant turns out to be large enough for a bigger budget. */
  raiseTo(limit: number): void {
    this.limit = Math.max(this.limit, limit);
  }

  /** Runs `call` once `cost` fits in the window; callers are admitted in call order. */
  async use<T>(cost: number, call: () => Promise<T>): Promise<T> {
    const spend = await this.admit(Math.min(cost, this.limit));
    try {
      return await call();
    } finally {
      spend.answeredAt = Date.now();
    }
  }

  private async admit(cost: number): Promise<Spend> {
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      for (;;) {
        const wait = this.waitFor(cost, Date.now());
        if (wait === 0) break;
        await sleep(wait);
      }
      const spend: Spend = { cost, answeredAt: Infinity };
      this.spends.push(spend);
      return spend;
    } finally {
      done();
    }
  }

  /** 0 when `cost` fits now; else how long until it may (a short poll while answers are still outstanding). */
  private waitFor(cost: number, now: number): number {
    this.spends = this.spends.filter((s) => s.answeredAt > now - this.windowMs);
    let held = 0;
    for (const s of this.spends) held += s.cost;
    if (held + cost <= this.limit) return 0;
    // The oldest answered spends leave first; until enough have, wait for the earliest to age out.
    let freed = 0;
    let until = Infinity;
    for (const s of [...this.spends].sort((a, b) => a.answeredAt - b.answeredAt)) {
      freed += s.cost;
      if (held - freed + cost <= this.limit) {
        until = s.answeredAt + this.windowMs;
        break;
      }
    }
    return until === Infinity ? 20 : Math.max(1, until - now);
  }
}

/** Graph's resource units per app+tenant per 10 s by tenant size (graph.md §5), as documented. */
export function documentedResourceUnits(userCount: number): number {
  return userCount < 50 ? 3_500 : userCount <= 500 ? 5_000 : 8_000;
}

/** The resource-unit budget the collector keeps to: Graph's, used at 90 % for headroom. */
export function resourceUnitBudget(userCount: number): number {
  return Math.floor(documentedResourceUnits(userCount) * 0.9);
}

export const THROTTLE_WINDOW_MS = 10_000;
export const REPORTS_PER_WINDOW = 5;

/** An app's budgets in one tenant: the resource units of identity and access, and the reports' requests. */
export interface GraphBudgets {
  directory: WindowBudget;
  reports: WindowBudget;
}

// One set per app and tenant for the whole process, next to the Conditional Access pacers (pacer.ts): Graph counts
// these per app+tenant, so every collector run (a fleet report reads many tenants at once, a program may read one
// tenant twice) draws on the same windows instead of each believing it has the whole budget.
const budgets = new Map<string, GraphBudgets>();

/** The budgets of an app (`clientId`) in the tenant a connection key names; made on first use. */
export function budgetsFor(connectionKey: string, clientId: string | undefined): GraphBudgets {
  const key = `${connectionKey}|${(clientId ?? "").toLowerCase()}`;
  let found = budgets.get(key);
  if (!found) {
    found = { directory: new WindowBudget(resourceUnitBudget(0), THROTTLE_WINDOW_MS), reports: new WindowBudget(REPORTS_PER_WINDOW, THROTTLE_WINDOW_MS) };
    budgets.set(key, found);
  }
  return found;
}
