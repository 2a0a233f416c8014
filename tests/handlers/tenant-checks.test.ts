// check against the tenant: input that is well formed but names what the tenant does not hold (a typo in the
// break-glass exclusion, a role's object id, a strength that does not exist, a name another policy has) fails the
// preview, with reads only; a read that fails says the check could not be done, never that something is missing.
import { expect } from "chai";
import { handle } from "../../provider/handlers";
import { UNKNOWN } from "../../provider/plan/normalize";
import type { ResourceKind } from "../../provider/shim";
import { GLOBAL_ADMINISTRATOR, guidFor, ids, storedPolicy } from "../support/fixtures";
import { CA_PATH, created, failureOf, newTenant, uniqueName, useHandlerEmulator } from "./support";

type Failures = { property: string; reason: string }[];

describe("check against the tenant", function () {
  const emu = useHandlerEmulator();

  const existing = storedPolicy({ displayName: "Existing MFA", state: "disabled" });
  function tenant() {
    const name = uniqueName();
    const t = newTenant(emu, {
      name,
      groups: [{ displayName: "Break glass", users: [0] }, { displayName: "Staff", users: [1, 2, 3] }],
      roles: { [GLOBAL_ADMINISTRATOR]: [1] },
      policies: [existing],
    });
    const user = (i: number) => ids.user(i, name);
    const upn = (i: number) => `user${i}@${name}.onmicrosoft.com`;
    const group = (g: string) => ids.group(g, name);
    const check = async (kind: ResourceKind, inputs: Record<string, unknown>): Promise<Failures> => {
      const result = (await handle(kind, "check", undefined, { resourceName: "r", connection: t.connection(), ...inputs })) as { failures?: Failures };
      return result.failures ?? [];
    };
    return { t, name, user, upn, group, check };
  }
  const only = (failures: Failures, property: string) => {
    expect(failures.map((f) => f.property), JSON.stringify(failures)).to.deep.equal([property]);
    return failures[0]!.reason;
  };
  const TYPO = guidFor("typo");

  describe("users and groups that do not exist", () => {
    it("a mistyped break-glass user in excludeUsers: fails naming the resource, the entry and the danger", async () => {
      const { t, user, check } = tenant();
      const reason = only(await check("ManagedMfaPolicy", { includeAllUsers: true, excludeUsers: [user(0), TYPO] }), "excludeUsers");
      expect(reason).to.contain(`ManagedMfaPolicy 'r': excludeUsers[1] "${TYPO}": tenant ${t.id} has no user with this object id.`);
      expect(reason).to.contain("locked out").and.contain("typo");
      expect(t.writes()).to.deep.equal([]);
    });

    it("a mistyped break-glass group, an included group and an included user principal name", async () => {
      const { check, group, name } = tenant();
      const failures = await check("ManagedMfaPolicy", {
        includeUsers: [`usr1@${name}.onmicrosoft.com`],
        includeGroups: [group("Staff"), group("Staf")],
        excludeGroups: [group("Break glas")],
      });
      expect(failures.map((f) => f.property)).to.deep.equal(["includeUsers", "includeGroups", "excludeGroups"]);
      expect(failures[0]!.reason).to.contain(`includeUsers[0] "usr1@${name}.onmicrosoft.com"`).and.contain("no user with this user principal name");
      expect(failures[1]!.reason).to.contain(`includeGroups[1] "${group("Staf")}"`).and.contain("no group with this object id");
      expect(failures[2]!.reason).to.contain("excludeGroups[0]").and.contain("locked out");
    });

    it("everything present passes, read in one $batch and one policy list, with no write", async () => {
      const { t, user, upn, group, check } = tenant();
      const mark = t.mark();
      const failures = await check("ManagedMfaPolicy", {
        includeUsers: [user(1), upn(2), user(3), upn(4)],
        includeGroups: [group("Staff")],
        includeRoles: [GLOBAL_ADMINISTRATOR],
        excludeUsers: [user(0), upn(5)],
        excludeGroups: [group("Break glass")],
        authenticationStrengthId: "00000000-0000-0000-0000-000000000004",
      });
      expect(failures).to.deep.equal([]);
      const sent = t.requests(mark).filter((r) => !r.batchItem);
      expect(sent.map((r) => `${r.method} ${r.path}`)).to.deep.equal(["POST /v1.0/$batch", `GET /v1.0${CA_PATH}`]);
      // 6 users, 2 groups, the directory roles, the strength.
      expect(t.requests(mark).filter((r) => r.batchItem)).to.have.length(10);
      expect(t.writes(mark)).to.deep.equal([]);
    });

    it("a group created moments ago, readable only at the second look (directory replication), passes", async () => {
      const { t, check } = tenant();
      const fresh = guidFor(`fresh:${t.id}`);
      const saved = process.env.ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS;
      process.env.ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS = "400";
      try {
        const mark = t.mark();
        const checking = check("SystemPreferredMfa", { state: "enabled", includeTarget: { id: fresh, targetType: "group" } });
        while (!t.requests(mark).some((r) => r.batchItem && r.path.includes(fresh))) await new Promise((r) => setTimeout(r, 5));
        t.store.groups.push({ id: fresh, displayName: "Just made", securityEnabled: true, mailEnabled: false, groupTypes: [], members: [] } as never);
        expect(await checking).to.deep.equal([]);
        expect(t.requests(mark).filter((r) => r.path === "/v1.0/$batch")).to.have.length(2);
      } finally {
        process.env.ENTRA_MFA_GRAPH_RETRY_BASE_DELAY_MS = saved;
      }
    });

    it("SecurityDefaultsOff's break-glass accounts and SystemPreferredMfa's targets are looked up too", async () => {
      const { user, group, check } = tenant();
      const sd = await check("SecurityDefaultsOff", { handoverPolicyIds: [existing.id], breakGlassAccounts: [user(0), TYPO] });
      expect(only(sd, "breakGlassAccounts")).to.contain(`SecurityDefaultsOff 'r': breakGlassAccounts[1] "${TYPO}"`).and.contain("no user");
      const spm = await check("SystemPreferredMfa", { state: "enabled", includeTarget: { id: group("Staff"), targetType: "group" }, excludeTarget: { id: TYPO, targetType: "user" } });
      expect(only(spm, "excludeTarget")).to.contain(`excludeTarget.id "${TYPO}"`).and.contain("no user with this object id");
    });
  });

  it("the same user included by name and excluded by object id", async () => {
    const { user, upn, check } = tenant();
    const reason = only(await check("ManagedMfaPolicy", { includeUsers: [upn(2)], excludeUsers: [user(0), user(2)] }), "excludeUsers");
    expect(reason).to.contain(`excludeUsers[1] "${user(2)}" is also included by includeUsers[0] ("${upn(2)}" is the same object)`);
  });

  it("a directory role's object id in includeRoles: names the role and its template id", async () => {
    const { name, check } = tenant();
    const objectId = ids.role(GLOBAL_ADMINISTRATOR, name);
    const reason = only(await check("ManagedMfaPolicy", { includeRoles: [GLOBAL_ADMINISTRATOR, objectId] }), "includeRoles");
    expect(reason).to.contain(`includeRoles[1] "${objectId}" is the object id of the tenant's "Global Administrator" directory role`);
    expect(reason).to.contain(`use ${GLOBAL_ADMINISTRATOR}`);
  });

  it("an authentication strength the tenant does not have", async () => {
    const { t, check } = tenant();
    const unknown = "00000000-0000-0000-0000-000000000009";
    const reason = only(await check("ManagedMfaPolicy", { includeAllUsers: true, authenticationStrengthId: unknown }), "authenticationStrengthId");
    expect(reason).to.contain(`authenticationStrengthId "${unknown}": tenant ${t.id} has no authentication strength policy with this id`);
  });

  describe("a display name another policy already has", () => {
    it("fails naming that policy, in any case", async () => {
      const { check } = tenant();
      const reason = only(await check("ManagedMfaPolicy", { includeAllUsers: true, displayName: "existing mfa" }), "displayName");
      expect(reason).to.contain(`"existing mfa" is already the name of Conditional Access policy ${existing.id}`).and.contain("adoptPolicyId");
    });

    it("is not judged while the name or the policy to adopt is not known yet (preview)", async () => {
      const { t, check } = tenant();
      const mark = t.mark();
      expect(await check("ManagedMfaPolicy", { includeAllUsers: true, displayName: "Existing MFA", adoptPolicyId: UNKNOWN })).to.deep.equal([]);
      expect(await check("ManagedMfaPolicy", { includeAllUsers: true, displayName: UNKNOWN })).to.deep.equal([]);
      expect(t.requests(mark).filter((r) => r.path.includes(CA_PATH))).to.deep.equal([]);
    });

    it("passes for the policy the resource adopts, and for the one it made (a later update's check)", async () => {
      const { t, check } = tenant();
      expect(await check("ManagedMfaPolicy", { includeAllUsers: true, displayName: "Existing MFA", adoptPolicyId: existing.id })).to.deep.equal([]);
      const mfa = await created("ManagedMfaPolicy", { resourceName: "r", includeAllUsers: true, displayName: "Ours", connection: t.connection() });
      expect((await mfa.check()).failures).to.deep.equal([]);
      // Another resource with the same name is told.
      expect(only(await check("ManagedMfaPolicy", { resourceName: "other", includeAllUsers: true, displayName: "Ours" }), "displayName")).to.contain(mfa.id);
    });
  });

  describe("a read that fails is not an answer", () => {
    const inputs = (user: (i: number) => string) => ({ includeAllUsers: true, excludeUsers: [user(0)] });
    // More faults than the client's attempts (6 by default, ENTRA_MFA_GRAPH_MAX_ATTEMPTS), so every retry meets one.
    const faults = [
      ["users throttled in the $batch, past every retry", { method: "GET", path: "/users", kind: "status", status: 429, times: 10 }],
      ["the $batch itself failing with 503", { method: "POST", path: "/$batch", kind: "status", status: 503, times: 10 }],
      ["the $batch answer lost", { method: "POST", path: "/$batch", kind: "drop", times: 10 }],
      ["the policy list throttled", { method: "GET", path: CA_PATH, kind: "status", status: 429, times: 10 }],
    ] as const;
    for (const [what, fault] of faults)
      it(`${what}: check fails saying it could not check, never that the user is missing`, async () => {
        const { t, user } = tenant();
        emu.control.injectFault(fault);
        const error = await failureOf(handle("ManagedMfaPolicy", "check", undefined, { resourceName: "r", connection: t.connection(), ...inputs(user) }));
        expect(error.message).to.match(/^ManagedMfaPolicy 'r' \(check\): could not check the inputs against tenant /);
        expect(error.message).to.contain("nothing is known to be wrong").and.contain("entra-mfa:graphMaxAttempts");
        expect(error.message).to.not.contain("has no user");
        expect(t.writes()).to.deep.equal([]);
      });
  });
});
