import { expect } from "chai";
import { nameIds, namedPlan, namesOf } from "../../provider/plan/names";
import type { TakeoverPlan } from "../../provider/plan/takeover-plan";

const ALICE = "0a1b2c3d-0000-4000-8000-00000000a11c";
const BOB = "0b0b0b0b-0000-4000-8000-000000000b0b";
const STRANGER = "0c0c0c0c-0000-4000-8000-000000000c0c";

describe("namesOf", () => {
  it("turns name → id into normalised id → name", () => {
    expect(namesOf({ "alice@contoso.com": ` ${ALICE.toUpperCase()} `, "bob@contoso.com": BOB })).to.deep.equal({
      [ALICE]: "alice@contoso.com",
      [BOB]: "bob@contoso.com",
    });
  });
});

describe("nameIds", () => {
  const names = { [ALICE]: "alice@contoso.com", [BOB]: "bob@contoso.com" };

  it("names every id it knows, in any case, and leaves the others as ids", () => {
    expect(nameIds(`Excludes ${ALICE.toUpperCase()}, ${BOB} and ${STRANGER}.`, names)).to.equal(
      `Excludes alice@contoso.com, bob@contoso.com and ${STRANGER}.`,
    );
  });

  it("leaves text without ids as it is", () => {
    expect(nameIds("No one is excluded.", names)).to.equal("No one is excluded.");
  });

  // An id must stand alone: hex running on before or after it makes it something else (a longer token), not an id.
  it("does not name an id that is part of a longer run of hex", () => {
    const head = "123456789-0000-4000-8000-000000000001"; // nine hex digits before the first dash
    const tail = "12345678-0000-4000-8000-0000000000012"; // thirteen after the last
    const inner = head.slice(1); // what a match inside `head` would see
    const all = { [head]: "head", [tail]: "tail", [inner]: "inner", [tail.slice(0, -1)]: "tail-less" };
    expect(nameIds(`${head} ${tail}`, all)).to.equal(`${head} ${tail}`);
  });

  it("names ids at the very start and end of the text, and between punctuation", () => {
    expect(nameIds(`${ALICE}:(${BOB})`, names)).to.equal("alice@contoso.com:(bob@contoso.com)");
  });

  it("does not take a GUID whose groups have the wrong lengths", () => {
    const short = "0a1b2c3-0000-4000-8000-00000000a11c"; // seven digits first
    const longer = "0a1b2c3d-00000-4000-8000-00000000a11c";
    const names2 = { [short]: "short", [longer]: "longer" };
    expect(nameIds(`${short} ${longer}`, names2)).to.equal(`${short} ${longer}`);
  });

  it("does not take letters beyond f as hex", () => {
    const notHex = "0a1b2c3g-0000-4000-8000-00000000a11c";
    expect(nameIds(notHex, { [notHex]: "g" })).to.equal(notHex);
  });
});

describe("namedPlan", () => {
  // Only the fields namedPlan rewrites, and one it must keep; the rest of a plan is carried over by the spread.
  const plan = {
    managedPolicy: { marker: ALICE },
    steps: [
      {
        kind: "updatePolicy",
        policyId: ALICE,
        description: `Exclude ${ALICE}`,
        undo: { kind: "updatePolicy", policyId: ALICE, description: `Include ${ALICE} again` },
      },
    ],
    journal: [{ policyId: ALICE }],
    takenOver: [{ policyId: ALICE, displayName: "Alice: MFA", notes: [`Moved ${ALICE}`, `Moved ${BOB}`] }],
    leftAlone: [{ policyId: BOB, displayName: "Bob: block", reason: `It blocks ${BOB}` }],
    warnings: [`${ALICE} has no MFA method`],
    errors: [`${BOB} is the only break-glass account`],
  } as unknown as TakeoverPlan;
  const names = { [ALICE]: "alice@contoso.com", [BOB]: "bob@contoso.com" };

  it("names the ids in descriptions, notes, reasons, warnings and errors, and keeps the ids in the data", () => {
    expect(namedPlan(plan, names)).to.deep.equal({
      managedPolicy: { marker: ALICE },
      steps: [
        {
          kind: "updatePolicy",
          policyId: ALICE,
          description: "Exclude alice@contoso.com",
          undo: { kind: "updatePolicy", policyId: ALICE, description: "Include alice@contoso.com again" },
        },
      ],
      journal: [{ policyId: ALICE }],
      takenOver: [{ policyId: ALICE, displayName: "Alice: MFA", notes: ["Moved alice@contoso.com", "Moved bob@contoso.com"] }],
      leftAlone: [{ policyId: BOB, displayName: "Bob: block", reason: "It blocks bob@contoso.com" }],
      warnings: ["alice@contoso.com has no MFA method"],
      errors: ["bob@contoso.com is the only break-glass account"],
    });
  });

  it("hands back the very same plan when no names were given", () => {
    expect(namedPlan(plan, {})).to.equal(plan);
  });
});
