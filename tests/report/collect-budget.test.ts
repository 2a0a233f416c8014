import { expect } from "chai";
import { WindowBudget } from "../../provider/graph/budget";
import { sleep } from "../../provider/graph/retry";

/** Runs calls through the budget, recording when each started and ended. */
async function spans(budget: WindowBudget, costs: number[], callMs: number) {
  const out: { start: number; end: number }[] = [];
  await Promise.all(
    costs.map((cost, i) =>
      budget.use(cost, async () => {
        const start = Date.now();
        await sleep(callMs);
        out[i] = { start, end: Date.now() };
      }),
    ),
  );
  return out;
}

describe("WindowBudget (client-side spacing for Graph's windowed limits)", () => {
  it("admits up to the limit at once, then holds the next until a window after an earlier answer", async () => {
    const window = 300;
    const calls = await spans(new WindowBudget(3, window), [1, 1, 1, 1], 20);
    const firstAnswer = Math.min(...calls.slice(0, 3).map((c) => c.end));
    expect(Math.max(...calls.slice(0, 3).map((c) => c.start)) - calls[0]!.start).to.be.below(window);
    expect(calls[3]!.start).to.be.at.least(firstAnswer + window);
  });

  it("counts a call in flight until a window after its answer, and weighs calls by cost", async () => {
    const window = 200;
    const calls = await spans(new WindowBudget(10, window), [6, 4, 5], 100);
    // 6 + 4 fill the budget; 5 fits only once the 6 has aged out, a window after its answer.
    expect(calls[2]!.start).to.be.at.least(calls[0]!.end + window);
  });

  it("admits in call order, and a raised limit lets more through", async () => {
    const budget = new WindowBudget(1, 10_000);
    const order: number[] = [];
    await budget.use(1, async () => void order.push(1));
    budget.raiseTo(3);
    budget.raiseTo(2); // never lowers
    await Promise.all([budget.use(1, async () => void order.push(2)), budget.use(1, async () => void order.push(3))]);
    expect(order).to.deep.equal([1, 2, 3]);
  });
});
