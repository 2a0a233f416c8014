// Which taken-over policies get their MFA back when the managed policy is updated to enforce less.

import { expect } from "chai";
import { entriesToGiveBack } from "../../provider/plan/give-back";
import { NO_TARGETS } from "../../provider/plan/managed-policy";
import type { MfaControl } from "../../provider/plan/mfa-controls";
import type { JournalEntry } from "../../provider/plan/steps";
import { grant, id, PHISHING_RESISTANT, spec } from "./fixtures";

const MFA: MfaControl = { type: "builtIn" };

function entry(o: Partial<JournalEntry> = {}): JournalEntry {
  return {
    policyId: id(1),
    displayName: "Taken over",
    action: "disable",
    previousState: "enabled",
    previousGrantControls: grant("OR", ["mfa"]),
    set: { state: "disabled" },
    previous: { state: "enabled" },
    movedTargets: { ...NO_TARGETS, includeAllUsers: true },
    ...o,
  };
}

describe("give-back: entries whose MFA the updated managed policy no longer covers", () => {
  it("gives nothing back while the managed policy still covers the same people with MFA", () => {
    expect(entriesToGiveBack([entry()], [], spec(), MFA)).to.deep.equal([]);
  });

  it("never gives back an adoption, even when the managed policy stops enforcing", () => {
    const adopted = entry({ action: "adopt" });
    const disabled = entry();
    expect(entriesToGiveBack([adopted, disabled], [], spec({ state: "disabled" }), MFA)).to.deep.equal([disabled]);
  });

  it("gives back a policy whose users the managed policy now excludes", () => {
    const e = entry();
    expect(entriesToGiveBack([e], [], spec({ excludeUsers: [id(4)] }), MFA)).to.deep.equal([e]);
  });

  it("gives nothing back for an entry that recorded no MFA grant", () => {
    expect(entriesToGiveBack([entry({ previousGrantControls: null })], [], spec(), MFA)).to.deep.equal([]);
  });

  it("keeps a stronger policy taken over while the managed policy requires the same strength, and gives it back otherwise", () => {
    const strong = entry({ previousGrantControls: grant("OR", [], PHISHING_RESISTANT) });
    expect(entriesToGiveBack([strong], [], spec(), { type: "strength", strengthId: PHISHING_RESISTANT })).to.deep.equal([]);
    expect(entriesToGiveBack([strong], [], spec(), MFA)).to.deep.equal([strong]);
  });
});
