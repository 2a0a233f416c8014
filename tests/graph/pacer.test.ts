import { expect } from "chai";
import { Pacer } from "../../provider/graph/pacer";
import { sleep } from "../../provider/graph/retry";

// 5 requests/second: a 200 ms interval, long against the scheduling noise of a loaded machine.
const RATE = 5;
const INTERVAL = 200;
/** Timers may fire a millisecond or two before Date.now() has moved on by the full delay. */
const SLACK = 5;

describe("Conditional Access pacer: waiting for a free turn without taking one", () => {
  it("waits out the interval after the last answer; a turn taken then starts at once", async () => {
    const pacer = new Pacer(RATE);
    (await pacer.acquire())();
    const answered = Date.now();
    await pacer.untilFree();
    expect(Date.now() - answered).to.be.at.least(INTERVAL - SLACK);
    const asked = Date.now();
    (await pacer.acquire())();
    expect(Date.now() - asked).to.be.below(INTERVAL / 2);
  });

  it("waits for every turn queued before it, and the interval after the last of them", async () => {
    const pacer = new Pacer(RATE);
    const events: string[] = [];
    const releaseFirst = await pacer.acquire();
    let secondAnswered = 0;
    const second = pacer.acquire().then(async (release) => {
      events.push("second sent");
      await sleep(20);
      secondAnswered = Date.now();
      release();
    });
    const free = pacer.untilFree().then(() => events.push("free"));
    await sleep(20);
    releaseFirst();
    await Promise.all([second, free]);
    expect(events).to.deep.equal(["second sent", "free"]);
    expect(Date.now() - secondAnswered).to.be.at.least(INTERVAL - SLACK);
  });

  it("waits again for a turn taken while it was waiting", async () => {
    const pacer = new Pacer(RATE);
    (await pacer.acquire())();
    const free = pacer.untilFree().then(() => Date.now());
    const lateAnswered = pacer.acquire().then(async (release) => {
      await sleep(50);
      release();
      return Date.now();
    });
    const [freeAt, answeredAt] = await Promise.all([free, lateAnswered]);
    expect(freeAt - answeredAt).to.be.at.least(INTERVAL - SLACK);
  });

  it("waits out a 429's hold", async () => {
    const pacer = new Pacer(RATE);
    const held = Date.now();
    pacer.holdUntil(held + 2 * INTERVAL);
    await pacer.untilFree();
    expect(Date.now() - held).to.be.at.least(2 * INTERVAL - SLACK);
  });

  it("resolves at once on a pacer nobody has used", async () => {
    const pacer = new Pacer(RATE);
    const asked = Date.now();
    await pacer.untilFree();
    expect(Date.now() - asked).to.be.below(INTERVAL / 2);
  });
});
