import { expect } from "chai";
import { inferJournal, takenOverAs } from "../../provider/plan/inferred-journal";
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

  const infer = (policies: ReturnType<typeof policy>[], managedPolicy: ReturnType<typeof policy>, s = spec({ includeAllUsers: false, includeUsers: [alice] })) =>
    inferJournal({ securityDefaults: { isEnabled: false }, policies: [managedPolicy, ...policies], managedPolicyId: managedPolicy.id }, s).map((e) => e.displayName);

  it("takes a policy whose includes are partly the spec's own, as long as one came from it alone", () => {
    const both = policy({ displayName: "Alice and Bob: MFA", state: "disabled", users: { includeUsers: [alice, bob] } });
    expect(infer([both], managed([alice, bob]))).to.deep.equal(["Alice and Bob: MFA"]);
  });

  it("takes an all-users policy when the managed policy covers all users and the spec does not", () => {
    const everyone = policy({ displayName: "Everyone: MFA", state: "disabled", users: { includeUsers: ["All"] } });
    expect(infer([everyone], managed(["All", alice]))).to.deep.equal(["Everyone: MFA"]);
  });

  it("leaves an all-users policy when the managed policy does not cover all users", () => {
    const everyone = policy({ displayName: "Everyone: MFA", state: "disabled", users: { includeUsers: ["All"] } });
    expect(infer([everyone], managed([alice, bob]))).to.deep.equal([]);
  });

  // All users in the managed policy is then the spec's own doing, not something moved in.
  it("leaves an all-users policy when the spec itself names all users", () => {
    const everyone = policy({ displayName: "Everyone: MFA", state: "disabled", users: { includeUsers: ["All"] } });
    expect(infer([everyone], managed(["All"]), spec({ includeAllUsers: true }))).to.deep.equal([]);
  });
});

describe("takenOverAs", () => {
  it("is 'disable' for a disabled policy that requires MFA, 'stripMfa' for an enabled one that no longer does", () => {
    expect(takenOverAs(policy({ state: "disabled" }))).to.equal("disable");
    expect(takenOverAs(policy({ state: "enabled", grantControls: grant("OR", ["compliantDevice"]) }))).to.equal("stripMfa");
  });

  // A take-over either disables a policy (its MFA kept) or strips MFA from one it leaves on; nothing else is its work.
  it("is nothing for a disabled policy without MFA, a policy still enforcing MFA, or a report-only one", () => {
    expect(takenOverAs(policy({ state: "disabled", grantControls: grant("OR", ["compliantDevice"]) }))).to.equal(undefined);
    expect(takenOverAs(policy({ state: "enabled" }))).to.equal(undefined);
    expect(takenOverAs(policy({ state: "enabledForReportingButNotEnforced", grantControls: grant("OR", ["compliantDevice"]) }))).to.equal(undefined);
    expect(takenOverAs(policy({ state: "enabledForReportingButNotEnforced" }))).to.equal(undefined);
  });
});
