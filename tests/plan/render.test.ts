// The preview text of a take-over plan and of its per-user MFA part, line by line: this is what a reviewer reads in
// a pull request before anything is written.

import { expect } from "chai";
import { managedPolicyBody, NO_TARGETS } from "../../provider/plan/managed-policy";
import type { PerUserMfaPlan } from "../../provider/plan/per-user-mfa";
import { renderPerUserMfa, renderPlan } from "../../provider/plan/render";
import type { TakeoverPlan } from "../../provider/plan/takeover-plan";
import { spec } from "./fixtures";

const ALICE = "a11ce000-0000-4000-8000-000000000001";
const GROUP = "90000000-0000-4000-8000-000000000009";

function plan(over: Partial<TakeoverPlan> & { managed?: Partial<TakeoverPlan["managedPolicy"]> } = {}): TakeoverPlan {
  const { managed, ...rest } = over;
  return {
    managedPolicy: {
      body: managedPolicyBody(spec({ displayName: "MFA for everyone" })),
      createState: "enabled",
      finalState: "enabled",
      extraTargets: NO_TARGETS,
      ...managed,
    },
    steps: [],
    journal: [],
    givenBack: [],
    takenOver: [],
    leftAlone: [],
    warnings: [],
    errors: [],
    securityDefaults: { isEnabled: false, handoverRequired: false },
    ...rest,
  };
}

describe("renderPlan", () => {
  it("a tenant that already matches: the policy, its state, and no changes, nothing else", () => {
    expect(renderPlan(plan()).split("\n")).to.deep.equal([
      'Managed MFA policy "MFA for everyone"',
      "  state: enabled",
      "No changes: the tenant already matches.",
    ]);
  });

  it("an existing policy is named by id; a report-only create that is enabled later says both states", () => {
    const text = renderPlan(plan({ managed: { policyId: "p-1", createState: "reportOnly", finalState: "enabled" } }));
    expect(text.split("\n").slice(0, 2)).to.deep.equal(['Managed MFA policy "MFA for everyone" (p-1)', "  state: report-only, then enabled"]);
  });

  it("Security Defaults on: the hand-over sentence when it is handed over, the reason when it stays on", () => {
    const handover = renderPlan(plan({ securityDefaults: { isEnabled: true, handoverRequired: true } }));
    expect(handover.split("\n")[2]).to.equal(
      "  Security Defaults is on: the policy is created report-only; SecurityDefaultsOff turns Security Defaults off and enables it in one step.",
    );
    const staysOn = renderPlan(plan({ securityDefaults: { isEnabled: true, handoverRequired: false, staysOnBecause: "the policy is disabled" } }));
    expect(staysOn.split("\n")[2]).to.equal("  Security Defaults is on and stays on: the policy is disabled.");
    expect(renderPlan(plan({ securityDefaults: { isEnabled: false, handoverRequired: true } }))).to.not.contain("Security Defaults");
  });

  it("targets moved in from other policies are named", () => {
    const text = renderPlan(plan({ managed: { extraTargets: { ...NO_TARGETS, includeGroups: [GROUP] } } }));
    expect(text.split("\n")[2]).to.equal(`  taken over from other policies: groups ${GROUP}`);
  });

  it("steps numbered with their undo, taken-over and left-alone policies, warnings and errors each under their heading", () => {
    const body = managedPolicyBody(spec({ displayName: "MFA for everyone" }));
    const text = renderPlan(
      plan({
        steps: [
          { kind: "createPolicy", role: "managed", body, description: "create it", undo: { kind: "deleteCreatedPolicy", description: "delete it" } },
          {
            kind: "updatePolicy",
            role: "foreign",
            policyId: "f-1",
            displayName: "Old MFA",
            patch: { state: "disabled" },
            description: "disable Old MFA",
            undo: { kind: "updatePolicy", policyId: "f-1", patch: { state: "enabled" }, description: "enable Old MFA" },
          },
        ],
        takenOver: [
          { policyId: "f-1", displayName: "Old MFA", action: "disable", movedTargets: { ...NO_TARGETS, includeUsers: [ALICE] }, notes: ["note one", "note two"] },
          { policyId: "f-2", displayName: "Strict", action: "stripMfa", movedTargets: { ...NO_TARGETS, includeAllUsers: true }, notes: [] },
        ],
        leftAlone: [{ policyId: "f-3", displayName: "Guests", reason: "it covers guests only" }],
        warnings: ["warning one"],
        errors: ["error one"],
      }),
    );
    expect(text.split("\n").slice(2)).to.deep.equal([
      "Steps:",
      "  1. create it",
      "       undo: delete it",
      "  2. disable Old MFA",
      "       undo: enable Old MFA",
      "Taken over:",
      `  - "Old MFA" (f-1): disabled; moves users ${ALICE}`,
      "     note one",
      "     note two",
      '  - "Strict" (f-2): MFA removed; moves all users',
      "Left alone:",
      '  - "Guests" (f-3): it covers guests only.',
      "Warnings:",
      "  - warning one",
      "Errors (nothing will be applied):",
      "  - error one",
    ]);
  });
});

