import { expect } from "chai";
import { inferJournal } from "../../provider/plan/inferred-journal";
import { grant, id, policy, spec } from "./fixtures";

describe("inferJournal (a preview's stand-in for the journal)", () => {
  const alice = id(11);
  const bob = id(12);
  const engineering = id(21);
  const managed = (includeUsers: string[], includeGroups: string[] = [], excludeUsers: string[] = []) =>
    policy({ displayName: "managed", users: { includeUsers, includeGroups, excludeUsers } });

  it("takes a disabled MFA policy and an MFA-stripped one whose includes the managed policy holds beyond the spec", () => {
    const carried = id(31);
    const m = managed([alice, bob], [engineering], [carried]);
    const disabled = policy({ displayName: "Bob: MFA", state: "disabled", users: { includeUsers: [bob] } });
    const stripped = policy({ displayName: "Engineering: MFA and device", users: { includeGroups: [engineering], excludeUsers: [carried, id(32)] }, grantControls: grant("AND", ["compliantDevice"]) });
    const journal = inferJournal({ securityDefaults: { isEnabled: false }, policies: [m, disabled, stripped], managedPolicyId: m.id }, spec({ includeAllUsers: false, includeUsers: [alice] }));
    expect(journal.map((e) => [e.displayName, e.action])).to.deep.equal([
      ["Bob: MFA", "disable"],
      ["Engineering: MFA and device", "stripMfa"],
    ]);
    // Only the exclusion the managed policy carries counts as carried.
    expect(journal[1]!.movedTargets.excludeUsers).to.deep.equal([carried]);
  });

  it("leaves out a policy that still enforces MFA, one whose includes the spec names itself, and one reaching beyond the managed policy", () => {
    const m = managed([alice, bob]);
    const stillMfa = policy({ displayName: "Bob: MFA", users: { includeUsers: [bob] } });
    const ownTargets = policy({ displayName: "Alice: MFA, disabled", state: "disabled", users: { includeUsers: [alice] } });
    const beyond = policy({ displayName: "Bob and others", state: "disabled", users: { includeUsers: [bob, id(13)] } });
    const journal = inferJournal(
      { securityDefaults: { isEnabled: false }, policies: [m, stillMfa, ownTargets, beyond], managedPolicyId: m.id },
      spec({ includeAllUsers: false, includeUsers: [alice] }),
    );
    expect(journal).to.deep.equal([]);
  });

  it("infers nothing without a managed policy", () => {
    const disabled = policy({ state: "disabled", users: { includeUsers: [bob] } });
    expect(inferJournal({ securityDefaults: { isEnabled: false }, policies: [disabled] }, spec())).to.deep.equal([]);
  });
});
