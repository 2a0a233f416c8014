// Carrying a taken-over policy's exclusions into the managed policy, and who blocks it.

import { expect } from "chai";
import { classify, type Candidate } from "../../provider/plan/candidates";
import { specExclusionConflict, takeOverOne, type Source } from "../../provider/plan/carry-over";
import { NO_TARGETS } from "../../provider/plan/managed-policy";
import { id, policy, spec, type PolicyOptions } from "./fixtures";

function candidate(users: PolicyOptions["users"]): Candidate {
  const v = classify(policy({ displayName: "Taken", users }), { type: "builtIn" }, spec());
  if (typeof v === "string" || !("candidate" in v)) throw new Error(`expected a candidate, got ${JSON.stringify(v)}`);
  return v.candidate;
}
const everyone = (name: string): Source => ({ name, targets: { ...NO_TARGETS, includeAllUsers: true } });

describe("carry-over", () => {
  it("names only the users and groups the managed policy excludes, no roles", () => {
    const said = specExclusionConflict(spec({ excludeUsers: [id(4)] }), { ...NO_TARGETS, includeAllUsers: true });
    expect(said).to.contain(`users `).and.not.contain("roles");
  });

  it("does not count the candidate itself among the sources that keep its guests covered", () => {
    const c = candidate({ includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: null } as never });
    expect(c.excludedGuests).to.equal(true);
    const self: Source = { name: '"Taken"', targets: c.targets };
    const { uncarried } = takeOverOne(c, [self, everyone("Other")]);
    expect(uncarried).to.contain("but Other may require");
    expect(takeOverOne(c, [self]).uncarried).to.match(/but \S/);
  });

  it("names every source covering an exclusion it cannot carry, and nothing else", () => {
    const c = candidate({ includeUsers: ["All"], excludeUsers: [id(4)] });
    const { uncarried, taken } = takeOverOne(c, [{ name: "Self", targets: c.targets }, everyone("A"), everyone("B")]);
    expect(uncarried).to.contain("but A, B may require");
    expect(taken.movedTargets.excludeUsers).to.deep.equal([]);
  });
});