const user = (n: number) => ({ userId: `u-${n}`, userPrincipalName: `user${n}@contoso.example` });

function perUser(over: Partial<PerUserMfaPlan> = {}): PerUserMfaPlan {
  return { move: [], left: [], giveBack: [], released: [], notes: [], ...over };
}

describe("renderPerUserMfa", () => {
  it("nobody on per-user MFA says so; notes follow whatever else is said", () => {
    expect(renderPerUserMfa(perUser()).split("\n")).to.deep.equal(["Per-user MFA (legacy):", "  nobody is on per-user MFA: nothing to move."]);
    expect(renderPerUserMfa(perUser({ notes: ["n1", "n2"] })).split("\n").slice(2)).to.deep.equal(["  note: n1", "  note: n2"]);
  });

  it("give-back, moves and held-back each have their line; a user without a principal name is named by id", () => {
    const text = renderPerUserMfa(
      perUser({
        giveBack: [{ ...user(1), previous: "enabled" }],
        move: [{ userId: "u-2", previous: "enforced" }, { ...user(3), previous: "enabled" }],
        heldBack: "the managed policy is report-only",
      }),
    );
    expect(text.split("\n")).to.deep.equal([
      "Per-user MFA (legacy):",
      "  first, per-user MFA back for 1 users the managed policy will no longer cover: user1@contoso.example",
      "  nobody is switched off now: the managed policy is report-only.",
      "  once the managed policy is enabled and read back, switched to disabled (previous state journaled, put back at destroy): 2 users: u-2, user3@contoso.example",
    ]);
  });

  it("users left on per-user MFA are listed with state and reason, but not those only held back", () => {
    const heldBack = "Security Defaults is on";
    const text = renderPerUserMfa(
      perUser({
        heldBack,
        left: [
          { ...user(1), state: "enforced", reason: heldBack },
          { userId: "u-2", state: "enabled", reason: "excluded from the managed policy by name" },
          { ...user(3), state: "unknown", reason: "the per-user MFA state could not be read" },
        ],
      }),
    );
    expect(text.split("\n")).to.deep.equal([
      "Per-user MFA (legacy):",
      "  nobody is switched off now: Security Defaults is on.",
      "  left on per-user MFA, not covered by the managed policy: 2 users:",
      "    - u-2 (enabled): excluded from the managed policy by name",
      "    - user3@contoso.example (unknown): the per-user MFA state could not be read",
    ]);
  });

  it("long lists name twenty users and count the rest", () => {
    const many = Array.from({ length: 23 }, (_, i) => user(i + 1));
    const moved = renderPerUserMfa(perUser({ move: many.map((u) => ({ ...u, previous: "enabled" as const })) })).split("\n")[1];
    expect(moved).to.match(/: 23 users: user1@contoso\.example, .*, user20@contoso\.example, and 3 more$/);
    expect(moved).to.not.contain("user21@");
    const exactly20 = renderPerUserMfa(perUser({ giveBack: many.slice(0, 20).map((u) => ({ ...u, previous: "enabled" as const })) })).split("\n")[1];
    expect(exactly20).to.match(/user20@contoso\.example$/);
    const left = renderPerUserMfa(perUser({ left: many.map((u) => ({ ...u, state: "enabled" as const, reason: "r" })) })).split("\n");
    expect(left.length).to.equal(1 + 1 + 20 + 1);
    expect(left.at(-2)).to.equal("    - user20@contoso.example (enabled): r");
    expect(left.at(-1)).to.equal("    - and 3 more");
    const left20 = renderPerUserMfa(perUser({ left: many.slice(0, 20).map((u) => ({ ...u, state: "enabled" as const, reason: "r" })) })).split("\n");
    expect(left20.length).to.equal(1 + 1 + 20);
  });
});
