import { expect } from "chai";
import { prepareContext } from "../../provider/report/evaluate";
import type { UserMfaStatus } from "../../provider/report/model";
import { buildReport } from "../../provider/report/report";
import { GLOBAL_ADMIN, guest, member, policy, registered, tenant, USER_ADMIN } from "./tenant";

/** Edges of one user's verdict that the mutation run showed no test pinned down. */

const userById = (users: UserMfaStatus[], id: string) => {
  const found = users.find((u) => u.id === id);
  if (!found) throw new Error(`no user ${id} in the report`);
  return found;
};

const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
const ALL = { includeUsers: ["All"] };
const exchangeOnly = policy({ id: "p-exo", displayName: "MFA for Exchange", users: ALL, applications: { includeApplications: [EXCHANGE] } });
const allButExchange = policy({ id: "p-rest", displayName: "MFA for the rest", users: ALL, applications: { includeApplications: ["All"], excludeApplications: [EXCHANGE] } });
const modernOnly = policy({ id: "p-modern", displayName: "MFA modern clients", users: ALL, conditions: { clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] } });
const LEGACY = { clientAppTypes: ["exchangeActiveSync" as const, "other" as const] };

describe("MFA report evaluation at the edges", () => {
  describe("warnings", () => {
    // Registration known, so that the only warnings are the ones under test.
    const registrations = { ann: registered("ann", ["fido2"]) };
    it("says nothing about the managed policy when it exists, whatever the case of its id", () => {
      const report = buildReport(tenant({ users: [member("ann")], registrations, managedPolicyId: "P-MANAGED", policies: [policy({ id: "p-managed", users: ALL })] }));
      expect(report.summary.warnings).to.deep.equal([]);
    });

    it("warns of a missing managed policy while other policies exist", () => {
      const report = buildReport(tenant({ users: [member("ann")], registrations, managedPolicyId: "p-gone", policies: [policy({ id: "p-other", users: ALL })] }));
      expect(report.summary.warnings).to.deep.equal(["The managed policy [p-gone] does not exist in the tenant."]);
    });

    it("words the unreadable system-preferred settings and its uncollected groups exactly", () => {
      const unreadable = buildReport({ ...tenant({ users: [member("ann")], registrations }), systemCredentialPreferences: undefined });
      expect(unreadable.summary.warnings).to.deep.equal(["System-preferred MFA settings could not be read (beta authenticationMethodsPolicy)."]);
      const missing = buildReport(
        tenant({
          users: [member("ann")],
          registrations,
          systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: "g-in", targetType: "group" }], excludeTargets: [{ id: "g-out", targetType: "group" }] },
        }),
      );
      expect(missing.summary.warnings).to.deep.equal(["System-preferred MFA targets groups whose members were not collected (g-in, g-out)."]);
    });

    it("names every uncollected group of a policy, on both sides, in one warning", () => {
      const report = buildReport(tenant({ users: [member("ann")], registrations, policies: [policy({ id: "p1", displayName: "Staff MFA", users: { includeGroups: ["g-a"], excludeGroups: ["g-b"] } })] }));
      expect(report.summary.warnings).to.deep.equal([
        'Policy "Staff MFA" [p1] references groups whose members were not collected (g-a, g-b): they count as empty, so this policy\'s coverage and exclusions may be wrong.',
      ]);
    });
  });

  it("reads system-preferred settings that carry no target lists as targeting nobody", () => {
    const report = buildReport(tenant({ users: [member("ann")], systemCredentialPreferences: { state: "enabled" } as never }));
    expect(report.summary.systemPreferred).to.deep.include({ state: "enabled", includeTargets: [], excludeTargets: [], appliesToUsers: 0 });
    expect(report.users[0].systemPreferred.applies).to.equal("no");
  });

  it("lists a user's roles by name in alphabetical order, whatever order the directory gives them in", () => {
    const report = buildReport(
      tenant({
        users: [member("admin")],
        directoryRoles: {
          [USER_ADMIN]: { displayName: "User Administrator", memberUserIds: ["admin"] },
          [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["admin"] },
          "00000000-0000-0000-0000-00000000b111": { displayName: "Billing Administrator", memberUserIds: ["admin"] },
        },
      }),
    );
    expect(report.users[0].adminRoles).to.deep.equal(["Billing Administrator", "Global Administrator", "User Administrator"]);
  });

  it("under Security Defaults, takes no exclusion from an enabled policy that is not in force", () => {
    const report = buildReport(
      tenant({ securityDefaults: { isEnabled: true }, users: [member("bo")], policies: [policy({ id: "p-en", users: { includeUsers: ["All"], excludeUsers: ["bo"] } })] }),
    );
    expect(report.users[0].excludedBy).to.deep.equal([]);
    expect(report.users[0].verdictReason).to.equal("MFA required on every sign-in by Security Defaults.");
  });

  it("takes no exclusion from an MFA-OR-something policy: it required nothing of the user anyway", () => {
    const report = buildReport(
      tenant({ users: [member("cat")], policies: [policy({ id: "p-or", users: { includeUsers: ["All"], excludeUsers: ["cat"] }, grant: { operator: "OR", controls: ["mfa", "compliantDevice"] } })] }),
    );
    expect(report.users[0]).to.deep.include({ mfaEnforced: "no", excludedBy: [], optionalBy: [], verdictReason: "No policy requires MFA." });
  });

  it("keeps only a required grant's other controls on a prepared policy", () => {
    const context = prepareContext(
      tenant({
        users: [member("dan")],
        policies: [
          policy({ id: "p-or", users: ALL, grant: { operator: "OR", controls: ["mfa", "compliantDevice"] } }),
          policy({ id: "p-and", users: ALL, grant: { operator: "AND", controls: ["mfa", "compliantDevice"] } }),
        ],
      }),
    );
    expect(context.policies.map((p) => [p.ref.id, p.role, p.otherControls])).to.deep.equal([
      ["p-and", "enforcing", ["compliantDevice"]],
      ["p-or", "optional", []],
    ]);
  });

  describe("combining sources", () => {
    it("does not add a combination when one policy already requires MFA everywhere, and keeps the partial ones listed", () => {
      const everywhere = policy({ id: "p-all", displayName: "MFA everywhere", users: ALL });
      const report = buildReport(tenant({ users: [member("eve")], policies: [exchangeOnly, allButExchange, everywhere] }));
      const eve = report.users[0];
      expect(eve.enforcedBy).to.deep.equal([{ kind: "policy", policy: { id: "p-all", displayName: "MFA everywhere", managed: false }, otherControls: [] }]);
      expect(eve.partialBy.map((m) => m.policy.id)).to.deep.equal(["p-exo", "p-rest"]);
    });

    it("does not count a user blocked on every sign-in as requiring MFA: no MFA source applies", () => {
      const blockAll = policy({ id: "p-block-all", users: ALL, grant: { controls: ["block"] } });
      const report = buildReport(tenant({ users: [member("fin")], policies: [blockAll] }));
      expect(report.users[0]).to.deep.include({ mfaEnforced: "no", enforcedBy: [] });
    });

    it("takes combined policies out of the partial list and leaves the others in it", () => {
      const outsideTrusted = policy({ id: "p-loc", displayName: "MFA off-site", users: ALL, conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } });
      const report = buildReport(tenant({ users: [member("gil")], policies: [exchangeOnly, allButExchange, outsideTrusted] }));
      const gil = report.users[0];
      expect(gil.mfaEnforced).to.equal("yes");
      expect(gil.enforcedBy.map((s) => s.kind)).to.deep.equal(["combined"]);
      expect(gil.partialBy.map((m) => m.policy.id)).to.deep.equal(["p-loc"]);
    });

    it("takes a block only where it applies to the user: a guest rule naming specific tenants includes no guest, and excludes every guest", () => {
      const enumerated = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "enumerated" as const, members: ["t1"] } };
      const blockForTenant = policy({ id: "p-block-t1", users: { includeGuestsOrExternalUsers: enumerated }, conditions: LEGACY, grant: { controls: ["block"] } });
      const blockButTenant = policy({ id: "p-block-but-t1", users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: enumerated }, conditions: LEGACY, grant: { controls: ["block"] } });
      const included = buildReport(tenant({ users: [guest("hal")], policies: [modernOnly, blockForTenant] }));
      expect(included.users[0].mfaEnforced).to.equal("partial");
      const excluded = buildReport(tenant({ users: [guest("hal"), member("ida")], policies: [modernOnly, blockButTenant] }));
      expect(userById(excluded.users, "hal").mfaEnforced).to.equal("partial");
      expect(userById(excluded.users, "ida").mfaEnforced).to.equal("yes");
    });
  });

  describe("reasons", () => {
    it("joins several enforcing sources with commas", () => {
      const report = buildReport(tenant({ users: [member("jo")], perUserMfa: { jo: "enforced" }, policies: [policy({ id: "p1", displayName: "MFA one", users: ALL })] }));
      expect(report.users[0].verdictReason).to.equal('MFA required on every sign-in by policy "MFA one" [p1], per-user MFA (enforced).');
    });

    it("joins several exclusions with semicolons after a partial verdict", () => {
      const report = buildReport(
        tenant({
          users: [member("kai")],
          policies: [
            policy({ id: "p-x1", displayName: "X one", users: { includeUsers: ["All"], excludeUsers: ["kai"] } }),
            policy({ id: "p-x2", displayName: "X two", users: { includeUsers: ["All"], excludeUsers: ["kai"] } }),
            policy({ id: "p-o", displayName: "Office", users: ALL, applications: { includeApplications: ["Office365"] } }),
            policy({ id: "p-b", displayName: "Browser", users: ALL, conditions: { clientAppTypes: ["browser"], locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } }),
          ],
        }),
      );
      expect(report.users[0].verdictReason).to.equal(
        'MFA required only for some sign-ins, by policy "Browser" [p-b] (only client apps: browser / except locations: AllTrusted), policy "Office" [p-o] (only applications: Office365). ' +
          'Excluded from policy "X one" [p-x1]: excluded directly; policy "X two" [p-x2]: excluded directly.',
      );
    });

    it("names every report-only policy, and the exclusions, when only report-only policies would require MFA", () => {
      const report = buildReport(
        tenant({
          users: [member("lu")],
          policies: [
            policy({ id: "p-r1", displayName: "Pilot one", state: "enabledForReportingButNotEnforced", users: ALL }),
            policy({ id: "p-r2", displayName: "Pilot two", state: "enabledForReportingButNotEnforced", users: ALL, applications: { includeApplications: ["Office365"] } }),
            policy({ id: "p-x", displayName: "X", users: { includeUsers: ["All"], excludeUsers: ["lu"] } }),
          ],
        }),
      );
      expect(report.users[0].verdictReason).to.equal(
        'Only report-only policies would require MFA, nothing enforces it: policy "Pilot one" [p-r1], policy "Pilot two" [p-r2] (only applications: Office365). Excluded from policy "X" [p-x]: excluded directly.',
      );
    });
  });

  it("reads a registration that lists no methods property as no methods registered", () => {
    const { methodsRegistered: _dropped, ...withoutMethods } = registered("mo", ["fido2"]);
    const report = buildReport(tenant({ users: [member("mo")], registrations: { mo: withoutMethods as ReturnType<typeof registered> } }));
    expect(report.users[0]).to.deep.include({ mfaRegistered: true, methodsRegistered: [] });
  });
});
