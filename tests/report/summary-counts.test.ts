// The report summary's counts, pinned on a tenant where every count that could be mistaken for another differs.

import { expect } from "chai";
import type { DirectorySnapshot } from "../../provider/report/directory";
import { buildReport } from "../../provider/report/report";
import { GLOBAL_ADMIN, guest, member, policy, registered, tenant, USER_ADMIN } from "./tenant";

/**
 * 13 users: 10 members (2 of them disabled) and 3 guests (one internal). Of the 11 enabled: 5 covered, 2 partial,
 * 1 report-only, 3 not covered; 5 registered nothing (plus one disabled); 4 users have no registration row.
 */
function countedTenant(): DirectorySnapshot {
  const snapshot = tenant({
    users: [
      ...["m1", "m2", "m3", "m4", "m5", "m6", "m7"].map((id) => member(id)),
      member("m8", { accountEnabled: false }),
      member("m9", { accountEnabled: false }),
      member("m10"),
      guest("g1"),
      guest("g2"),
      member("g3", { userType: "Guest" }),
    ],
    groups: {
      "g-staff": { displayName: "Staff", transitiveUserIds: ["m1", "m2", "m3", "m4", "m8"] },
      "g-office": { displayName: "Office users", transitiveUserIds: ["m1", "m3", "m5", "m6"] },
    },
    directoryRoles: {
      [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["m1", "m5", "m9"] },
      [USER_ADMIN]: { displayName: "User Administrator", memberUserIds: ["m2"] },
    },
    policies: [
      policy({ id: "p-staff", displayName: "A staff", users: { includeGroups: ["g-staff"], excludeUsers: ["m4"] } }),
      policy({
        id: "p-guests",
        displayName: "B guests",
        users: { includeUsers: ["GuestsOrExternalUsers"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "all" } } },
      }),
      policy({ id: "p-office", displayName: "C office", users: { includeGroups: ["g-office"] }, applications: { includeApplications: ["Office365"] } }),
      policy({ id: "p-pilot", displayName: "D pilot", state: "enabledForReportingButNotEnforced", users: { includeUsers: ["m7", "m8"] } }),
      policy({ id: "p-either", displayName: "E either", users: { includeUsers: ["m4", "m10"] }, grant: { operator: "OR", controls: ["mfa", "compliantDevice"] } }),
    ],
    registrations: {
      ...Object.fromEntries(["m1", "m2", "g1"].map((id) => [id, registered(id, ["microsoftAuthenticatorPush"])])),
      ...Object.fromEntries(["m3", "m4", "m5", "m6", "m10", "m8"].map((id) => [id, registered(id, [])])),
    },
    systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: "g-office", targetType: "group" }], excludeTargets: [{ id: "m6", targetType: "user" }] },
  });
  delete snapshot.perUserMfa["g2"];
  delete snapshot.perUserMfa["g3"];
  return snapshot;
}

describe("report summary counts", () => {
  const summary = () => buildReport(countedTenant()).summary;

  it("counts users by kind: members and guests, enabled and disabled, admins whatever their state", () => {
    expect(summary().users).to.deep.equal({ total: 13, enabled: 11, disabled: 2, members: 10, guests: 3, admins: 4 });
  });

  it("counts enabled users by verdict, those who registered no MFA method, and those whose registration is unknown", () => {
    // 11 enabled: 3 registered a method, 5 registered none, and 3 have no registration record at all.
    expect(summary().enabledUsers).to.deep.equal({ covered: 5, partial: 2, reportOnlyOnly: 1, notCovered: 3, mfaNotRegistered: 5, mfaRegistrationUnknown: 3 });
  });

  it("counts, per policy, the enabled users it applies to and those it excludes", () => {
    expect(summary().policies.map((p) => [p.policy.id, p.role, p.appliesToUsers, p.excludedUsers])).to.deep.equal([
      ["p-staff", "enforcing", 3, 1],
      ["p-guests", "enforcing", 2, 1],
      ["p-office", "partial", 4, 0],
      ["p-pilot", "reportOnly", 1, 0],
      ["p-either", "optional", 2, 0],
    ]);
    expect(summary().policyCounts).to.deep.equal({ enforcing: 2, partial: 1, reportOnly: 1, optional: 1, notInForce: 0 });
  });

  it("names only the enabled admins MFA does not cover on every sign-in", () => {
    expect(summary().adminsNotCovered.map((a) => [a.id, a.mfaEnforced, a.adminRoles])).to.deep.equal([["m5", "partial", ["Global Administrator"]]]);
  });

  it("counts system-preferred MFA over enabled users, and says how many registrations and per-user states are unknown", () => {
    const s = summary();
    expect(s.systemPreferred.appliesToUsers).to.equal(3);
    expect(s.warnings).to.include("MFA registration is unknown for 4 users.");
    expect(s.warnings).to.include("Legacy per-user MFA state is unknown for 2 users.");
  });

  it("counts registered users neither as unregistered nor as unknown", () => {
    const snapshot = tenant({ users: ["a", "b", "c", "d"].map((id) => member(id)), registrations: { a: registered("a", ["fido2"]), b: registered("b", ["fido2"]), c: registered("c", ["fido2"]), d: registered("d", []) } });
    expect(buildReport(snapshot).summary.enabledUsers).to.include({ mfaNotRegistered: 1, mfaRegistrationUnknown: 0 });
  });

  it("lists the admins not covered by user principal name, whatever order the directory gave them in", () => {
    const snapshot = tenant({ users: [member("zed"), member("amy"), member("kim")], directoryRoles: { [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["zed", "amy", "kim"] } } });
    expect(buildReport(snapshot).summary.adminsNotCovered.map((a) => a.userPrincipalName)).to.deep.equal(["amy@contoso.example", "kim@contoso.example", "zed@contoso.example"]);
  });

  it("says nothing of unknown registrations or per-user states when every user has them", () => {
    const snapshot = tenant({ users: [member("a"), member("b")], registrations: { a: registered("a", []), b: registered("b", ["fido2"]) } });
    expect(buildReport(snapshot).summary.warnings.join("\n")).to.not.match(/unknown for/);
  });
});
