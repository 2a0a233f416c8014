// Whom a take-over or an adoption may move, when the targets are guests, excluded groups or narrower than today.

import { expect } from "chai";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { BREAK_GLASS, GLOBAL_ADMIN_ROLE, id, policy, spec } from "./fixtures";
import { reasonLeft, tenant, touched } from "./scenario-helpers";

const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
const b2bGuests = { guestOrExternalUserTypes: "b2bCollaborationGuest,internalGuest", externalTenants: { membershipKind: "all" as const } };

describe("take-over scenarios: guests", () => {
  const group = id(2);
  const someUsers = () => spec({ includeAllUsers: false, includeGroups: [group] });

  it("leaves a policy that targets guests only through includeGuestsOrExternalUsers when the managed policy does not include all users", () => {
    const guests = policy({ displayName: "Guests MFA", users: { includeGuestsOrExternalUsers: b2bGuests } });
    const plan = planMfaTakeover(tenant([guests]), someUsers());
    expect(touched(plan)).to.deep.equal([]);
    expect(plan.journal).to.deep.equal([]);
    expect(plan.takenOver).to.deep.equal([]);
    expect(reasonLeft(plan, guests)).to.contain("guests or external users").and.contain("does not include all users");
    // An all-users managed policy covers them, so there it is taken over.
    expect(planMfaTakeover(tenant([guests]), spec()).takenOver.map((t) => t.policyId)).to.deep.equal([guests.id]);
  });

  it("leaves a group-and-guests policy, and a guests-only one, alone under a group-targeted managed policy, even when the group is the same", () => {
    const mixed = policy({ displayName: "Staff and guests", users: { includeGroups: [group], includeGuestsOrExternalUsers: b2bGuests } });
    const keyword = policy({ displayName: "Guests only", users: { includeUsers: ["GuestsOrExternalUsers"] } });
    const plan = planMfaTakeover(tenant([mixed, keyword]), someUsers());
    expect(touched(plan)).to.deep.equal([]);
    expect(plan.leftAlone.map((l) => l.policyId)).to.deep.equal([mixed.id, keyword.id]);
    expect(plan.managedPolicy.body.conditions.users.includeUsers).to.deep.equal([]);
  });

  it("takes a guest policy over when another policy taken over brings all users in", () => {
    const everyone = policy({ displayName: "Everyone", users: { includeUsers: ["All"] } });
    const guests = policy({ displayName: "Guests MFA", users: { includeGuestsOrExternalUsers: b2bGuests } });
    const plan = planMfaTakeover(tenant([everyone, guests]), someUsers());
    expect(plan.takenOver.map((t) => t.policyId)).to.deep.equal([everyone.id, guests.id]);
    expect(plan.managedPolicy.body.conditions.users.includeUsers).to.deep.equal(["All"]);
  });

  it("says that guests a taken-over policy excluded will be asked for MFA: the managed policy cannot exclude them", () => {
    const noGuests = policy({ displayName: "Members", users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: b2bGuests } });
    const plan = planMfaTakeover(tenant([noGuests]), spec());
    expect(plan.takenOver).to.have.length(1);
    expect(plan.warnings).to.have.length(1);
    expect(plan.warnings[0]).to.contain('"Members"').and.contain("guests or external users").and.contain("will be asked for MFA");
  });
});

