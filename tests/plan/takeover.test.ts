import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import type { ManagedMfaPolicySpec } from "../../provider/plan/inputs";
import { writableGrant } from "../../provider/plan/mfa-controls";
import { renderPlan } from "../../provider/plan/render";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { takeoverMarkOf } from "../../provider/plan/takeover-mark";
import type { TakeoverPlan } from "../../provider/plan/takeover-plan";
import { BREAK_GLASS, GLOBAL_ADMIN_ROLE, grant, id, MFA_STRENGTH, PHISHING_RESISTANT, policy, spec } from "./fixtures";
import { managedFrom, reasonLeft, stepOf, tenant } from "./scenario-helpers";

const leftIds = (plan: TakeoverPlan) => plan.leftAlone.map((l) => l.policyId);
const foreignSteps = (plan: TakeoverPlan) => plan.steps.filter((s) => s.role === "foreign");
const users = (plan: TakeoverPlan) => plan.managedPolicy.body.conditions.users;

describe("planMfaTakeover", () => {
  describe("Security Defaults on", () => {
    it("creates the managed policy report-only and asks for the hand-over", () => {
      const plan = planMfaTakeover(tenant([], true), spec({ excludeUsers: [BREAK_GLASS] }));
      expect(plan.securityDefaults).to.deep.equal({ isEnabled: true, handoverRequired: true });
      expect(plan.managedPolicy.createState).to.equal("reportOnly");
      expect(plan.managedPolicy.finalState).to.equal("enabled");
      expect(plan.steps).to.have.length(1);
      expect(plan.steps[0]!.kind).to.equal("createPolicy");
      expect(plan.managedPolicy.body.state).to.equal("enabledForReportingButNotEnforced");
      expect(plan.errors).to.deep.equal([]);
    });

    it("refuses a hand-over to a policy that does not cover every user Security Defaults covered", () => {
      const plan = planMfaTakeover(tenant([], true), spec({ includeAllUsers: false, includeGroups: [id(2)] }));
      expect(plan.securityDefaults.handoverRequired).to.equal(false);
      expect(plan.errors).to.have.length(1);
      expect(plan.errors[0]).to.contain("includeAllUsers");
    });

    it("keeps Security Defaults, and the policy report-only, when told not to take it over", () => {
      const plan = planMfaTakeover(tenant([], true), spec({ takeOver: { securityDefaults: false } }));
      expect(plan.securityDefaults.handoverRequired).to.equal(false);
      expect(plan.managedPolicy.finalState).to.equal("reportOnly");
      expect(plan.warnings.join(" ")).to.contain("report-only");
    });

    it("does not strip an enabled MFA policy while the managed policy can only be report-only", () => {
      const enabled = policy({ displayName: "MFA for all" });
      const plan = planMfaTakeover(tenant([enabled], true), spec());
      expect(foreignSteps(plan)).to.deep.equal([]);
      expect(reasonLeft(plan, enabled)).to.contain("Security Defaults");
    });
  });

  describe("Security Defaults off, two MFA policies", () => {
    const onlyMfa = policy({ displayName: "Require MFA for admins", users: { includeRoles: [GLOBAL_ADMIN_ROLE] } });
    const mfaAndDevice = policy({ displayName: "MFA and compliant device", grantControls: grant("AND", ["mfa", "compliantDevice"]), users: { includeGroups: [id(2)] } });
    // Planned per test, not while the file loads, so a mutation run can tell which tests reach each line.
    let plan: TakeoverPlan;
    beforeEach(() => {
      plan = planMfaTakeover(tenant([onlyMfa, mfaAndDevice]), spec());
    });

    it("creates the managed policy enabled, before touching anything else", () => {
      expect(plan.managedPolicy.createState).to.equal("enabled");
      expect(plan.steps.map((s) => `${s.kind}/${s.role}`)).to.deep.equal(["createPolicy/managed", "updatePolicy/foreign", "updatePolicy/foreign"]);
    });

    it("disables the policy whose only purpose was MFA", () => {
      const { description: mark, ...patch } = stepOf(plan, onlyMfa).patch;
      expect(patch).to.deep.equal({ state: "disabled" });
      expect(takeoverMarkOf(mark)).to.deep.equal({ managedPolicyId: "new", previousState: "enabled", previousGrantControls: writableGrant(onlyMfa.grantControls) });
      expect(stepOf(plan, onlyMfa).undo).to.deep.include({ kind: "updatePolicy", policyId: onlyMfa.id, patch: { state: "enabled", description: null } });
    });

    it("removes MFA from 'MFA AND compliant device', keeping the device requirement with AND", () => {
      const g = stepOf(plan, mfaAndDevice).patch.grantControls as ConditionalAccessPolicy["grantControls"];
      expect(g!.builtInControls).to.deep.equal(["compliantDevice"]);
      expect(g!.operator).to.equal("AND");
    });

    it("journals each foreign policy with what it was and what was set", () => {
      expect(plan.journal.map((e) => [e.policyId, e.action])).to.deep.equal([
        [onlyMfa.id, "disable"],
        [mfaAndDevice.id, "stripMfa"],
      ]);
      const entry = plan.journal[1]!;
      expect(entry.previousState).to.equal("enabled");
      expect(entry.previousGrantControls).to.deep.equal(mfaAndDevice.grantControls);
      // The journal holds the settings set; the mark beside them in the PATCH is taken off at restore, whatever the description is then.
      const { description: _mark, ...set } = stepOf(plan, mfaAndDevice).patch;
      expect(entry.set).to.deep.equal(set);
      expect(plan.takenOver.map((t) => t.action)).to.deep.equal(["disable", "stripMfa"]);
    });
  });

  it("moves groups and roles into the managed policy as references, never expanding them", () => {
    const group = id(2);
    const p1 = policy({ users: { includeGroups: [group.toUpperCase()] } });
    const p2 = policy({ users: { includeRoles: [GLOBAL_ADMIN_ROLE] } });
    const plan = planMfaTakeover(tenant([p1, p2]), spec({ includeAllUsers: false, includeUsers: [id(3)] }));
    expect(users(plan).includeGroups).to.deep.equal([group]);
    expect(users(plan).includeRoles).to.deep.equal([GLOBAL_ADMIN_ROLE]);
    expect(users(plan).includeUsers).to.have.length(1);
    expect(plan.takenOver.map((t) => t.movedTargets.includeGroups)).to.deep.equal([[group], []]);
    expect(plan.managedPolicy.extraTargets.includeRoles).to.deep.equal([GLOBAL_ADMIN_ROLE]);
  });

  it("leaves report-only and disabled policies alone and reports them", () => {
    const reportOnly = policy({ state: "enabledForReportingButNotEnforced" });
    const disabled = policy({ state: "disabled" });
    const plan = planMfaTakeover(tenant([reportOnly, disabled]), spec());
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(leftIds(plan)).to.deep.equal([reportOnly.id, disabled.id]);
    expect(reasonLeft(plan, reportOnly)).to.contain("report-only");
    expect(reasonLeft(plan, disabled)).to.contain("disabled");
  });

  it("takes over an authentication strength equal to MFA, but not a phishing-resistant one", () => {
    const sameAsMfa = policy({ grantControls: grant("OR", [], MFA_STRENGTH) });
    const phishing = policy({ grantControls: grant("OR", [], PHISHING_RESISTANT) });
    const plan = planMfaTakeover(tenant([sameAsMfa, phishing]), spec());
    expect(plan.takenOver.map((t) => t.policyId)).to.deep.equal([sameAsMfa.id]);
    expect(leftIds(plan)).to.deep.equal([phishing.id]);
    expect(reasonLeft(plan, phishing)).to.contain("Phishing-resistant").and.contain("weaken");
  });

  it("does not move MFA users into a managed policy that demands a stronger method", () => {
    const mfa = policy();
    const samestrength = policy({ grantControls: grant("OR", [], PHISHING_RESISTANT) });
    const plan = planMfaTakeover(tenant([mfa, samestrength]), spec({ authenticationStrengthId: PHISHING_RESISTANT }));
    expect(reasonLeft(plan, mfa)).to.contain("harder than MFA");
    expect(plan.takenOver.map((t) => t.policyId)).to.deep.equal([samestrength.id]);
  });

  it("leaves 'MFA OR compliant device' alone: it never enforced MFA", () => {
    const either = policy({ grantControls: grant("OR", ["mfa", "compliantDevice"]) });
    const plan = planMfaTakeover(tenant([either]), spec());
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(reasonLeft(plan, either)).to.contain("does not enforce MFA");
  });

  describe("exclusions", () => {
    it("carries an exclusion when no other source covers the excluded account", () => {
      const p = policy({ users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS] } });
      const plan = planMfaTakeover(tenant([p]), spec());
      expect(users(plan).excludeUsers).to.deep.equal([BREAK_GLASS]);
      expect(plan.takenOver[0]!.movedTargets.excludeUsers).to.deep.equal([BREAK_GLASS]);
      expect(plan.warnings).to.deep.equal([]);
    });

    it("carries an exclusion that every source shares", () => {
      const bgGroup = id(8);
      const p1 = policy({ users: { includeUsers: ["All"], excludeGroups: [bgGroup] } });
      const p2 = policy({ users: { includeGroups: [id(2)], excludeGroups: [bgGroup.toUpperCase()] } });
      const plan = planMfaTakeover(tenant([p1, p2]), spec());
      expect(users(plan).excludeGroups).to.deep.equal([bgGroup]);
    });

    it("warns, naming the ids, when an exclusion would uncover someone another source covered", () => {
      const p1 = policy({ displayName: "All users", users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS] } });
      const p2 = policy({ displayName: "Finance", users: { includeGroups: [id(2)] } });
      const plan = planMfaTakeover(tenant([p1, p2]), spec());
      expect(users(plan).excludeUsers).to.deep.equal([]);
      expect(plan.warnings).to.have.length(1);
      expect(plan.warnings[0]).to.contain(BREAK_GLASS).and.contain('"All users"').and.contain('"Finance"').and.contain("excludeUsers");
    });

    it("does not take over a policy whose MFA the managed policy's own exclusions would remove", () => {
      const p = policy({ users: { includeUsers: ["All"] } });
      const plan = planMfaTakeover(tenant([p]), spec({ excludeUsers: [BREAK_GLASS] }));
      expect(foreignSteps(plan)).to.deep.equal([]);
      expect(reasonLeft(plan, p)).to.contain(BREAK_GLASS);
      const alsoExcluded = policy({ users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS] } });
      expect(planMfaTakeover(tenant([alsoExcluded]), spec({ excludeUsers: [BREAK_GLASS] })).takenOver).to.have.length(1);
    });
  });

  it("plans only the managed policy for a tenant with no MFA at all, and says what that means", () => {
    const blockLegacy = policy({ grantControls: grant("OR", ["block"]), conditions: { clientAppTypes: ["exchangeActiveSync", "other"] } });
    const plan = planMfaTakeover(tenant([blockLegacy]), spec());
    expect(plan.steps.map((s) => s.kind)).to.deep.equal(["createPolicy"]);
    expect(plan.takenOver).to.deep.equal([]);
    expect(plan.leftAlone).to.deep.equal([]);
    expect(plan.warnings.join(" ")).to.contain("No MFA is enforced");
  });

  it("changes no foreign policy with takeOver.mfaPolicies 'leave', but lists them", () => {
    const p1 = policy();
    const p2 = policy({ grantControls: grant("AND", ["mfa", "compliantDevice"]) });
    const plan = planMfaTakeover(tenant([p1, p2]), spec({ takeOver: { mfaPolicies: "leave" } }));
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(plan.journal).to.deep.equal([]);
    expect(leftIds(plan)).to.deep.equal([p1.id, p2.id]);
    expect(reasonLeft(plan, p1)).to.contain("leave");
  });

  it("changes no foreign policy while the managed policy is report-only", () => {
    const p = policy();
    const plan = planMfaTakeover(tenant([p]), spec({ state: "reportOnly" }));
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(reasonLeft(plan, p)).to.contain("report-only");
  });

  it("says so when a taken-over policy applied only to some applications", () => {
    const exchange = "00000002-0000-0ff1-ce00-000000000000";
    const p = policy({ includeApplications: [exchange], conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } });
    const plan = planMfaTakeover(tenant([p]), spec());
    expect(plan.takenOver[0]!.notes.join(" ")).to.contain(exchange).and.contain("locations");
  });

  it("leaves MFA on user actions and authentication contexts, which an all-applications policy does not reach", () => {
    const registration = policy({ includeApplications: [] });
    registration.conditions.applications!.includeUserActions = ["urn:user:registersecurityinfo"];
    const context = policy({ includeApplications: [] });
    context.conditions.applications!.includeAuthenticationContextClassReferences = ["c1"];
    const plan = planMfaTakeover(tenant([registration, context]), spec());
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(reasonLeft(plan, registration)).to.contain("urn:user:registersecurityinfo");
    expect(reasonLeft(plan, context)).to.contain("c1");
  });

  it("leaves a policy whose applications the managed policy does not cover", () => {
    const exchange = "00000002-0000-0ff1-ce00-000000000000";
    const sharepoint = "00000003-0000-0ff1-ce00-000000000000";
    const p = policy({ includeApplications: [exchange, sharepoint] });
    const plan = planMfaTakeover(tenant([p]), spec({ applications: [exchange] }));
    expect(reasonLeft(plan, p)).to.contain(sharepoint).and.not.contain(exchange);
    expect(planMfaTakeover(tenant([p]), spec({ applications: [exchange, sharepoint] })).takenOver).to.have.length(1);
  });

  it("keeps a policy that also has session controls, removing only its grant", () => {
    const p = policy({ sessionControls: { signInFrequency: { isEnabled: true, type: "hours", value: 4 } } });
    const plan = planMfaTakeover(tenant([p]), spec());
    expect({ ...stepOf(plan, p).patch, description: undefined }).to.deep.equal({ grantControls: null, description: undefined });
    expect(plan.takenOver[0]!.action).to.equal("stripMfa");
  });

  it("leaves policies it cannot classify or that need MFA alongside another control", () => {
    const workload = policy();
    workload.conditions.users = null;
    const passwordChange = policy({ grantControls: grant("AND", ["mfa", "passwordChange"]), conditions: { userRiskLevels: ["high"] } });
    const future = policy({ grantControls: grant("AND", ["mfa", "unknownFutureValue"]) });
    const plan = planMfaTakeover(tenant([workload, passwordChange, future]), spec());
    expect(foreignSteps(plan)).to.deep.equal([]);
    expect(leftIds(plan)).to.deep.equal([workload.id, passwordChange.id, future.id]);
  });

  it("leaves a guest policy when the managed policy does not include all users", () => {
    const guests = policy({ users: { includeUsers: ["GuestsOrExternalUsers"] } });
    const plan = planMfaTakeover(tenant([guests]), spec({ includeAllUsers: false, includeGroups: [id(2)] }));
    expect(reasonLeft(plan, guests)).to.contain("guests");
    expect(planMfaTakeover(tenant([guests]), spec()).takenOver).to.have.length(1);
  });

  it("never touches the managed policy itself, and keeps earlier runs' moved targets", () => {
    const group = id(2);
    const ours = spec({ includeAllUsers: false, includeUsers: [id(3)] });
    const first = planMfaTakeover(tenant([policy({ users: { includeGroups: [group] } })]), ours);
    const created = managedFrom(first);
    const disabledByUs = { ...policy({ users: { includeGroups: [group] } }), id: first.journal[0]!.policyId, state: "disabled" as const };
    const again = planMfaTakeover(tenant([created, disabledByUs], false, created.id), ours, first.journal);
    expect(again.steps).to.deep.equal([]);
    expect(again.leftAlone).to.deep.equal([]);
    expect(again.managedPolicy.policyId).to.equal(created.id);
    expect(again.managedPolicy.body.conditions.users.includeGroups).to.deep.equal([group]);
  });

  describe("an update of the managed policy that takes MFA away", () => {
    const group = id(2);
    const person = id(3);
    const ours = spec({ includeAllUsers: false, includeUsers: [person], includeGroups: [group] });

    it("report-only after a take-over: the policy taken over gets its MFA back first, and the warning says who still has MFA", () => {
      const taken = policy({ displayName: "Finance MFA", users: { includeGroups: [group] } });
      const first = planMfaTakeover(tenant([taken]), ours);
      const managed = managedFrom(first);
      const strippedByUs = { ...taken, state: "disabled" as const };
      const lowered = planMfaTakeover(tenant([managed, strippedByUs], false, managed.id), { ...ours, state: "reportOnly" }, first.journal);
      expect(lowered.errors).to.deep.equal([]);
      expect(lowered.steps.map((s) => s.kind === "updatePolicy" && [s.policyId, s.patch.state])).to.deep.equal([
        [taken.id, "enabled"],
        [managed.id, "enabledForReportingButNotEnforced"],
      ]);
      expect(lowered.givenBack).to.deep.equal([taken.id]);
      const said = lowered.warnings.join("\n");
      expect(said).to.contain("report-only").and.contain(person);
      expect(said).to.contain('only "Finance MFA" still require MFA');
    });

    it("fewer applications or a weaker strength give back the policies whose users they uncover; a stronger one does not", () => {
      const taken = policy({ displayName: "Finance MFA", users: { includeGroups: [group] } });
      const strong = policy({ displayName: "Finance phishing-resistant", users: { includeGroups: [group] }, grantControls: grant("OR", [], PHISHING_RESISTANT) });
      const strongSpec = { ...ours, authenticationStrengthId: PHISHING_RESISTANT };
      const exchange = "00000002-0000-0ff1-ce00-000000000000";
      const cases: [string, ConditionalAccessPolicy, ManagedMfaPolicySpec, ManagedMfaPolicySpec, boolean][] = [
        ["fewer applications", taken, ours, { ...ours, applications: [exchange] }, true],
        ["a weaker strength", strong, strongSpec, ours, true],
        ["a stronger strength", taken, ours, strongSpec, false],
      ];
      for (const [label, takenOver, first, next, expected] of cases) {
        const created = planMfaTakeover(tenant([takenOver]), first);
        expect(created.journal.map((e) => e.policyId), label).to.deep.equal([takenOver.id]);
        const managed = managedFrom(created);
        const after = { ...takenOver, state: "disabled" as const };
        const updated = planMfaTakeover(tenant([managed, after], false, managed.id), next, created.journal);
        expect(updated.givenBack, label).to.deep.equal(expected ? [takenOver.id] : []);
        if (expected) expect(updated.steps[0]!.kind === "updatePolicy" && updated.steps[0]!.policyId, label).to.equal(takenOver.id);
      }
    });

    it("a person dropped from the targets while another policy covers everyone: the warning names both", () => {
      const everyone = policy({ displayName: "Admins' MFA for all", users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS] } });
      const first = planMfaTakeover(tenant([everyone]), { ...ours, takeOver: { ...ours.takeOver, mfaPolicies: "leave" } });
      const managed = managedFrom(first);
      const narrowed = planMfaTakeover(tenant([managed, everyone], false, managed.id), { ...ours, includeUsers: [], takeOver: { ...ours.takeOver, mfaPolicies: "leave" } });
      expect(narrowed.errors).to.deep.equal([]);
      const said = narrowed.warnings.join("\n");
      expect(said).to.contain(person).and.contain("Admins' MFA for all");
      expect(said).to.not.contain(group);
    });

    it("says nothing of the kind when the update only widens the policy", () => {
      const first = planMfaTakeover(tenant([]), ours);
      const managed = managedFrom(first);
      const widened = planMfaTakeover(tenant([managed], false, managed.id), { ...ours, includeUsers: [person, id(4)] });
      expect(widened.steps).to.have.length(1);
      expect(widened.warnings).to.deep.equal([]);
    });

    it("an update journals nothing new: the managed policy is not an adoption of itself", () => {
      const first = planMfaTakeover(tenant([]), ours);
      const managed = managedFrom(first);
      const renamed = planMfaTakeover(tenant([managed], false, managed.id), { ...ours, displayName: "MFA (renamed)" });
      expect(renamed.steps).to.have.length(1);
      expect(renamed.journal).to.deep.equal([]);
    });

    it("a policy given back takes its moved targets out of the managed policy; one kept keeps them in", () => {
      const [financeGroup, salesGroup] = [id(7), id(8)];
      const finance = policy({ displayName: "Finance MFA", users: { includeGroups: [financeGroup] } });
      const exchange = "00000002-0000-0ff1-ce00-000000000000";
      const sales = policy({ displayName: "Sales MFA", users: { includeGroups: [salesGroup] }, includeApplications: [exchange] });
      const first = planMfaTakeover(tenant([finance, sales]), ours);
      expect(first.managedPolicy.extraTargets.includeGroups).to.have.members([financeGroup, salesGroup]);
      const managed = managedFrom(first);
      const stripped = [finance, sales].map((p) => ({ ...p, state: "disabled" as const }));
      const excluding = planMfaTakeover(tenant([managed, ...stripped], false, managed.id), { ...ours, applications: [exchange] }, first.journal);
      expect(excluding.givenBack).to.deep.equal([finance.id]);
      expect(excluding.managedPolicy.extraTargets.includeGroups).to.deep.equal([salesGroup]);
      expect(users(excluding).includeGroups).to.have.members([group, salesGroup]).and.not.include(financeGroup);
    });

    it("a policy to give back that was deleted meanwhile is named in a warning", () => {
      const taken = policy({ displayName: "Finance MFA", users: { includeGroups: [group] } });
      const first = planMfaTakeover(tenant([taken]), ours);
      const managed = managedFrom(first);
      const lowered = planMfaTakeover(tenant([managed], false, managed.id), { ...ours, state: "reportOnly" }, first.journal);
      expect(lowered.warnings).to.include(`Policy "Finance MFA" (${taken.id}) no longer exists, so it cannot be put back (it was enabled, requiring MFA).`);
    });

    it("a managed policy deleted behind the stack's back and created again report-only: the policy it took over gets its MFA back first", () => {
      const [financeGroup, gone] = [id(7), id(5)];
      const taken = policy({ displayName: "Finance MFA", users: { includeGroups: [financeGroup] } });
      const first = planMfaTakeover(tenant([taken]), ours);
      const strippedByUs = { ...taken, state: "disabled" as const };
      const again = planMfaTakeover(tenant([strippedByUs], false, gone), { ...ours, state: "reportOnly" }, first.journal);
      expect(again.errors).to.deep.equal([]);
      expect(again.steps.map((s) => s.kind)).to.deep.equal(["updatePolicy", "createPolicy"]);
      expect(again.steps[0]).to.deep.include({ policyId: taken.id, role: "foreign" });
      expect(again.givenBack).to.deep.equal([taken.id]);
      expect(again.managedPolicy.extraTargets.includeGroups).to.deep.equal([]);
      const unchanged = planMfaTakeover(tenant([strippedByUs], false, gone), ours, first.journal);
      expect(unchanged.steps.map((s) => s.kind)).to.deep.equal(["createPolicy"]);
      expect(unchanged.managedPolicy.extraTargets.includeGroups).to.deep.equal([financeGroup]);
    });
  });

  it("adopts an existing policy instead of creating one, journaling what it was", () => {
    const existing = policy({ displayName: "Our old MFA policy", users: { includeGroups: [id(2)], excludeUsers: [BREAK_GLASS] } });
    const plan = planMfaTakeover(tenant([existing]), spec({ adoptPolicyId: existing.id, excludeUsers: [BREAK_GLASS] }));
    expect(plan.errors).to.deep.equal([]);
    expect(plan.steps).to.have.length(1);
    expect(plan.steps[0]).to.deep.include({ kind: "updatePolicy", role: "managed", policyId: existing.id });
    expect(plan.journal.map((e) => e.action)).to.deep.equal(["adopt"]);
    expect(plan.takenOver).to.deep.equal([]);
    expect(planMfaTakeover(tenant([]), spec({ adoptPolicyId: id(6) })).errors).to.have.length(1);
  });

  it("refuses to adopt a policy in a way that takes MFA from someone it covers today", () => {
    const group = id(2);
    const broad = policy({ displayName: "MFA for everyone", users: { includeUsers: ["All"] } });
    const narrowing = planMfaTakeover(tenant([broad]), spec({ includeAllUsers: false, includeGroups: [group], adoptPolicyId: broad.id }));
    expect(narrowing.errors.join(" ")).to.contain("all users").and.contain("MFA for everyone");
    const strong = policy({ users: { includeGroups: [group] }, grantControls: grant("OR", [], PHISHING_RESISTANT) });
    const weakening = planMfaTakeover(tenant([strong]), spec({ includeAllUsers: false, includeGroups: [group], adoptPolicyId: strong.id }));
    expect(weakening.errors.join(" ")).to.contain("Phishing-resistant");
    const device = policy({ users: { includeGroups: [group] }, grantControls: grant("AND", ["mfa", "compliantDevice"]) });
    const loosening = planMfaTakeover(tenant([device]), spec({ includeAllUsers: false, includeGroups: [group], adoptPolicyId: device.id }));
    expect(loosening.errors).to.deep.equal([]);
    expect(loosening.warnings.join(" ")).to.contain("compliant device");
  });

  it("warns, without refusing, when adoption adds the spec's break-glass exclusion", () => {
    const all = policy({ users: { includeUsers: ["All"] } });
    const plan = planMfaTakeover(tenant([all]), spec({ excludeUsers: [BREAK_GLASS], adoptPolicyId: all.id }));
    expect(plan.errors).to.deep.equal([]);
    expect(plan.warnings.join(" ")).to.contain(BREAK_GLASS);
  });

  it("renders every step, taken-over and left-alone policy and warning as text", () => {
    const p1 = policy({ displayName: "MFA only" });
    const p2 = policy({ displayName: "MFA or device", grantControls: grant("OR", ["mfa", "compliantDevice"]) });
    const p3 = policy({ displayName: "Finance MFA", users: { includeGroups: [id(2)], excludeUsers: [BREAK_GLASS] } });
    const plan = planMfaTakeover(tenant([p1, p2, p3]), spec());
    const text = renderPlan(plan);
    for (const s of plan.steps) expect(text).to.contain(s.description).and.contain(s.undo.description);
    for (const l of plan.leftAlone) expect(text).to.contain(l.displayName).and.contain(l.reason);
    for (const t of plan.takenOver) expect(text).to.contain(t.displayName);
    for (const w of plan.warnings) expect(text).to.contain(w);
    expect(plan.warnings).to.have.length(1);
  });
});
