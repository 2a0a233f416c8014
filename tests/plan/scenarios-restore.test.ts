// A destroy puts back exactly what the journal says was there: conditions included, and adopted policies whole.

import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { managedPolicyBody, NO_TARGETS } from "../../provider/plan/managed-policy";
import { canonical } from "../../provider/plan/normalize";
import { planRestore } from "../../provider/plan/restore";
import { journalEntry, updateStep } from "../../provider/plan/steps";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { BREAK_GLASS, grant, id, policy, spec } from "./fixtures";
import { patched, stepOf, tenant } from "./scenario-helpers";

const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";

/** What a restore must match: every part a PATCH can write, compared the way Graph's echo allows. */
const writable = (p: ConditionalAccessPolicy) => canonical({ ...p, modifiedDateTime: undefined });

describe("restore scenarios: an adopted policy", () => {
  const group = id(2);
  const original = () =>
    policy({
      displayName: "Old MFA for staff",
      users: { includeGroups: [group], excludeUsers: [BREAK_GLASS] },
      includeApplications: [EXCHANGE],
      grantControls: grant("AND", ["mfa", "compliantDevice"]),
      sessionControls: { signInFrequency: { isEnabled: true, type: "hours", value: 4 } },
      conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, signInRiskLevels: ["high", "medium"] },
    });
  const wider = id(2);

  function adopted() {
    const before = original();
    const ours = spec({ displayName: "Managed MFA", includeAllUsers: false, includeGroups: [group, wider], excludeUsers: [BREAK_GLASS], adoptPolicyId: before.id });
    const plan = planMfaTakeover(tenant([before]), ours);
    expect(plan.errors).to.deep.equal([]);
    const step = stepOf(plan, before);
    return { before, plan, step, after: patched(before, step.patch) };
  }

  it("the adoption rewrites names, grant, session and every condition the managed policy does not use", () => {
    const { step } = adopted();
    expect(Object.keys(step.patch).sort()).to.deep.equal(["conditions", "displayName", "grantControls", "sessionControls"]);
    expect(Object.keys(step.patch.conditions!).sort()).to.deep.equal(["applications", "locations", "signInRiskLevels", "users"]);
  });

  it("is put back whole: name, grant, session controls, users, applications, locations and risk levels", () => {
    const { before, plan, after } = adopted();
    const restore = planRestore(plan.journal, [after]);
    expect(restore.warnings).to.deep.equal([]);
    expect(restore.steps).to.have.length(1);
    expect(restore.steps[0]).to.deep.include({ role: "managed", policyId: before.id });
    expect(writable(patched(after, restore.steps[0]!.patch))).to.deep.equal(writable(before));
  });

  it("is put back whole even after later updates of the managed policy changed it again", () => {
    const { before, plan, after } = adopted();
    const updatedSince = patched(after, { conditions: { users: { ...after.conditions.users!, includeUsers: [id(3)] } }, state: "enabledForReportingButNotEnforced" });
    const restore = planRestore(plan.journal, [updatedSince]);
    expect(restore.warnings).to.deep.equal([]);
    expect(writable(patched(updatedSince, restore.steps[0]!.patch))).to.deep.equal(writable(before));
  });

  it("adopting a policy that already matches the spec changes nothing, yet is journaled: a destroy must not delete it", () => {
    const ours = spec({ displayName: "Managed MFA", excludeUsers: [BREAK_GLASS] });
    const matching = { ...managedPolicyBody(ours), id: id(1), sessionControls: null } as ConditionalAccessPolicy;
    const plan = planMfaTakeover(tenant([matching]), { ...ours, adoptPolicyId: matching.id });
    expect(plan.steps).to.deep.equal([]);
    expect(plan.journal.map((e) => [e.policyId, e.action, e.set])).to.deep.equal([[matching.id, "adopt", {}]]);
    const laterUpdate = patched(matching, { state: "enabledForReportingButNotEnforced", conditions: { users: { ...matching.conditions.users!, excludeUsers: [] } } });
    const restore = planRestore(plan.journal, [laterUpdate]);
    expect(writable(patched(laterUpdate, restore.steps[0]!.patch))).to.deep.equal(writable(matching));
  });
});

describe("restore scenarios: a journal entry that changed conditions", () => {
  const group = id(2);
  const excluded = id(8);
  const before = () => policy({ displayName: "Finance MFA", users: { includeGroups: [group], excludeUsers: [BREAK_GLASS] }, conditions: { clientAppTypes: ["browser"] } });

  function changedConditions() {
    const p = before();
    const users = { ...p.conditions.users!, excludeGroups: [excluded] };
    const step = updateStep("foreign", p, { conditions: { users, clientAppTypes: ["all"] } }, "Exclude the group.", "Put it back.");
    return { p, step, entry: journalEntry(p, "stripMfa", step, NO_TARGETS), after: patched(p, step.patch) };
  }

  it("journals the conditions it overwrites, as they were", () => {
    const { p, entry } = changedConditions();
    expect(entry.previous).to.deep.equal({ conditions: { users: p.conditions.users, clientAppTypes: ["browser"] } });
  });

  it("puts the conditions back exactly, and ignores what Graph's echo changes (case, order)", () => {
    const { p, entry, after } = changedConditions();
    const echoed = patched(after, { conditions: { users: { ...after.conditions.users!, excludeGroups: [excluded.toUpperCase()] }, clientAppTypes: ["ALL"] } });
    const restore = planRestore([entry], [echoed]);
    expect(restore.warnings).to.deep.equal([]);
    expect(restore.steps.map((s) => s.patch)).to.deep.equal([entry.previous]);
    expect(writable(patched(echoed, restore.steps[0]!.patch))).to.deep.equal(writable(p));
  });

  it("leaves the policy when someone changed those conditions since, naming the part", () => {
    const { entry, after } = changedConditions();
    const changed = patched(after, { conditions: { users: { ...after.conditions.users!, excludeGroups: [excluded, id(9)] } } });
    const restore = planRestore([entry], [changed]);
    expect(restore.steps).to.deep.equal([]);
    expect(restore.warnings).to.have.length(1);
    expect(restore.warnings[0]).to.contain('"Finance MFA"').and.contain("conditions.users.excludeGroups").and.not.contain("clientAppTypes");
  });

  it("a condition that was absent is cleared on restore: [] for a list, null for an object", () => {
    const p = before();
    const step = updateStep("foreign", p, { conditions: { signInRiskLevels: ["high"], locations: { includeLocations: ["All"] } } }, "Narrow.", "Put it back.");
    const missing = { ...p, conditions: { ...p.conditions, signInRiskLevels: undefined, locations: undefined } } as unknown as ConditionalAccessPolicy;
    expect(journalEntry(missing, "stripMfa", updateStep("foreign", missing, step.patch, "", ""), NO_TARGETS).previous).to.deep.equal({
      conditions: { signInRiskLevels: [], locations: null },
    });
  });
});
