import { expect } from "chai";
import { validateManagedMfaPolicy } from "../../provider/plan/inputs";
import { graphState, managedPolicyBody } from "../../provider/plan/managed-policy";
import { journalEntries, mergeEntries, packIds, packJournal, unpackIds, type LegacyMfaState } from "../../provider/plan/per-user-journal";
import {
  journalAfter,
  planPerUserMfa,
  planPerUserRestore,
  PER_USER_MFA_NOTES,
  type AppliedManagedPolicy,
  type PerUserMfaUser,
  type ScopeMembers,
} from "../../provider/plan/per-user-mfa";
import type { ManagedMfaPolicyArgs } from "../../provider/plan/inputs";
import type { PerUserMfaState } from "../../provider/graph/types";
import { id } from "./fixtures";

/** The managed policy as it would apply for these inputs (enabled unless told otherwise). */
function policyFor(args: ManagedMfaPolicyArgs): AppliedManagedPolicy {
  const spec = validateManagedMfaPolicy(args).spec;
  return { id: id(9), ...managedPolicyBody(spec), state: graphState(spec.state) };
}

let users = 0;
const user = (perUserMfaState: PerUserMfaState | null, more: Partial<PerUserMfaUser> = {}): PerUserMfaUser => ({
  id: id(1),
  userPrincipalName: `user${++users}@contoso.com`,
  accountEnabled: true,
  userType: "Member",
  perUserMfaState,
  ...more,
});

const NO_MEMBERS: ScopeMembers = { groupUsers: new Map(), roleUsers: new Map() };
const members = (groups: Record<string, string[]> = {}, roles: Record<string, string[]> = {}): ScopeMembers => ({
  groupUsers: new Map(Object.entries(groups).map(([g, u]) => [g, new Set(u)])),
  roleUsers: new Map(Object.entries(roles).map(([r, u]) => [r, new Set(u)])),
});

const plan = (users: PerUserMfaUser[], policy: AppliedManagedPolicy | undefined, more: { sd?: boolean; members?: ScopeMembers; journal?: Map<string, LegacyMfaState> } = {}) =>
  planPerUserMfa({ users, policy, securityDefaultsOn: more.sd ?? false, members: more.members ?? NO_MEMBERS, journal: more.journal ?? new Map() });

const moved = (p: ReturnType<typeof plan>) => p.move.map((m) => `${m.userId}:${m.previous}`);

