// Graph's throttles (graph.md §5): Conditional Access ~1 request/second per tenant with 429s that carry no
// Retry-After; identity-and-access resource-unit budgets per app+tenant; the reports limit per app+tenant.

/** Counts admitted events in a sliding window. */
class SlidingWindow {
  private readonly times: number[] = [];
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** Admits `weight` events at `now`, or says how many ms until they would fit. */
  admit(now: number, weight = 1): { ok: true } | { ok: false; waitMs: number } {
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    if (this.times.length + weight <= this.limit) {
      for (let i = 0; i < weight; i++) this.times.push(now);
      return { ok: true };
    }
    const waitMs = (this.times[this.times.length + weight - this.limit - 1] ?? now) + this.windowMs - now;
    return { ok: false, waitMs: Math.max(1, waitMs) };
  }

  used(now: number): number {
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    return this.times.length;
  }
}

function keyed(make: () => SlidingWindow) {
  const windows = new Map<string, SlidingWindow>();
  return (key: string) => {
    let w = windows.get(key);
    if (!w) windows.set(key, (w = make()));
    return w;
  };
}

export class ConditionalAccessThrottle {
  private windows = keyed(() => new SlidingWindow(this.perSecond, 1000));
  constructor(private perSecond: number) {}

  admit(tenantId: string, now = Date.now()): boolean {
    return this.windows(tenantId.toLowerCase()).admit(now).ok;
  }
}

export type Verdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

/** Resource units per app+tenant per 10 s, by tenant size (users). */
export function resourceUnitBudget(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

export class DirectoryThrottle {
  private readonly units = new Map<string, SlidingWindow>();
  private readonly appWrites = keyed(() => new SlidingWindow(3000, 150_000));
  private readonly tenantWrites = keyed(() => new SlidingWindow(18_000, 300_000));
  private readonly reports = keyed(() => new SlidingWindow(5, 10_000));

  /** `cost` in resource units; writes also draw on the write quotas. */
  directory(appId: string, tenantId: string, userCount: number, cost: number, write: boolean, now = Date.now()): Verdict {
    const key = `${appId}/${tenantId}`.toLowerCase();
    const budget = resourceUnitBudget(userCount);
    let window = this.units.get(key);
    if (!window) this.units.set(key, (window = new SlidingWindow(budget, 10_000)));
    const scope = `Tenant_Application/${write ? "ReadWrite" : "Read"}/${appId}/${tenantId}`;
    const denied = (waitMs: number): Verdict => ({
      ok: false,
      retryAfterSeconds: Math.ceil(waitMs / 1000),
      headers: { "x-ms-throttle-scope": scope, "x-ms-throttle-information": "ResourceUnitLimitExceeded", "x-ms-resource-unit": String(cost) },
    });
    if (write) {
      const a = this.appWrites(key).admit(now);
      if (!a.ok) return denied(a.waitMs);
      const t = this.tenantWrites(tenantId.toLowerCase()).admit(now);
      if (!t.ok) return denied(t.waitMs);
    }
    const verdict = window.admit(now, cost);
    if (!verdict.ok) return denied(verdict.waitMs);
    const headers: Record<string, string> = { "x-ms-resource-unit": String(cost) };
    const used = window.used(now) / budget;
    if (used >= 0.8) headers["x-ms-throttle-limit-percentage"] = used.toFixed(1);
    return { ok: true, headers };
  }

  report(appId: string, tenantId: string, now = Date.now()): Verdict {
    const verdict = this.reports(`${appId}/${tenantId}`.toLowerCase()).admit(now);
    return verdict.ok ? { ok: true, headers: {} } : { ok: false, retryAfterSeconds: Math.ceil(verdict.waitMs / 1000), headers: {} };
  }
}

/** Resource-unit cost of a request (graph.md §5: $select −1, $top < 20 −1, writes +1, never below 1). */
export function resourceUnits(base: number, query: URLSearchParams, write: boolean): number {
  let cost = base + (write ? 1 : 0);
  if (query.has("$select")) cost -= 1;
  const top = Number(query.get("$top"));
  if (query.has("$top") && top > 0 && top < 20) cost -= 1;
  if (query.has("$expand")) cost += 1;
  return Math.max(1, cost);
}
