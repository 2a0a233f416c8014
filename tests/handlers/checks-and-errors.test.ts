// What a person sees before anything is written (check failures per property, diffs that never write), and what
// an error says when Graph refuses.
import { expect } from "chai";
import { handle } from "../../provider/handlers";
import { UNKNOWN } from "../../provider/plan/normalize";
import type { ResourceKind } from "../../provider/shim";
import { ids, READER_APP, storedPolicy } from "../support/fixtures";
import { CA_PATH, created, failureOf, newTenant, Resource, SD_PATH, uniqueName, useHandlerEmulator, AMP_PATH } from "./support";

type Failures = { property: string; reason: string }[];
const check = async (kind: ResourceKind, news: Record<string, unknown>) =>
  ((await handle(kind, "check", undefined, news)) as { failures?: Failures }).failures ?? [];

describe("check, diff and errors", function () {
  const emu = useHandlerEmulator();

  describe("check turns bad inputs into per-property failures", () => {
    const cases: [ResourceKind, Record<string, unknown>, string, RegExp][] = [
      ["ManagedMfaPolicy", { includeAllUsers: true, includeUsers: ["a@b.com"] }, "includeUsers", /conflicts with includeAllUsers/],
      ["ManagedMfaPolicy", {}, "includeUsers", /targets nobody/],
      ["ManagedMfaPolicy", { includeAllUsers: true, includeGroups: ["Engineering"] }, "includeGroups", /"Engineering" is not a group object id/],
      ["ManagedMfaPolicy", { includeAllUsers: true, includeRoles: ["Global Administrator"] }, "includeRoles", /role template id/],
      ["ManagedMfaPolicy", { includeAllUsers: true, excludeUsers: ["bob"] }, "excludeUsers", /neither a user object id/],
      ["ManagedMfaPolicy", { includeAllUsers: true, state: "on" }, "state", /allowed values are "enabled", "reportOnly", "disabled"/],
      ["ManagedMfaPolicy", { includeAllUsers: true, displayName: "x".repeat(300) }, "displayName", /at most 256/],
      ["ManagedMfaPolicy", { includeAllUsers: true, applications: [] }, "applications", /applications is empty/],
      ["ManagedMfaPolicy", { includeAllUsers: true, applications: ["All", "Office365"] }, "applications", /"All" together with other entries/],
      ["ManagedMfaPolicy", { includeAllUsers: true, adoptPolicyId: "my policy" }, "adoptPolicyId", /not a Conditional Access policy id/],
      ["ManagedMfaPolicy", { includeAllUsers: true, takeOver: { mfaPolicies: "merge" } }, "takeOver.mfaPolicies", /"consolidate", "leave"/],
      ["SecurityDefaultsOff", {}, "handoverPolicyIds", /would leave every user without MFA/],
      ["SecurityDefaultsOff", { handoverPolicyIds: ["MFA policy"] }, "handoverPolicyIds", /not a Conditional Access policy id/],
      ["SecurityDefaultsOff", { handoverPolicyIds: [ids.group("p")], restoreOnDestroy: "yes" }, "restoreOnDestroy", /true or false/],
      ["SystemPreferredMfa", { state: "on" }, "state", /"enabled", "disabled", "default"/],
      ["SystemPreferredMfa", { excludeTarget: { id: "all_users", targetType: "group" } }, "excludeTarget", /use state: "disabled"/],
      ["SystemPreferredMfa", { includeTarget: [{ id: ids.group("a"), targetType: "group" }, { id: ids.group("b"), targetType: "group" }] }, "includeTarget", /exactly one include target/],
      ["SystemPreferredMfa", { includeTarget: { id: ids.group("a"), targetType: "role" } }, "includeTarget.targetType", /"group", "user"/],
      ["SystemPreferredMfa", { includeTarget: { id: "Pilot", targetType: "group" } }, "includeTarget.id", /not a group object id/],
    ];
    for (const [kind, news, property, reason] of cases)
      it(`${kind}: ${JSON.stringify(news).slice(0, 80)} → ${property}`, async () => {
        const failures = await check(kind, news);
        expect(failures.map((f) => f.property)).to.include(property);
        expect(failures.find((f) => f.property === property)!.reason).to.match(reason);
      });

    it("accepts unknown values during preview without failing", async () => {
      const connection = newTenant(emu).connection();
      expect(await check("ManagedMfaPolicy", { includeAllUsers: UNKNOWN, includeUsers: [UNKNOWN], state: UNKNOWN, connection })).to.deep.equal([]);
      expect(await check("SecurityDefaultsOff", { handoverPolicyIds: UNKNOWN, connection })).to.deep.equal([]);
      expect(await check("SystemPreferredMfa", { includeTarget: { id: UNKNOWN, targetType: "group" }, connection })).to.deep.equal([]);
      // Nor is the tenant read when the connection itself is not known yet.
      expect(await check("ManagedMfaPolicy", { includeAllUsers: true, connection: UNKNOWN })).to.deep.equal([]);
    });
  });

  it("check only reads and diff never calls Graph, for every resource, whatever changed", async () => {
    const name = uniqueName();
    const handover = storedPolicy({ displayName: "MFA", state: "enabledForReportingButNotEnforced", excludeUsers: [ids.user(0, name)] });
    const t = newTenant(emu, { name, securityDefaults: true, policies: [handover] });
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, excludeUsers: [ids.user(0, name)], connection: t.connection() });
    const sd = await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [handover.id], breakGlassAccounts: [ids.user(0, name)], connection: t.connection() });
    const spm = await created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: t.connection() });
    const mark = t.mark();
    const changes: [Resource, Record<string, unknown>][] = [
      [mfa, { ...mfa.inputs, excludeUsers: [ids.user(1, name)], state: "reportOnly", displayName: "Renamed" }],
      [mfa, { ...mfa.inputs, includeAllUsers: UNKNOWN, adoptPolicyId: UNKNOWN }],
      [sd, { ...sd.inputs, handoverPolicyIds: [handover.id, ids.group("other")], restoreOnDestroy: false }],
      [spm, { ...spm.inputs, state: "disabled", excludeTarget: { id: UNKNOWN, targetType: "group" } }],
    ];
    for (const [resource, news] of changes) {
      await resource.check(news);
      const checked = t.mark();
      expect((await resource.diff(news)).changes, `${resource.kind} diff`).to.equal(true);
      expect(t.requests(checked), `${resource.kind} diff`).to.deep.equal([]);
    }
    expect(t.requests(mark).length, "check reads the tenant").to.be.greaterThan(0);
    expect(t.writes(mark)).to.deep.equal([]);
  });

  it("diff replaces a resource moved to another tenant and when adoptPolicyId changes", async () => {
    const t = newTenant(emu);
    const other = newTenant(emu);
    const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
    expect((await mfa.diff({ ...mfa.inputs, connection: other.connection() })).replaces).to.deep.equal(["connection"]);
    expect((await mfa.diff({ ...mfa.inputs, adoptPolicyId: ids.group("p") })).replaces).to.deep.equal(["adoptPolicyId"]);
  });

  describe("a 403 names the resource, the request, Graph's code and message, the request-id and the permission", () => {
    const expectDescribed = (error: Error, prefix: string, request: string, permission: string) => {
      expect(error.message.startsWith(prefix), error.message).to.equal(true);
      expect(error.message).to.contain(request);
      expect(error.message).to.contain("403 Authorization_RequestDenied: Insufficient privileges to complete the operation.");
      expect(error.message).to.match(/request-id [0-9a-f-]{36}/);
      expect(error.message).to.contain(`missing application permission ${permission}`);
    };

    it("ManagedMfaPolicy create", async () => {
      const t = newTenant(emu);
      const error = await failureOf(created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection(READER_APP) }));
      expectDescribed(error, "ManagedMfaPolicy 'mfa' (create): ", `POST /v1.0${CA_PATH}`, "Policy.ReadWrite.ConditionalAccess");
      expect(t.store.conditionalAccessPolicies).to.deep.equal([]);
    });

    it("SecurityDefaultsOff create: refused before anything changed, so nothing is rolled back", async () => {
      const name = uniqueName();
      const handover = storedPolicy({ displayName: "MFA", state: "enabledForReportingButNotEnforced", excludeUsers: [ids.user(0, name)] });
      const t = newTenant(emu, { name, securityDefaults: true, policies: [handover] });
      const error = await failureOf(created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [handover.id], breakGlassAccounts: [ids.user(0, name)], connection: t.connection(READER_APP) }));
      expectDescribed(error, "SecurityDefaultsOff 'sd' (create): ", `PATCH /v1.0${SD_PATH}`, "Policy.ReadWrite.SecurityDefaults");
      expect(error.message).to.not.contain("roll");
      expect(t.securityDefaults).to.equal(true);
    });

    it("SystemPreferredMfa create", async () => {
      const t = newTenant(emu);
      const error = await failureOf(created("SystemPreferredMfa", { resourceName: "spm", state: "enabled", connection: t.connection(READER_APP) }));
      expectDescribed(error, "SystemPreferredMfa 'spm' (create): ", `PATCH /beta${AMP_PATH}`, "Policy.ReadWrite.AuthenticationMethod");
    });

    it("ManagedMfaPolicy delete", async () => {
      const t = newTenant(emu);
      const mfa = await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: t.connection() });
      mfa.outs = { ...mfa.outs, connection: t.connection(READER_APP) };
      const error = await failureOf(mfa.delete());
      expectDescribed(error, "ManagedMfaPolicy 'mfa' (delete): ", `DELETE /v1.0${CA_PATH}/${mfa.id}`, "Policy.ReadWrite.ConditionalAccess");
    });
  });
});
