import { expect } from "chai";
import { exclusionText } from "../../provider/report/describe";
import { userRecordsOf } from "../../provider/report/directory";
import { evaluateUser, prepareContext } from "../../provider/report/evaluate";
import type { UserMfaStatus } from "../../provider/report/model";
import { buildReport } from "../../provider/report/report";
import { SummaryAccumulator } from "../../provider/report/summary";
import { GLOBAL_ADMIN, guest, member, policy, registered, tenant, USER_ADMIN } from "./tenant";

const byUpnPrefix = (users: UserMfaStatus[], id: string) => {
  const found = users.find((u) => u.id === id);
  if (!found) throw new Error(`no user ${id} in the report`);
  return found;
};

describe("MFA report evaluation", () => {
  it("counts a group-targeted policy as enforcing for the group's members only", () => {
    const report = buildReport(
      tenant({
        users: [member("alice"), member("bob")],
        groups: { "g-staff": { displayName: "Staff", transitiveUserIds: ["alice"] } },
        policies: [policy({ id: "p1", displayName: "MFA for staff", users: { includeGroups: ["g-staff"] } })],
      }),
    );
    const alice = byUpnPrefix(report.users, "alice");
    expect(alice.mfaEnforced).to.equal("yes");
    expect(alice.enforcedBy).to.deep.equal([{ kind: "policy", policy: { id: "p1", displayName: "MFA for staff", managed: false }, otherControls: [] }]);
    expect(byUpnPrefix(report.users, "bob").mfaEnforced).to.equal("no");
    expect(report.summary.enabledUsers).to.include({ covered: 1, notCovered: 1 });
  });

  it("follows nested groups through the transitive member list, and names the nested group an exclusion came through", () => {
    // "All staff" contains the group "Contractors", which contains carol: the collector's transitiveMembers lists her in both.
    const report = buildReport(
      tenant({
        users: [member("carol"), member("dave")],
        groups: {
          "g-all": { displayName: "All staff", transitiveUserIds: ["carol", "dave"] },
          "g-contractors": { displayName: "Contractors", transitiveUserIds: ["carol"] },
        },
        policies: [policy({ id: "p1", users: { includeGroups: ["g-all"] } }), policy({ id: "p2", users: { includeGroups: ["g-all"], excludeGroups: ["g-contractors"] } })],
      }),
    );
    const carol = byUpnPrefix(report.users, "carol");
    expect(carol.mfaEnforced).to.equal("yes");
    expect(carol.enforcedBy.map((s) => (s.kind === "policy" ? s.policy.id : s.kind))).to.deep.equal(["p1"]);
    expect(carol.excludedBy).to.deep.equal([
      { policy: { id: "p2", displayName: "p2", managed: false }, policyState: "enabled", reasons: [{ via: "group", groupId: "g-contractors", groupName: "Contractors" }] },
    ]);
  });

  it("targets roles by template id and reports the roles a user holds by name", () => {
    const report = buildReport(
      tenant({
        users: [member("admin1"), member("helpdesk"), member("plain")],
        directoryRoles: {
          [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["admin1"] },
          [USER_ADMIN]: { displayName: "User Administrator", memberUserIds: ["helpdesk", "admin1"] },
        },
        policies: [policy({ id: "p-admins", users: { includeRoles: [GLOBAL_ADMIN.toUpperCase()] } })],
      }),
    );
    const admin1 = byUpnPrefix(report.users, "admin1");
    expect(admin1.mfaEnforced).to.equal("yes");
    expect(admin1.adminRoles).to.deep.equal(["Global Administrator", "User Administrator"]);
    expect(byUpnPrefix(report.users, "helpdesk").mfaEnforced).to.equal("no");
    expect(byUpnPrefix(report.users, "plain").adminRoles).to.deep.equal([]);
    expect(report.summary.users.admins).to.equal(2);
  });

  it("names the group, role and direct exclusions that take a user out of a policy, and exclusion wins over inclusion", () => {
    const report = buildReport(
      tenant({
        users: [member("breakglass"), member("erin"), member("frank")],
        groups: { "G-BREAKGLASS": { displayName: "Break glass", transitiveUserIds: ["breakglass"] } },
        directoryRoles: { [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["breakglass"] } },
        policies: [
          policy({
            id: "p-all",
            displayName: "MFA for everyone",
            users: { includeUsers: ["All"], excludeGroups: ["g-breakglass"], excludeRoles: [GLOBAL_ADMIN], excludeUsers: ["BREAKGLASS", "frank"] },
          }),
        ],
      }),
    );
    const bg = byUpnPrefix(report.users, "breakglass");
    expect(bg.mfaEnforced).to.equal("no");
    expect(bg.excludedBy).to.have.length(1);
    expect(bg.excludedBy[0].reasons).to.deep.equal([
      { via: "user" },
      { via: "group", groupId: "g-breakglass", groupName: "Break glass" },
      { via: "role", roleTemplateId: GLOBAL_ADMIN, roleName: "Global Administrator" },
    ]);
    expect(exclusionText(bg.excludedBy[0])).to.contain('via group "Break glass"').and.contain('via role "Global Administrator"');
    expect(bg.verdictReason).to.contain("Excluded from").and.contain("MFA for everyone");
    expect(byUpnPrefix(report.users, "erin").mfaEnforced).to.equal("yes");
    expect(byUpnPrefix(report.users, "frank").excludedBy[0].reasons).to.deep.equal([{ via: "user" }]);
    expect(report.summary.policies[0]).to.include({ appliesToUsers: 1, excludedUsers: 2 });
  });

  it("never counts a report-only policy as enforcement", () => {
    const report = buildReport(
      tenant({
        users: [member("gina")],
        policies: [policy({ id: "p-ro", displayName: "Pilot MFA", state: "enabledForReportingButNotEnforced", users: { includeUsers: ["All"] } })],
      }),
    );
    const gina = report.users[0];
    expect(gina.mfaEnforced).to.equal("reportOnly");
    expect(gina.enforcedBy).to.deep.equal([]);
    expect(gina.reportOnlyBy.map((m) => m.policy.id)).to.deep.equal(["p-ro"]);
    expect(gina.verdictReason).to.match(/report-only/i).and.contain("Pilot MFA");
    expect(report.summary.enabledUsers).to.include({ covered: 0, reportOnlyOnly: 1 });
    expect(report.summary.policyCounts).to.include({ reportOnly: 1, enforcing: 0 });
  });

  it("counts an application-scoped policy as partial and says which applications", () => {
    const report = buildReport(
      tenant({
        users: [member("hank")],
        policies: [policy({ id: "p-o365", displayName: "MFA for Office", users: { includeUsers: ["All"] }, applications: { includeApplications: ["Office365"] } })],
      }),
    );
    const hank = report.users[0];
    expect(hank.mfaEnforced).to.equal("partial");
    expect(hank.partialBy).to.deep.equal([{ policy: { id: "p-o365", displayName: "MFA for Office", managed: false }, limitedTo: ["only applications: Office365"] }]);
    expect(hank.verdictReason).to.contain("only for some sign-ins").and.contain("only applications: Office365");
    expect(report.summary.policyCounts.partial).to.equal(1);
  });

  it("counts client-app, location, platform and risk conditions as partial scope", () => {
    const scoped = [
      { conditions: { clientAppTypes: ["browser"] }, says: "only client apps: browser" },
      { conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } }, says: "except locations: AllTrusted" },
      { conditions: { platforms: { includePlatforms: ["android", "iOS"], excludePlatforms: [] } }, says: "only platforms: android, iOS" },
      { conditions: { signInRiskLevels: ["high", "medium"] }, says: "only at sign-in risk: high, medium" },
      { applications: { includeApplications: ["All"], excludeApplications: ["app-1"] }, says: "except applications: app-1" },
    ];
    const users = scoped.map((_, i) => member(`u${i}`));
    const report = buildReport(
      tenant({
        users,
        policies: scoped.map((s, i) => policy({ id: `p${i}`, users: { includeUsers: [`u${i}`] }, ...s })),
      }),
    );
    scoped.forEach((s, i) => {
      expect(report.users[i].mfaEnforced, s.says).to.equal("partial");
      expect(report.users[i].partialBy[0].limitedTo).to.deep.equal([s.says]);
    });
  });

  it("does not count MFA OR another control as enforcement, but shows the policy; MFA AND another control is enforcement", () => {
    const report = buildReport(
      tenant({
        users: [member("ivan"), member("judy")],
        policies: [
          policy({ id: "p-or", users: { includeUsers: ["ivan"] }, grant: { operator: "OR", controls: ["mfa", "compliantDevice"] } }),
          policy({ id: "p-and", users: { includeUsers: ["judy"] }, grant: { operator: "AND", controls: ["mfa", "compliantDevice"] } }),
        ],
      }),
    );
    const [ivan, judy] = report.users;
    expect(ivan.mfaEnforced).to.equal("no");
    expect(ivan.optionalBy.map((p) => p.id)).to.deep.equal(["p-or"]);
    expect(judy.mfaEnforced).to.equal("yes");
    expect(judy.enforcedBy[0]).to.include({ kind: "policy" }).and.deep.include({ otherControls: ["compliantDevice"] });
    expect(report.summary.policyCounts).to.include({ optional: 1, enforcing: 1 });
  });

  it("recognises an authentication strength as MFA", () => {
    const report = buildReport(
      tenant({ users: [member("kim")], policies: [policy({ id: "p-phr", users: { includeUsers: ["All"] }, grant: { strengthId: "00000000-0000-0000-0000-000000000004" } })] }),
    );
    expect(report.users[0].mfaEnforced).to.equal("yes");
  });

  it("reports disabled users without counting them as not covered", () => {
    const report = buildReport(tenant({ users: [member("leo", { accountEnabled: false }), member("mia")] }));
    expect(report.users.map((u) => [u.id, u.accountEnabled, u.mfaEnforced])).to.deep.equal([
      ["leo", false, "no"],
      ["mia", true, "no"],
    ]);
    expect(report.summary.users).to.include({ total: 2, enabled: 1, disabled: 1 });
    expect(report.summary.enabledUsers.notCovered).to.equal(1);
  });

  it("targets guests through GuestsOrExternalUsers and through typed guest rules", () => {
    const report = buildReport(
      tenant({
        users: [guest("nina"), member("oscar"), member("local-guest", { userType: "Guest" })],
        policies: [
          policy({ id: "p-guests", users: { includeUsers: ["GuestsOrExternalUsers"] } }),
          policy({
            id: "p-typed",
            users: {
              includeUsers: ["All"],
              excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "internalGuest", externalTenants: { membershipKind: "all" } },
            },
            state: "enabledForReportingButNotEnforced",
          }),
        ],
      }),
    );
    const [nina, oscar, local] = report.users;
    expect(nina).to.include({ userType: "guest", mfaEnforced: "yes" });
    expect(oscar.enforcedBy).to.deep.equal([]);
    expect(local.excludedBy.map((x) => [x.policy.id, x.reasons])).to.deep.equal([["p-typed", [{ via: "guestOrExternal", userType: "internalGuest" }]]]);
    expect(report.summary.users.guests).to.equal(2);
  });

  it("treats a guest rule limited to enumerated external tenants as excluding, never as including", () => {
    const enumerated = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "enumerated" as const, members: ["t1"] } };
    const report = buildReport(
      tenant({
        users: [guest("pat")],
        policies: [
          policy({ id: "p-inc", users: { includeGuestsOrExternalUsers: enumerated } }),
          policy({ id: "p-exc", users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: enumerated } }),
        ],
      }),
    );
    expect(report.users[0].mfaEnforced).to.equal("no");
    expect(report.users[0].excludedBy[0].reasons).to.deep.equal([{ via: "guestOrExternal", userType: "b2bCollaborationGuest", homeTenantUnknown: true }]);
  });

  it("with Security Defaults on, covers every user by Security Defaults and says Conditional Access is not in force", () => {
    const report = buildReport(
      tenant({
        securityDefaults: { isEnabled: true },
        users: [member("quinn"), guest("rita")],
        policies: [
          policy({ id: "p-en", users: { includeUsers: ["quinn"] } }),
          policy({ id: "p-ro", state: "enabledForReportingButNotEnforced", users: { includeUsers: ["All"] } }),
        ],
      }),
    );
    for (const u of report.users) {
      expect(u.mfaEnforced).to.equal("yes");
      expect(u.enforcedBy).to.deep.equal([{ kind: "securityDefaults" }]);
      expect(u.reportOnlyBy.map((m) => m.policy.id)).to.deep.equal(["p-ro"]);
    }
    expect(report.summary.securityDefaults.isEnabled).to.equal(true);
    expect(report.summary.policies.find((p) => p.policy.id === "p-en")?.role).to.equal("notInForce");
    expect(report.summary.warnings.join("\n")).to.match(/Security Defaults are on.*not in force/);
  });

  it("counts legacy per-user MFA enforced as enforcement, and enabled only where legacy clients are blocked", () => {
    // Per-user MFA "enabled" still lets the password alone work for legacy authentication (Microsoft's per-user MFA
    // states page): tess is not "yes"; vera, for whom legacy clients are blocked, is.
    const report = buildReport(
      tenant({
        users: [member("sam"), member("tess"), member("uma"), member("vera")],
        perUserMfa: { sam: "enforced", tess: "enabled", vera: "enabled" },
        policies: [policy({ id: "p-block-legacy", users: { includeUsers: ["vera"] }, conditions: { clientAppTypes: ["exchangeActiveSync", "other"] }, grant: { controls: ["block"] } })],
      }),
    );
    expect(report.users.map((u) => [u.id, u.mfaEnforced, u.perUserMfaState])).to.deep.equal([
      ["sam", "yes", "enforced"],
      ["tess", "partial", "enabled"],
      ["uma", "no", "disabled"],
      ["vera", "yes", "enabled"],
    ]);
    expect(report.users[0].enforcedBy).to.deep.equal([{ kind: "perUserMfa", state: "enforced" }]);
    const tess = byUpnPrefix(report.users, "tess");
    expect(tess.enforcedBy).to.deep.equal([]);
    expect(tess.verdictReason).to.equal(
      "MFA required only for some sign-ins, by per-user MFA (enabled, not enforced: the password alone still works for legacy authentication clients, Exchange ActiveSync and other, and nothing blocks them for this user).",
    );
    const vera = byUpnPrefix(report.users, "vera");
    expect(vera.enforcedBy).to.deep.equal([
      { kind: "combined", policies: [], perUserMfa: "enabled", blockedBy: [{ policy: { id: "p-block-legacy", displayName: "p-block-legacy", managed: false }, limitedTo: ["only client apps: exchangeActiveSync, other"] }] },
    ]);
    expect(vera.verdictReason).to.equal(
      'MFA required on every sign-in by per-user MFA (enabled: modern authentication), every other sign-in blocked by policy "p-block-legacy" [p-block-legacy] (only client apps: exchangeActiveSync, other).',
    );
    expect(report.summary.enabledUsers).to.include({ covered: 2, partial: 1, notCovered: 1 });
  });

  describe("verdicts that combine what applies", () => {
    const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
    const SHAREPOINT = "00000003-0000-0ff1-ce00-000000000000";
    const ALL = { includeUsers: ["All"] };
    const exchangeOnly = policy({ id: "p-exo", displayName: "MFA for Exchange", users: ALL, applications: { includeApplications: [EXCHANGE] } });
    const allButExchange = policy({ id: "p-rest", displayName: "MFA for all but Exchange", users: ALL, applications: { includeApplications: ["All"], excludeApplications: [EXCHANGE] } });
    const modernOnly = policy({ id: "p-modern", displayName: "MFA modern clients", users: ALL, conditions: { clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] } });
    const blockLegacy = (users: string[]) =>
      policy({ id: "p-block", displayName: "Block legacy", users: { includeUsers: users }, conditions: { clientAppTypes: ["exchangeActiveSync", "other"] }, grant: { controls: ["block"] } });

    it("is yes for two policies that together cover every application (Exchange Online, and all apps but it)", () => {
      const report = buildReport(tenant({ users: [member("ann")], policies: [exchangeOnly, allButExchange] }));
      const ann = report.users[0];
      expect(ann.mfaEnforced).to.equal("yes");
      expect(ann.partialBy).to.deep.equal([]);
      expect(ann.enforcedBy).to.deep.equal([
        {
          kind: "combined",
          policies: [
            { policy: { id: "p-rest", displayName: "MFA for all but Exchange", managed: false }, limitedTo: [`except applications: ${EXCHANGE}`] },
            { policy: { id: "p-exo", displayName: "MFA for Exchange", managed: false }, limitedTo: [`only applications: ${EXCHANGE}`] },
          ],
          blockedBy: [],
        },
      ]);
      expect(ann.verdictReason).to.match(/^MFA required on every sign-in by policy "MFA for all but Exchange" .* and policy "MFA for Exchange" .* together\.$/);
      // Both policies count as applying to her in the summary.
      expect(report.summary.policies.map((p) => [p.policy.id, p.appliesToUsers])).to.deep.equal([
        ["p-rest", 1],
        ["p-exo", 1],
      ]);
    });

    it("stays partial when the applications left out are not the ones the other policy names", () => {
      const sharePointOnly = policy({ id: "p-spo", displayName: "MFA for SharePoint", users: ALL, applications: { includeApplications: [SHAREPOINT] } });
      const report = buildReport(tenant({ users: [member("ben")], policies: [sharePointOnly, allButExchange] }));
      expect(report.users[0].mfaEnforced).to.equal("partial");
      expect(report.users[0].partialBy.map((m) => m.policy.id)).to.deep.equal(["p-rest", "p-spo"]);
    });

    it("does not combine a policy narrowed by anything but applications and client apps (here: locations)", () => {
      const outsideTrusted = policy({ id: "p-loc", users: ALL, applications: { includeApplications: [EXCHANGE] }, conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } });
      const report = buildReport(tenant({ users: [member("cy")], policies: [outsideTrusted, allButExchange] }));
      expect(report.users[0].mfaEnforced).to.equal("partial");
    });

    it("is yes for MFA on browser and mobile/desktop clients when legacy clients are blocked for the user, partial when not", () => {
      const report = buildReport(tenant({ users: [member("dee"), member("eli")], policies: [modernOnly, blockLegacy(["dee"])] }));
      const dee = byUpnPrefix(report.users, "dee");
      expect(dee.mfaEnforced).to.equal("yes");
      expect(dee.verdictReason).to.equal(
        'MFA required on every sign-in by policy "MFA modern clients" [p-modern] (only client apps: browser, mobileAppsAndDesktopClients), every other sign-in blocked by policy "Block legacy" [p-block] (only client apps: exchangeActiveSync, other).',
      );
      const eli = byUpnPrefix(report.users, "eli");
      expect(eli.mfaEnforced).to.equal("partial");
      expect(eli.partialBy.map((m) => m.policy.id)).to.deep.equal(["p-modern"]);
    });

    it("takes no block that is report-only, or that excludes the user, and none while Security Defaults are on", () => {
      const reportOnlyBlock = { ...blockLegacy(["fay"]), state: "enabledForReportingButNotEnforced" as const };
      const excludingBlock = policy({ id: "p-block-x", users: { includeUsers: ["All"], excludeUsers: ["gus"] }, conditions: { clientAppTypes: ["exchangeActiveSync", "other"] }, grant: { controls: ["block"] } });
      const report = buildReport(tenant({ users: [member("fay"), member("gus")], policies: [modernOnly, reportOnlyBlock, excludingBlock] }));
      expect(byUpnPrefix(report.users, "fay").mfaEnforced).to.equal("yes");
      expect(byUpnPrefix(report.users, "fay").enforcedBy[0]).to.deep.include({ blockedBy: [{ policy: { id: "p-block-x", displayName: "p-block-x", managed: false }, limitedTo: ["only client apps: exchangeActiveSync, other"] }] });
      expect(byUpnPrefix(report.users, "gus").mfaEnforced).to.equal("partial");
      const context = prepareContext({ ...tenant({ users: [member("fay")], policies: [modernOnly, excludingBlock] }), securityDefaults: { isEnabled: true } });
      expect(context.blocks).to.deep.equal([]);
    });

    it("combines per-user MFA enabled with a policy that makes legacy clients do MFA", () => {
      const legacyMfa = policy({ id: "p-legacy-mfa", users: ALL, conditions: { clientAppTypes: ["exchangeActiveSync", "other"] } });
      const report = buildReport(tenant({ users: [member("hal")], perUserMfa: { hal: "enabled" }, policies: [legacyMfa] }));
      expect(report.users[0].mfaEnforced).to.equal("yes");
      expect(report.users[0].enforcedBy).to.deep.equal([
        { kind: "combined", policies: [{ policy: { id: "p-legacy-mfa", displayName: "p-legacy-mfa", managed: false }, limitedTo: ["only client apps: exchangeActiveSync, other"] }], perUserMfa: "enabled", blockedBy: [] },
      ]);
    });
  });

  it("lists enabled admins without full enforcement, and only them", () => {
    const report = buildReport(
      tenant({
        users: [member("vic"), member("wes"), member("xena", { accountEnabled: false }), member("yuri")],
        directoryRoles: { [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["vic", "wes", "xena"] } },
        policies: [
          policy({ id: "p-wes", users: { includeUsers: ["wes"] } }),
          policy({ id: "p-o365", users: { includeUsers: ["vic"] }, applications: { includeApplications: ["Office365"] } }),
        ],
      }),
    );
    expect(report.summary.adminsNotCovered).to.deep.equal([
      { id: "vic", userPrincipalName: "vic@contoso.example", displayName: "User vic", adminRoles: ["Global Administrator"], mfaEnforced: "partial" },
    ]);
  });

  it("names the managed policy as managed", () => {
    const report = buildReport(
      tenant({ users: [member("zoe")], managedPolicyId: "P-MANAGED", policies: [policy({ id: "p-managed", users: { includeUsers: ["All"] } })] }),
    );
    expect(report.users[0].enforcedBy[0]).to.deep.include({ policy: { id: "p-managed", displayName: "p-managed", managed: true } });
  });

  it("ignores disabled policies and policies that include nobody or no application", () => {
    const report = buildReport(
      tenant({
        users: [member("nobody")],
        policies: [
          policy({ id: "p-off", state: "disabled", users: { includeUsers: ["All"] } }),
          policy({ id: "p-none", users: { includeUsers: ["None"] } }),
          policy({ id: "p-no-apps", users: { includeUsers: ["All"] }, applications: { includeApplications: ["None"] } }),
        ],
      }),
    );
    expect(report.users[0].mfaEnforced).to.equal("no");
    expect(report.summary.policies.map((p) => [p.policy.id, p.role, p.appliesToUsers])).to.deep.equal([["p-none", "enforcing", 0]]);
  });

  it("warns when the managed policy is missing from the tenant", () => {
    const report = buildReport(tenant({ users: [member("ann")], managedPolicyId: "p-gone" }));
    expect(report.summary.warnings.join("\n")).to.contain("managed policy [p-gone] does not exist");
  });

  it("warns when a policy references a group whose members were not collected", () => {
    const report = buildReport(tenant({ users: [member("amy")], policies: [policy({ id: "p1", users: { includeGroups: ["g-missing"] } })] }));
    expect(report.summary.warnings.join("\n")).to.contain("g-missing");
  });

  describe("system-preferred MFA", () => {
    const prefsTenant = (state: "enabled" | "disabled" | "default") =>
      tenant({
        users: [member("in-group"), member("excluded"), member("outsider")],
        groups: { "g-sp": { displayName: "System-preferred pilot", transitiveUserIds: ["in-group", "excluded"] } },
        systemCredentialPreferences: {
          state,
          includeTargets: [{ id: "g-sp", targetType: "group" }],
          excludeTargets: [{ id: "EXCLUDED", targetType: "user" }],
        },
        registrations: { "in-group": registered("in-group", ["microsoftAuthenticatorPush"], { systemPreferredAuthenticationMethods: ["push"], isSystemPreferredAuthenticationMethodEnabled: true }) },
      });

    it("applies to included group members, and the user exclusion wins", () => {
      const report = buildReport(prefsTenant("enabled"));
      expect(report.users.map((u) => u.systemPreferred.applies)).to.deep.equal(["yes", "no", "no"]);
      expect(report.users[0].systemPreferred).to.deep.equal({ applies: "yes", enabledForUser: true, methods: ["push"] });
      expect(report.summary.systemPreferred).to.deep.equal({
        state: "enabled",
        includeTargets: [{ id: "g-sp", targetType: "group", displayName: "System-preferred pilot" }],
        excludeTargets: [{ id: "EXCLUDED", targetType: "user" }],
        appliesToUsers: 1,
      });
    });

    it("applies to nobody when disabled, is Microsoft's call when default, and unknown when unreadable", () => {
      expect(buildReport(prefsTenant("disabled")).users.map((u) => u.systemPreferred.applies)).to.deep.equal(["no", "no", "no"]);
      expect(buildReport(prefsTenant("default")).users[0].systemPreferred.applies).to.equal("microsoftManaged");
      const unreadable = buildReport({ ...prefsTenant("enabled"), systemCredentialPreferences: undefined });
      expect(unreadable.users[0].systemPreferred.applies).to.equal("unknown");
      expect(unreadable.summary.systemPreferred.state).to.equal("unreadable");
    });
  });

  it("reports registration facts, and unknown ones as null with a warning", () => {
    const report = buildReport(
      tenant({ users: [member("reg"), member("unreg"), member("unknown")], registrations: { reg: registered("reg", ["fido2", "sms"]), unreg: registered("unreg", []) } }),
    );
    expect(report.users.map((u) => [u.mfaRegistered, u.mfaCapable, u.methodsRegistered])).to.deep.equal([
      [true, true, ["fido2", "sms"]],
      [false, false, []],
      [null, null, null],
    ]);
    expect(report.summary.enabledUsers.mfaNotRegistered).to.equal(1);
    expect(report.summary.warnings.join("\n")).to.contain("unknown for 1 users");
  });

  it("gives the same result streaming user by user as building the whole report", () => {
    const snapshot = tenant({
      users: [member("a"), guest("b"), member("c", { accountEnabled: false })],
      groups: { g: { transitiveUserIds: ["a"] } },
      policies: [policy({ id: "p", users: { includeGroups: ["g"], includeUsers: ["GuestsOrExternalUsers"] } })],
    });
    const context = prepareContext(snapshot);
    const acc = new SummaryAccumulator(context);
    const streamed = [...userRecordsOf(snapshot)].map((r) => {
      const s = evaluateUser(r, context);
      acc.add(s);
      return s;
    });
    const whole = buildReport(snapshot);
    expect(streamed).to.deep.equal(whole.users);
    expect(acc.result()).to.deep.equal(whole.summary);
  });
});
