// Who the report says is protected when policies name guests by keyword or by type, and when MFA is only one way to pass.

import { expect } from "chai";
import { buildReport } from "../../provider/report/report";
import { guest, member, policy, tenant } from "./tenant";

const PHISHING_RESISTANT = "00000000-0000-0000-0000-000000000004";

describe("report scenarios: guests", () => {
  const people = () => [member("staff"), member("local-guest", { userType: "Guest" }), guest("b2b-guest"), member("b2b-member", { userPrincipalName: "b2b-member_fabrikam.example#EXT#@contoso.example" })];

  it("reports internal guests, B2B guests and B2B members excluded through the guest keyword as not covered", () => {
    const report = buildReport(
      tenant({ users: people(), policies: [policy({ id: "p-members", users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] } })] }),
    );
    expect(report.users.map((u) => [u.id, u.mfaEnforced])).to.deep.equal([
      ["staff", "yes"],
      ["local-guest", "no"],
      ["b2b-guest", "no"],
      ["b2b-member", "no"],
    ]);
    expect(report.users[1]!.excludedBy.map((x) => x.reasons)).to.deep.equal([[{ via: "guestOrExternal", userType: "internalGuest" }]]);
    expect(report.users[3]!.excludedBy.map((x) => x.reasons)).to.deep.equal([[{ via: "guestOrExternal", userType: "b2bCollaborationMember" }]]);
    expect(report.summary.enabledUsers).to.include({ covered: 1, notCovered: 3 });
  });

  it("covers only the guest types a typed rule names", () => {
    const typed = { guestOrExternalUserTypes: "internalGuest, b2bCollaborationMember", externalTenants: { membershipKind: "all" as const } };
    const report = buildReport(tenant({ users: people(), policies: [policy({ id: "p-typed", users: { includeGuestsOrExternalUsers: typed } })] }));
    expect(report.users.map((u) => [u.id, u.mfaEnforced])).to.deep.equal([
      ["staff", "no"],
      ["local-guest", "yes"],
      ["b2b-guest", "no"],
      ["b2b-member", "yes"],
    ]);
    expect(report.users[1]!.enforcedBy).to.have.length(1);
  });

  it("treats a typed rule of 'none' as naming nobody", () => {
    const none = { guestOrExternalUserTypes: "none", externalTenants: null };
    const report = buildReport(tenant({ users: people(), policies: [policy({ id: "p-none", users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: none } })] }));
    expect(report.users.every((u) => u.mfaEnforced === "yes")).to.equal(true);
  });
});

describe("report scenarios: MFA beside other controls", () => {
  it("does not count MFA OR a custom factor, or MFA OR terms of use, as MFA required", () => {
    const report = buildReport(
      tenant({
        users: [member("custom"), member("terms")],
        policies: [
          { ...policy({ id: "p-custom", users: { includeUsers: ["custom"] } }), grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: ["token"], termsOfUse: [] } },
          { ...policy({ id: "p-terms", users: { includeUsers: ["terms"] } }), grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: ["tou-1"] } },
        ],
      }),
    );
    expect(report.users.map((u) => [u.id, u.mfaEnforced, u.optionalBy.map((p) => p.id)])).to.deep.equal([
      ["custom", "no", ["p-custom"]],
      ["terms", "no", ["p-terms"]],
    ]);
    expect(report.summary.policyCounts).to.include({ optional: 2, enforcing: 0 });
  });

  it("counts MFA AND terms of use, and MFA AND a strength, as MFA required, naming what else is asked", () => {
    const report = buildReport(
      tenant({
        users: [member("terms"), member("strength")],
        policies: [
          { ...policy({ id: "p-terms", users: { includeUsers: ["terms"] } }), grantControls: { operator: "AND", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: ["tou-1"] } },
          {
            ...policy({ id: "p-strength", users: { includeUsers: ["strength"] } }),
            grantControls: { operator: "AND", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: { id: PHISHING_RESISTANT } },
          },
        ],
      }),
    );
    expect(report.users.map((u) => [u.id, u.mfaEnforced, u.enforcedBy.map((s) => (s.kind === "policy" ? s.otherControls : []))])).to.deep.equal([
      ["terms", "yes", [["termsOfUse:tou-1"]]],
      ["strength", "yes", [[`authenticationStrength:${PHISHING_RESISTANT}`]]],
    ]);
  });
});