describe("per-user MFA migration plan", () => {
  it("moves enabled and enforced users an all-users policy covers, journaling the state each had; disabled users are not touched", () => {
    const [a, b, c] = [user("enabled"), user("enforced"), user("disabled")];
    const p = plan([a, b, c], policyFor({ includeAllUsers: true }));
    expect(moved(p)).to.deep.equal([`${a.id}:enabled`, `${b.id}:enforced`]);
    expect(p.left).to.deep.equal([]);
    expect(p.heldBack).to.equal(undefined);
    expect(p.notes).to.include.members(PER_USER_MFA_NOTES);
    expect(p.notes.join(" ")).to.match(/App passwords stop working/).and.match(/trusted IPs/).and.match(/re-register nothing/);
  });

  it("leaves a break-glass user excluded by name, and users excluded through a nested group, with the reason", () => {
    const [breakGlass, inner, other] = [user("enforced"), user("enabled"), user("enabled")];
    const outer = id(2);
    const policy = policyFor({ includeAllUsers: true, excludeUsers: [breakGlass.id], excludeGroups: [outer] });
    const p = plan([breakGlass, inner, other], policy, { members: members({ [outer]: [inner.id] }) });
    expect(moved(p)).to.deep.equal([`${other.id}:enabled`]);
    expect(p.left.map((l) => [l.userId, l.state])).to.deep.equal([[breakGlass.id, "enforced"], [inner.id, "enabled"]]);
    expect(p.left[0]!.reason).to.match(/excluded .* by name/);
    expect(p.left[1]!.reason).to.contain(`through the group ${outer}`);
  });

  it("moves a user in scope only through a nested group, and leaves one outside the included groups", () => {
    const [nested, outside] = [user("enforced"), user("enforced")];
    const group = id(3);
    const p = plan([nested, outside], policyFor({ includeGroups: [group] }), { members: members({ [group]: [nested.id] }) });
    expect(moved(p)).to.deep.equal([`${nested.id}:enforced`]);
    expect(p.left.map((l) => l.userId)).to.deep.equal([outside.id]);
    expect(p.left[0]!.reason).to.match(/outside the managed policy's users, groups and roles/);
  });

  it("covers by included user and role; a role exclusion wins", () => {
    const [byId, byRole, excludedRole] = [user("enabled"), user("enabled"), user("enabled")];
    const role = id(4);
    const policy = policyFor({ includeUsers: [byId.id], includeRoles: [role] });
    const p = plan([byId, byRole], policy, { members: members({}, { [role]: [byRole.id] }) });
    expect(moved(p)).to.deep.equal([`${byId.id}:enabled`, `${byRole.id}:enabled`]);
    const withExclusion = { ...policy, conditions: { ...policy.conditions!, users: { ...policy.conditions!.users!, includeUsers: ["All"], excludeRoles: [role] } } };
    const q = plan([excludedRole], withExclusion, { members: members({}, { [role]: [excludedRole.id] }) });
    expect(q.move).to.deep.equal([]);
    expect(q.left[0]!.reason).to.contain(`through the role ${role}`);
  });

  it("moves guests and disabled accounts an all-users policy covers; a guest exclusion leaves guests", () => {
    const [guest, disabledAccount] = [user("enforced", { userType: "Guest" }), user("enabled", { accountEnabled: false })];
    const policy = policyFor({ includeAllUsers: true });
    expect(moved(plan([guest, disabledAccount], policy))).to.deep.equal([`${guest.id}:enforced`, `${disabledAccount.id}:enabled`]);
    const noGuests = { ...policy, conditions: { ...policy.conditions!, users: { ...policy.conditions!.users!, excludeUsers: ["GuestsOrExternalUsers"] } } };
    const p = plan([guest, disabledAccount], noGuests);
    expect(moved(p)).to.deep.equal([`${disabledAccount.id}:enabled`]);
    expect(p.left[0]!.reason).to.match(/guest/);
  });

  it("while Security Defaults is on, nobody is switched off: held back with the reason, and the plan says what happens", () => {
    const users = [user("enabled"), user("enforced")];
    const p = plan(users, policyFor({ includeAllUsers: true }), { sd: true });
    expect(p.move).to.deep.equal([]);
    expect(p.heldBack).to.match(/Security Defaults is on/);
    expect(p.left.map((l) => l.userId)).to.deep.equal(users.map((u) => u.id));
    expect(p.notes.join(" ")).to.match(/no one is switched off per-user MFA until the managed policy itself enforces/);
  });

  it("holds back while the policy is report-only or disabled, scoped to some applications, or does not exist", () => {
    const users = [user("enforced")];
    expect(plan(users, policyFor({ includeAllUsers: true, state: "reportOnly" })).heldBack).to.match(/report-only/);
    expect(plan(users, policyFor({ includeAllUsers: true, state: "disabled" })).heldBack).to.match(/disabled/);
    expect(plan(users, policyFor({ includeAllUsers: true, applications: [id(5)] })).heldBack).to.match(/only to some sign-ins/);
    expect(plan(users, undefined).heldBack).to.match(/no managed policy/);
    for (const p of [plan(users, policyFor({ includeAllUsers: true, state: "reportOnly" })), plan(users, undefined)]) expect(p.move).to.deep.equal([]);
  });

  it("never switches a user whose state could not be read", () => {
    const unknown = user(null);
    const p = plan([unknown], policyFor({ includeAllUsers: true }));
    expect(p.move).to.deep.equal([]);
    expect(p.left).to.deep.equal([{ userId: unknown.id, userPrincipalName: unknown.userPrincipalName, state: "unknown", reason: "the per-user MFA state could not be read" }]);
  });

  it("a re-run: journaled users already disabled are not moved again; one switched back on by hand moves again, keeping the earlier state", () => {
    const [done, reEnabled] = [user("disabled"), user("enabled")];
    const journal = new Map<string, LegacyMfaState>([[done.id, "enforced"], [reEnabled.id, "enforced"]]);
    const p = plan([done, reEnabled], policyFor({ includeAllUsers: true }), { journal });
    expect(moved(p)).to.deep.equal([`${reEnabled.id}:enforced`]);
    expect(p.giveBack).to.deep.equal([]);
    expect([...journalAfter(journal, p)]).to.deep.equal([...journal]);
  });

  it("gives per-user MFA back to journaled users the policy no longer covers; a journaled user back on per-user MFA is released", () => {
    const [nowExcluded, handEnabled, stillCovered] = [user("disabled"), user("enforced"), user("disabled")];
    const journal = new Map<string, LegacyMfaState>([[nowExcluded.id, "enabled"], [handEnabled.id, "enforced"], [stillCovered.id, "enforced"]]);
    const policy = policyFor({ includeAllUsers: true, excludeUsers: [nowExcluded.id, handEnabled.id] });
    const p = plan([nowExcluded, handEnabled, stillCovered], policy, { journal });
    expect(p.giveBack.map((g) => `${g.userId}:${g.previous}`)).to.deep.equal([`${nowExcluded.id}:enabled`]);
    expect(p.released).to.deep.equal([handEnabled.id]);
    expect([...journalAfter(journal, p).keys()]).to.deep.equal([stillCovered.id]);
    // The policy lowered to report-only: everyone journaled gets it back.
    const q = plan([nowExcluded, stillCovered], policyFor({ includeAllUsers: true, state: "reportOnly" }), { journal });
    expect(q.giveBack.map((g) => g.userId)).to.deep.equal([nowExcluded.id, stillCovered.id]);
  });
});

describe("takeOver.perUserMfa input", () => {
  it("defaults to leave, takes migrate, and refuses anything else naming the input", () => {
    expect(validateManagedMfaPolicy({}).spec.takeOver.perUserMfa).to.equal("leave");
    expect(validateManagedMfaPolicy({ takeOver: { perUserMfa: "migrate" } }).spec.takeOver.perUserMfa).to.equal("migrate");
    const failures = validateManagedMfaPolicy({ includeAllUsers: true, takeOver: { perUserMfa: "move" as never } }).failures;
    expect(failures.map((f) => f.property)).to.deep.equal(["takeOver.perUserMfa"]);
    expect(failures[0]!.reason).to.contain('"migrate", "leave"');
  });
});

describe("per-user MFA journal", () => {
  it("packs ids losslessly, whatever their case, and unpacks them sorted", () => {
    const ids = [id(1), id(2), id(3)].map((x, i) => (i === 1 ? x.toUpperCase() : x));
    expect(unpackIds(packIds(ids))).to.deep.equal(ids.map((x) => x.toLowerCase()).sort());
    expect(unpackIds("")).to.deep.equal([]);
    expect(() => packIds(["not-a-guid"])).to.throw(/not an object id/);
  });

  it("round-trips entries by state, and merging keeps the earlier state", () => {
    const [a, b, c] = [id(1), id(2), id(3)];
    const entries = new Map<string, LegacyMfaState>([[a, "enabled"], [b, "enforced"]]);
    const packed = packJournal(entries);
    expect(packed.count).to.equal(2);
    expect([...journalEntries(packed)].sort()).to.deep.equal([...entries].sort());
    expect([...mergeEntries(entries, [[b, "enabled"], [c, "enabled"]])].sort()).to.deep.equal([[a, "enabled"], [b, "enforced"], [c, "enabled"]].sort());
  });

  it("1,000 users (2% of a 50,000-user tenant) take about 22 characters each in state", () => {
    const entries = new Map<string, LegacyMfaState>(Array.from({ length: 1000 }, (_, i) => [id(i), i % 3 ? "enabled" : "enforced"]));
    const size = JSON.stringify(packJournal(entries)).length;
    const plain = JSON.stringify([...entries].map(([userId, previous]) => ({ userId, previous }))).length;
    expect(size).to.be.below(1000 * 24);
    expect(size * 2).to.be.below(plain);
  });
});

describe("per-user MFA restore plan", () => {
  it("puts back exactly the journaled users whose state differs, and names those gone", () => {
    const [a, b, c, gone, stranger] = [id(1), id(2), id(3), id(4), id(5)];
    const journal = new Map<string, LegacyMfaState>([[a, "enforced"], [b, "enabled"], [c, "enabled"], [gone, "enforced"]]);
    const current = new Map<string, PerUserMfaState | null>([[a, "disabled"], [b, "enabled"], [c, null], [stranger, "disabled"]]);
    expect(planPerUserRestore(journal, current)).to.deep.equal({ writes: [{ userId: a, state: "enforced" }, { userId: c, state: "enabled" }], gone: [gone] });
  });

  it("takes enforced as put back for a user who was enabled (Graph enforces a registered user set to enabled), not the other way", () => {
    const [wasEnabled, wasEnforced] = [id(1), id(2)];
    const journal = new Map<string, LegacyMfaState>([[wasEnabled, "enabled"], [wasEnforced, "enforced"]]);
    const current = new Map<string, PerUserMfaState | null>([[wasEnabled, "enforced"], [wasEnforced, "enabled"]]);
    expect(planPerUserRestore(journal, current).writes).to.deep.equal([{ userId: wasEnforced, state: "enforced" }]);
  });
});

describe("per-user MFA migration plan: what it says and what it keeps", () => {
  const everyone = policyFor({ includeAllUsers: true });

  it("an enabled policy whose grant is not MFA holds everyone back, and says so; a disabled or report-only one says its state", () => {
    const noMfa = { ...everyone, grantControls: { operator: "OR" as const, builtInControls: ["compliantDevice" as const], customAuthenticationFactors: [], termsOfUse: [] } };
    expect(plan([user("enforced")], noMfa).heldBack).to.equal("the managed policy's grant does not require MFA");
    expect(plan([user("enforced")], { ...noMfa, state: "disabled" }).heldBack).to.equal("the managed policy is disabled");
    expect(plan([user("enforced")], { ...noMfa, state: "enabledForReportingButNotEnforced" }).heldBack).to.equal("the managed policy is report-only");
  });

  it("a policy scoped to some sign-ins names the conditions and that per-user MFA applies to all", () => {
    const heldBack = plan([user("enforced")], policyFor({ includeAllUsers: true, applications: [id(5)] })).heldBack;
    expect(heldBack).to.match(/^the managed policy applies only to some sign-ins \(.*applications.*\), per-user MFA to all$/);
  });

  it("several narrowing conditions are listed one after another, separated by semicolons", () => {
    const app = id(5);
    const some = policyFor({ includeAllUsers: true, applications: [app] });
    const browserOnly = { ...some, conditions: { ...some.conditions, clientAppTypes: ["browser" as const] } };
    expect(plan([user("enforced")], browserOnly).heldBack).to.equal(
      `the managed policy applies only to some sign-ins (applications ${app}; client app types browser), per-user MFA to all`,
    );
  });

  it("a policy with no users condition covers nobody", () => {
    const p = plan([user("enabled")], { ...everyone, conditions: { ...everyone.conditions, users: null } });
    expect(p.move).to.deep.equal([]);
    expect(p.left[0]!.reason).to.equal("outside the managed policy's users, groups and roles");
  });

  it("a user of no stated type is a member, not a guest, under a guest exclusion", () => {
    const member = user("enabled", { userType: undefined });
    const noGuests = { ...everyone, conditions: { ...everyone.conditions, users: { ...everyone.conditions.users!, excludeUsers: ["GuestsOrExternalUsers"] } } };
    expect(moved(plan([member], noGuests))).to.deep.equal([`${member.id}:enabled`]);
  });

  it("an unreadable journaled user keeps the entry and is not listed as left; an uncovered user never journaled is not released", () => {
    const [unreadable, outside] = [user(null), user("enforced")];
    const journal = new Map<string, LegacyMfaState>([[unreadable.id, "enforced"]]);
    const p = plan([unreadable, outside], policyFor({ includeAllUsers: true, excludeUsers: [outside.id] }), { journal });
    expect(p.left.map((l) => l.userId)).to.deep.equal([outside.id]);
    expect(p.released).to.deep.equal([]);
    expect(p.giveBack).to.deep.equal([]);
    expect([...journalAfter(journal, p)]).to.deep.equal([[unreadable.id, "enforced"]]);
  });

  it("no notes when nobody is on per-user MFA, even with Security Defaults on; the Security Defaults note only while it is on", () => {
    expect(plan([user("disabled")], everyone).notes).to.deep.equal([]);
    expect(plan([user("disabled")], everyone, { sd: true }).notes).to.deep.equal([]);
    const left = plan([user("enabled")], policyFor({ includeAllUsers: false, includeUsers: [id(3)] }));
    expect(left.notes).to.have.length(PER_USER_MFA_NOTES.length);
    expect(left.notes.join(" ")).to.not.match(/Security Defaults/);
    const held = plan([user("enabled")], everyone, { sd: true });
    expect(held.notes.slice(0, -1)).to.deep.equal(left.notes);
    expect(held.notes.at(-1)).to.match(/^Security Defaults is on: .*per-user MFA be disabled.*run `pulumi up` again then to move them\.$/);
  });

  it("the notes tell people that app passwords stop, that the service settings are not reached, and that nobody re-registers", () => {
    const notes = plan([user("enabled")], everyone).notes.join("\n");
    expect(notes).to.match(/App passwords stop working.*\(older Outlook, IMAP\/POP\/SMTP, scripts\) fail until they use modern authentication\./);
    expect(notes).to.match(/trusted IPs, remember multifactor authentication.*review them in the legacy multifactor authentication portal\./);
    expect(notes).to.match(/re-register nothing/);
  });

  it("held back is said only when someone readable waits for it", () => {
    const held = policyFor({ includeAllUsers: true, state: "reportOnly" });
    expect(plan([user(null)], held)).to.not.have.property("heldBack");
    expect(plan([user(null), user("enabled")], held).heldBack).to.equal("the managed policy is report-only");
    expect(plan([user("enabled")], policyFor({ includeAllUsers: false, includeUsers: [id(3)] }))).to.not.have.property("heldBack");
  });

  it("the journal after a run keeps an earlier state and adds new moves", () => {
    const [earlier, fresh] = [id(1), id(2)];
    const journal = new Map<string, LegacyMfaState>([[earlier, "enforced"]]);
    const next = journalAfter(journal, { move: [{ userId: earlier, previous: "enabled" }, { userId: fresh, previous: "enabled" }], giveBack: [], released: [] });
    expect([...next]).to.deep.equal([[earlier, "enforced"], [fresh, "enabled"]]);
  });

  it("a restore writes nobody already in the state they had", () => {
    const u = id(1);
    expect(planPerUserRestore(new Map([[u, "enforced"]]), new Map([[u, "enforced"]]))).to.deep.equal({ writes: [], gone: [] });
    expect(planPerUserRestore(new Map([[u, "enabled"]]), new Map([[u, "disabled"]])).writes).to.deep.equal([{ userId: u, state: "enabled" }]);
  });
});
