import { expect } from "chai";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { BREAK_GLASS, id, policy, spec } from "./fixtures";
import { tenant } from "./scenario-helpers";

// What the take-over plan says before it writes anything: the warnings and errors a preview shows, word for word, and
// only in the cases they are about.
describe("planMfaTakeover: what the preview is told", () => {
  const SD_KEPT_ON =
    "Security Defaults is on and takeOver.securityDefaults is false: Graph refuses an enabled Conditional Access policy while " +
    "Security Defaults is on, so the managed policy stays report-only until Security Defaults is turned off.";
  const NO_MFA_TODAY =
    "No MFA is enforced in this tenant today: once the managed policy is enabled every user it targets must pass MFA, " +
    "and users without a registered method will be asked to register at their next sign-in.";
  const FIX = "or set takeOver.securityDefaults: false to keep Security Defaults on.";
  const OFFICE = "00000003-0000-0ff1-ce00-000000000000";

  describe("Security Defaults", () => {
    it("kept on by takeOver.securityDefaults: false, an enabled managed policy is told it stays report-only", () => {
      const plan = planMfaTakeover(tenant([], true), spec({ excludeUsers: [BREAK_GLASS], takeOver: { securityDefaults: false } }));
      expect(plan.warnings).to.deep.equal([SD_KEPT_ON]);
      expect(plan.securityDefaults).to.deep.equal({ isEnabled: true, handoverRequired: false, staysOnBecause: "takeOver.securityDefaults is false" });
    });

    it("says nothing of Security Defaults when it is off, whatever takeOver.securityDefaults says", () => {
      const existingMfa = policy({ displayName: "Everyone MFA" });
      for (const securityDefaults of [true, false]) {
        const plan = planMfaTakeover(tenant([existingMfa]), spec({ excludeUsers: [BREAK_GLASS], takeOver: { securityDefaults, mfaPolicies: "leave" } }));
        expect(plan.warnings, `takeOver.securityDefaults ${securityDefaults}`).to.deep.equal([]);
      }
    });

    it("tells a report-only or disabled managed policy that Security Defaults stays on, and tells an enabled one nothing", () => {
      expect(planMfaTakeover(tenant([], true), spec({ state: "reportOnly" })).warnings).to.deep.equal([
        "The managed policy is report-only: it enforces nothing, so Security Defaults stays on.",
      ]);
      expect(planMfaTakeover(tenant([], true), spec({ state: "disabled" })).warnings).to.deep.equal([
        "The managed policy is disabled: it enforces nothing, so Security Defaults stays on.",
      ]);
      expect(planMfaTakeover(tenant([], true), spec({ excludeUsers: [BREAK_GLASS] })).warnings).to.deep.equal([]);
    });

    it("refuses a hand-over to a policy over some applications only, and says how to fix it", () => {
      const plan = planMfaTakeover(tenant([], true), spec({ applications: [OFFICE] }));
      expect(plan.errors).to.deep.equal([
        `Security Defaults is on and would be handed over, but the managed policy covers only some applications; use applications ["All"], ${FIX}`,
      ]);
      expect(plan.securityDefaults.handoverRequired).to.equal(false);
    });
  });

  describe("a tenant without MFA today", () => {
    it("is warned that everyone targeted must pass MFA once the policy is enabled", () => {
      expect(planMfaTakeover(tenant([]), spec()).warnings).to.deep.equal([NO_MFA_TODAY]);
    });

    it("is not warned once the managed policy exists, even report-only and alone", () => {
      const managed = policy({ displayName: "MFA (managed by Pulumi) - do not modify", state: "enabledForReportingButNotEnforced" });
      const plan = planMfaTakeover(tenant([managed], false, managed.id), spec({ state: "reportOnly" }));
      expect(plan.warnings).to.deep.equal([]);
    });

    it("is warned when all it has is a report-only policy, which enforces nothing", () => {
      const pilot = policy({ displayName: "Pilot", state: "enabledForReportingButNotEnforced" });
      expect(planMfaTakeover(tenant([pilot]), spec()).warnings).to.include(NO_MFA_TODAY);
    });
  });

  describe("the create step says where the policy applies", () => {
    const createDescription = (applications?: string[]) => {
      const step = planMfaTakeover(tenant([]), spec(applications ? { applications } : {})).steps[0]!;
      if (step.kind !== "createPolicy") throw new Error(`first step is ${step.kind}`);
      return step.description;
    };

    it("on all applications, or on the applications it names", () => {
      expect(createDescription()).to.match(/ on all applications\.$/);
      expect(createDescription([OFFICE])).to.match(new RegExp(` on applications ${OFFICE}\\.$`));
    });
  });

  it("takes over a group's MFA policy into a managed policy that does not include all users: only guests need all users", () => {
    const staff = id(3);
    const groupMfa = policy({ displayName: "Staff MFA", users: { includeGroups: [staff] } });
    const plan = planMfaTakeover(tenant([groupMfa]), spec({ includeAllUsers: false, includeGroups: [id(4)] }));
    expect(plan.leftAlone).to.deep.equal([]);
    expect(plan.takenOver.map((t) => [t.displayName, t.movedTargets.includeGroups])).to.deep.equal([["Staff MFA", [staff]]]);
  });
});