describe("take-over scenarios: the managed policy's own exclusions", () => {
  const excluded = id(8);

  it("leaves every foreign policy that may cover members of an excluded group: by group, role, all users or named users", () => {
    const byGroup = policy({ displayName: "By group", users: { includeGroups: [id(2)] } });
    const byRole = policy({ displayName: "By role", users: { includeRoles: [GLOBAL_ADMIN_ROLE] } });
    const byAll = policy({ displayName: "By all", users: { includeUsers: ["All"] } });
    const byUsers = policy({ displayName: "By users", users: { includeUsers: [id(3), id(4)] } });
    const all = [byGroup, byRole, byAll, byUsers];
    const plan = planMfaTakeover(tenant(all), spec({ excludeGroups: [excluded] }));
    expect(touched(plan)).to.deep.equal([]);
    expect(plan.journal).to.deep.equal([]);
    for (const p of all) expect(reasonLeft(plan, p), p.displayName).to.contain(`groups ${excluded}`).and.contain("would remove their MFA");
  });

  it("takes over a policy that excludes the same group, and one that names only users when the spec excludes a different user", () => {
    const sameExclusion = policy({ displayName: "Same exclusion", users: { includeUsers: ["All"], excludeGroups: [excluded.toUpperCase()] } });
    const named = id(3);
    const byUsers = policy({ displayName: "By users", users: { includeUsers: [named] } });
    const plan = planMfaTakeover(tenant([sameExclusion, byUsers]), spec({ excludeGroups: [excluded], excludeUsers: [BREAK_GLASS] }));
    expect(reasonLeft(plan, byUsers)).to.contain(`groups ${excluded}`);
    const onlyUsers = planMfaTakeover(tenant([byUsers]), spec({ excludeUsers: [BREAK_GLASS] }));
    expect(onlyUsers.takenOver.map((t) => t.policyId)).to.deep.equal([byUsers.id]);
    const sameOnly = planMfaTakeover(tenant([sameExclusion]), spec({ excludeGroups: [excluded] }));
    expect(sameOnly.takenOver.map((t) => t.policyId)).to.deep.equal([sameExclusion.id]);
    expect(sameOnly.managedPolicy.body.conditions.users.excludeGroups).to.deep.equal([excluded]);
  });

  it("leaves a policy naming a user the spec excludes, and names the user", () => {
    const byUsers = policy({ displayName: "Break-glass MFA", users: { includeUsers: [BREAK_GLASS, id(3)] } });
    const plan = planMfaTakeover(tenant([byUsers]), spec({ excludeUsers: [BREAK_GLASS] }));
    expect(touched(plan)).to.deep.equal([]);
    expect(reasonLeft(plan, byUsers)).to.contain(`users ${BREAK_GLASS}`);
  });
});

describe("adoption scenarios: targets the spec narrows", () => {
  const [g1, g2, u1, u2] = [id(2), id(2), id(3), id(3)];
  const wide = () =>
    policy({
      displayName: "Old MFA",
      users: { includeUsers: [u1, u2], includeGroups: [g1, g2], includeRoles: [GLOBAL_ADMIN_ROLE], includeGuestsOrExternalUsers: b2bGuests },
    });

  it("refuses, naming the users, groups, roles and guests who would lose MFA", () => {
    const existing = wide();
    const plan = planMfaTakeover(tenant([existing]), spec({ includeAllUsers: false, includeUsers: [u1], includeGroups: [g1], adoptPolicyId: existing.id }));
    expect(plan.errors).to.have.length(1);
    const [error] = plan.errors;
    expect(error).to.contain('Adopting "Old MFA"').and.contain(existing.id);
    expect(error).to.contain(`users ${u2}`).and.contain(`groups ${g2}`).and.contain(`roles ${GLOBAL_ADMIN_ROLE}`).and.contain("guests or external users");
    expect(error).to.not.contain(u1).and.not.contain(g1);
  });

  it("names only what is dropped", () => {
    const existing = wide();
    const keepAllButRole = spec({ includeAllUsers: false, includeUsers: [u1, u2], includeGroups: [g1, g2], adoptPolicyId: existing.id });
    const plan = planMfaTakeover(tenant([existing]), keepAllButRole);
    expect(plan.errors).to.have.length(1);
    expect(plan.errors[0]).to.contain(`roles ${GLOBAL_ADMIN_ROLE} and guests or external users`).and.not.contain("users " + u2);
  });

  it("accepts the same targets, and all users, without an error", () => {
    const existing = policy({ users: { includeUsers: [u1], includeGroups: [g1], includeRoles: [GLOBAL_ADMIN_ROLE] } });
    const same = spec({ includeAllUsers: false, includeUsers: [u1], includeGroups: [g1], includeRoles: [GLOBAL_ADMIN_ROLE], adoptPolicyId: existing.id });
    expect(planMfaTakeover(tenant([existing]), same).errors).to.deep.equal([]);
    const guests = wide();
    expect(planMfaTakeover(tenant([guests]), spec({ adoptPolicyId: guests.id })).errors).to.deep.equal([]);
  });

  it("refuses to adopt a policy on applications the spec does not cover", () => {
    const existing = policy({ displayName: "All apps MFA" });
    const plan = planMfaTakeover(tenant([existing]), spec({ applications: [EXCHANGE], adoptPolicyId: existing.id }));
    expect(plan.errors).to.have.length(1);
    expect(plan.errors[0]).to.contain('Adopting "All apps MFA"').and.contain("would stop requiring MFA for").and.contain("All");
  });

  it("adopting into report-only is the spec's own choice: said as a note, not refused", () => {
    const existing = policy({ displayName: "Enabled MFA" });
    const plan = planMfaTakeover(tenant([existing]), spec({ state: "reportOnly", adoptPolicyId: existing.id }));
    expect(plan.errors).to.deep.equal([]);
    expect(plan.warnings.join("\n")).to.contain('Adopting "Enabled MFA"').and.contain("report-only").and.contain("all users");
  });
});
