// How the report decodes a targeting side and what it warns about, read directly from the decoder and the context.

import { expect } from "chai";
import { prepareContext } from "../../provider/report/evaluate";
import { matchSide, MembershipIndex, methodTargets, policyTargets } from "../../provider/report/targeting";
import { users } from "../plan/fixtures";
import { guest, member, policy, tenant } from "./tenant";

const noDirectory = new MembershipIndex({ groups: {}, directoryRoles: {} });

describe("report targeting sides", () => {
  it("decodes keywords out of the user list, in any case, and ids lower-cased", () => {
    const { include, exclude } = policyTargets(users({ includeUsers: ["ALL", "none", "GuestsOrExternalUsers", "Alice"], includeGroups: ["G1"], includeRoles: ["R1"], excludeUsers: ["Bob"] }));
    expect(include.all).to.equal(true);
    expect([...include.userIds]).to.deep.equal(["alice"]);
    expect([include.groupIds, include.roleIds]).to.deep.equal([["g1"], ["r1"]]);
    expect(include.guests).to.deep.equal({ types: new Set(["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember"]), allTenants: true });
    expect([...exclude.userIds, exclude.all, exclude.guests]).to.deep.equal(["bob", false, null]);
    expect(policyTargets(null).include).to.deep.equal({ all: false, userIds: new Set(), groupIds: [], roleIds: [], guests: null });
  });

  it("reads a typed guest rule's types, trimmed, without 'none', and whether it names all tenants", () => {
    const side = (rule: object) => policyTargets(users({ includeGuestsOrExternalUsers: rule as never })).include.guests;
    expect(side({ guestOrExternalUserTypes: " internalGuest ,none,,b2bCollaborationGuest", externalTenants: { membershipKind: "all" } })).to.deep.equal({
      types: new Set(["internalGuest", "b2bCollaborationGuest"]),
      allTenants: true,
    });
    expect(side({ guestOrExternalUserTypes: "internalGuest" })).to.deep.equal({ types: new Set(["internalGuest"]), allTenants: true });
    expect(side({ guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "enumerated", members: ["t"] } })!.allTenants).to.equal(false);
    expect(side({ guestOrExternalUserTypes: "none" })).to.equal(null);
  });

  it("decodes system-preferred targets: all_users in any case, users and groups by type", () => {
    const side = methodTargets([
      { id: "ALL_USERS", targetType: "group" },
      { id: "U1", targetType: "user" },
      { id: "G1", targetType: "group" },
    ]);
    expect([side.all, [...side.userIds], side.groupIds, side.roleIds, side.guests]).to.deep.equal([true, ["u1"], ["g1"], [], null]);
    expect(methodTargets([{ id: "G1", targetType: "group" }]).all).to.equal(false);
    expect(methodTargets(undefined)).to.deep.equal({ all: false, userIds: new Set(), groupIds: [], roleIds: [], guests: null });
  });

  it("matches every reason on a side, a group listed twice for a user once", () => {
    const index = new MembershipIndex({
      groups: { G1: { displayName: "One", transitiveUserIds: ["u1", "U1"] }, g2: { transitiveUserIds: ["u1"] } },
      directoryRoles: { R1: { displayName: "Role", memberUserIds: ["u1"] } },
    });
    const side = policyTargets(users({ includeUsers: ["All", "u1"], includeGroups: ["g1", "g2"], includeRoles: ["r1"] })).include;
    expect(matchSide(side, member("u1"), index, false)).to.deep.equal([
      { via: "allUsers" },
      { via: "user" },
      { via: "group", groupId: "g1", groupName: "One" },
      { via: "group", groupId: "g2", groupName: undefined },
      { via: "role", roleTemplateId: "r1", roleName: "Role" },
    ]);
    expect(index.groupsOf("u1")).to.deep.equal(["g1", "g2"]);
    expect(index.groupsOf("nobody")).to.deep.equal([]);
    expect(index.rolesOf("nobody")).to.deep.equal([]);
  });

  it("a guest rule naming enumerated tenants includes nobody and excludes guests of its types", () => {
    const rule = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "enumerated" as const, members: ["t"] } };
    const { include } = policyTargets(users({ includeGuestsOrExternalUsers: rule }));
    expect(matchSide(include, guest("g"), noDirectory, false)).to.deep.equal([]);
    expect(matchSide(include, guest("g"), noDirectory, true)).to.deep.equal([{ via: "guestOrExternal", userType: "b2bCollaborationGuest", homeTenantUnknown: true }]);
    expect(matchSide(include, member("m"), noDirectory, true)).to.deep.equal([]);
    expect(matchSide(include, member("local", { userType: "GUEST" }), noDirectory, true)).to.deep.equal([]);
  });
});

