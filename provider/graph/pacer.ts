// Spaces requests to a rate-limited Graph area so the client does not run into 429s. Conditional Access allows
// ~1 request/second per tenant for all apps together, and its 429s carry no Retry-After (graph.md §5).
import { sleep } from "./retry";

/** Paths (after the version segment) that the Conditional Access limit applies to. */
const PACED = /^\/(identity\/conditionalAccess|policies\/conditionalAccessPolicies)(\/|\?|$)/i;

export function isConditionalAccessPath(pathAfterVersion: string): boolean {
  return PACED.test(pathAfterVersion);
}

// Requests leave here spaced by the interval but reach the server spaced by interval ± network jitter; a little
// headroom keeps a strict server-side window from seeing two in one second.
const HEADROOM = 1.1;

export class Pacer {
  private nextSlot = 0;
  private intervalMs: number;

  constructor(requestsPerSecond: number) {
    this.intervalMs = intervalOf(requestsPerSecond);
  }

  setRate(requestsPerSecond: number): void {
    this.intervalMs = intervalOf(requestsPerSecond);
  }

  /** Waits for this caller's turn. Turns are handed out in call order. */
  async acquire(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now);
  }

  /** After a 429: nobody on this connection goes before `until`. */
  holdUntil(until: number): void {
    this.nextSlot = Math.max(this.nextSlot, until);
  }
}

function intervalOf(requestsPerSecond: number): number {
  if (!(requestsPerSecond > 0)) throw new RangeError(`requests per second must be positive, got ${requestsPerSecond}`);
  return Math.ceil((1000 / requestsPerSecond) * HEADROOM);
}

// One pacer per connection key for the whole process: every client of a tenant shares the tenant's budget.
const pacers = new Map<string, Pacer>();

export function pacerFor(connectionKey: string, requestsPerSecond: number): Pacer {
  const existing = pacers.get(connectionKey);
  if (existing) {
    existing.setRate(requestsPerSecond);
    return existing;
  }
  const pacer = new Pacer(requestsPerSecond);
  pacers.set(connectionKey, pacer);
  return pacer;
}
