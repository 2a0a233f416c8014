import { expect } from "chai";
import { backoffMs, DEFAULT_RETRY, retryAfterMs } from "../../provider/graph/retry";

// The emulator sends Retry-After only in seconds; Graph may also send an HTTP date.
describe("retry timing", () => {
  it("reads Retry-After in seconds and as an HTTP date", () => {
    const now = Date.parse("Sat, 21 Nov 2026 22:00:00 GMT");
    expect(retryAfterMs("41", now)).to.equal(41_000);
    expect(retryAfterMs("1.5", now)).to.equal(1_500);
    expect(retryAfterMs("Sat, 21 Nov 2026 22:00:30 GMT", now)).to.equal(30_000);
    expect(retryAfterMs("Sat, 21 Nov 2026 21:59:00 GMT", now)).to.equal(0);
    expect(retryAfterMs(null, now)).to.equal(undefined);
    expect(retryAfterMs("soon", now)).to.equal(undefined);
  });

  it("backs off exponentially, jittered within the upper half of each step, capped", () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    const at = (attempt: number, random: number) => backoffMs(attempt, options, () => random);
    expect([1, 2, 3, 4, 5].map((a) => at(a, 0))).to.deep.equal([500, 1_000, 2_000, 4_000, 4_000]);
    expect([1, 2, 3, 4, 5].map((a) => at(a, 1))).to.deep.equal([1_000, 2_000, 4_000, 8_000, 8_000]);
  });
});