describe("report context warnings", () => {
  it("warns of uncollected groups only for policies in force, and of system-preferred groups", () => {
    const context = prepareContext(
      tenant({
        users: [member("a")],
        policies: [
          policy({ id: "p-in", displayName: "In force", users: { includeGroups: ["g-missing"], excludeGroups: ["g-gone"] } }),
          policy({ id: "p-ro", displayName: "Pilot", state: "enabledForReportingButNotEnforced", users: { includeGroups: ["g-ro"] } }),
        ],
        systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: "g-sp", targetType: "group" }], excludeTargets: [] },
      }),
    );
    expect(context.warnings).to.deep.equal([
      'Policy "In force" [p-in] references groups whose members were not collected (g-missing, g-gone): they count as empty, so this policy\'s coverage and exclusions may be wrong.',
      'Policy "Pilot" [p-ro] references groups whose members were not collected (g-ro): they count as empty, so this policy\'s coverage and exclusions may be wrong.',
      "System-preferred MFA targets groups whose members were not collected (g-sp).",
    ]);
  });

  it("with Security Defaults on, counts the enabled MFA policies it ignores and does not ask for their groups", () => {
    const context = prepareContext(
      tenant({
        securityDefaults: { isEnabled: true },
        users: [member("a")],
        policies: [policy({ id: "p1", users: { includeGroups: ["g-missing"] } }), policy({ id: "p2", users: { includeUsers: ["All"] } }), policy({ id: "p3", state: "enabledForReportingButNotEnforced", users: { includeUsers: ["All"] } })],
      }),
    );
    expect(context.warnings).to.deep.equal(["Security Defaults are on, so Conditional Access is not in force: 2 enabled MFA policies are ignored."]);
    expect(prepareContext(tenant({ securityDefaults: { isEnabled: true }, users: [] })).warnings).to.deep.equal([]);
  });

  it("says nothing when the managed policy is there, and names system-preferred groups with their names", () => {
    const context = prepareContext(
      tenant({
        users: [member("a")],
        managedPolicyId: "P-1",
        policies: [policy({ id: "p-1", users: { includeUsers: ["All"] } })],
        groups: { "g-sp": { displayName: "Pilot", transitiveUserIds: [] } },
        systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: "g-sp", targetType: "group" }, { id: "g-sp", targetType: "user" }], excludeTargets: [] },
      }),
    );
    expect(context.warnings).to.deep.equal([]);
    expect(context.systemPreferred!.includeTargets).to.deep.equal([{ id: "g-sp", targetType: "group", displayName: "Pilot" }, { id: "g-sp", targetType: "user" }]);
  });

  it("sorts policies by display name, then id, and leaves out disabled ones and those MFA is only one way through when not enabled", () => {
    const context = prepareContext(
      tenant({
        users: [],
        policies: [
          policy({ id: "p-b", displayName: "Same" }),
          policy({ id: "p-a", displayName: "Same" }),
          policy({ id: "p-0", displayName: "First" }),
          policy({ id: "p-off", state: "disabled" }),
          policy({ id: "p-or-ro", state: "enabledForReportingButNotEnforced", grant: { operator: "OR", controls: ["mfa", "compliantDevice"] } }),
          policy({ id: "p-block", grant: { controls: ["block"] } }),
        ],
      }),
    );
    expect(context.policies.map((p) => p.ref.id)).to.deep.equal(["p-0", "p-a", "p-b"]);
  });
});
