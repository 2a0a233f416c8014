// How long to wait before trying again, and when to stop.

export interface RetryOptions {
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** First back-off step when Graph gives no Retry-After (Conditional Access 429s never do). */
  baseDelayMs: number;
  /** Ceiling of one back-off step (a Retry-After is honoured even when longer, within maxTotalWaitMs). */
  maxDelayMs: number;
  /** Ceiling of all waits of one request together. */
  maxTotalWaitMs: number;
  /** Per attempt: no answer within this time counts as a timeout. */
  timeoutMs: number;
}

/** Throttled (429) or briefly unavailable (503, 504): worth another try. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 180_000,
  timeoutMs: 60_000,
};

/** Exponential back-off with "equal jitter": half fixed, half random, so parallel callers spread out. */
export function backoffMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
