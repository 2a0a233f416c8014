// The journal entry for an adopted policy: what a destroy writes back to give the policy back as it was found.

import { expect } from "chai";
import { managedPolicyBody } from "../../provider/plan/managed-policy";
import { adoptionEntry } from "../../provider/plan/steps";
import { policy, spec } from "./fixtures";

describe("adoptionEntry", () => {
  it("records every condition either side has, without OData annotations (Graph refuses them in a PATCH)", () => {
    const found = policy({ displayName: "Theirs", conditions: { "platforms@odata.context": "x", platforms: { includePlatforms: ["android"] } } });
    const entry = adoptionEntry(found, managedPolicyBody(spec()), null);
    const conditions = entry.previous.conditions as Record<string, unknown>;
    expect(Object.keys(conditions).filter((k) => k.includes("@odata"))).to.deep.equal([]);
    expect(conditions.platforms).to.deep.equal({ includePlatforms: ["android"] });
    expect(conditions.users).to.deep.equal(found.conditions.users);
    expect(entry.previous.displayName).to.equal("Theirs");
    expect(entry.set).to.deep.equal({});
  });
});
