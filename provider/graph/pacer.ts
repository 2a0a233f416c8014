// Spaces requests to a rate-limited Graph area so the client does not run into 429s. Conditional Access allows
// ~1 request/second per tenant for all apps together, and its 429s carry no Retry-After (graph.md §5).
import { sleep } from "./retry";

/** Paths (after the version segment) that the Conditional Access limit applies to. */
const PACED = /^\/(identity\/conditionalAccess|policies\/conditionalAccessPolicies)(\/|\?|$)/i;

export function isConditionalAccessPath(pathAfterVersion: string): boolean {
  return PACED.test(pathAfterVersion);
}

/**
 * One paced request at a time, each sent no sooner than `interval` after the previous one's answer came back. The
 * server counts a request somewhere between its sending and its answer, so spacing answers from sends (rather than
 * sends from sends) keeps the requests apart as the server sees them, whatever the network does.
 */
export class Pacer {
  private nextSlot = 0;
  private tail: Promise<void> = Promise.resolve();
  private intervalMs: number;

  constructor(requestsPerSecond: number) {
    this.intervalMs = intervalOf(requestsPerSecond);
  }

  setRate(requestsPerSecond: number): void {
    this.intervalMs = intervalOf(requestsPerSecond);
  }

  /** Waits for this caller's turn (turns go in call order); call the returned function once the answer is in. */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    await previous;
    const wait = this.nextSlot - Date.now();
    if (wait > 0) await sleep(wait);
    return () => {
      this.nextSlot = Math.max(this.nextSlot, Date.now() + this.intervalMs);
      done();
    };
  }

  /**
   * Resolves once a turn taken now would start at once: no turn queued or running, and the interval since the last
   * answer (or a 429's hold) waited out. Takes no turn itself, so a caller can wait before a step that a paced request
   * must follow without delay (the Security Defaults PATCH before the hand-over PATCH).
   */
  async untilFree(): Promise<void> {
    for (;;) {
      const tail = this.tail;
      await tail;
      const wait = this.nextSlot - Date.now();
      if (wait <= 0 && tail === this.tail) return;
      if (wait > 0) await sleep(wait);
    }
  }

  /** After a 429: nobody on this connection goes before `until`. */
  holdUntil(until: number): void {
    this.nextSlot = Math.max(this.nextSlot, until);
  }
}

function intervalOf(requestsPerSecond: number): number {
  if (!(requestsPerSecond > 0)) throw new RangeError(`requests per second must be positive, got ${requestsPerSecond}`);
  return Math.ceil(1000 / requestsPerSecond);
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
