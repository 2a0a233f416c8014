import { expect } from "chai";
import { PERMISSIONS } from "../../emulator";
import { GraphRequestError } from "../../provider/graph/errors";
import type { User } from "../../provider/graph/types";
import { GLOBAL_ADMINISTRATOR, SECURITY_ADMINISTRATOR } from "../support/fixtures";
import {
  connect,
  DOMAIN,
  EXISTING_POLICY_ID,
  FUTURE_PROPERTY,
  INNER_GROUP,
  OUTER_GROUP,
  READER,
  TENANT_ID,
  USER_COUNT,
  userId,
  useTestTenant,
} from "./tenant";

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => {
      expect(e).to.be.instanceOf(GraphRequestError);
      return e as GraphRequestError;
    },
  );

describe("graph client: typed calls against the emulator", () => {
  const suite = useTestTenant();
  const tenant = () => suite.tenant;
  const emulator = () => suite.emulator;
  const api = () => connect(emulator());
  beforeEach(() => emulator().control.resetRequests());

  const dump = () => emulator().control.dump(TENANT_ID);
  const fixtureUsers = () => tenant().fixture.users!;

  describe("paging", () => {
    it("follows @odata.nextLink across more than two pages, as pages, items and one array", async () => {
      const pages: string[][] = [];
      for await (const page of api().http.pages<User>("/users", { query: { $top: 20, $select: "id" } })) {
        pages.push(page.map((u) => u.id));
      }
      expect(pages.map((p) => p.length)).to.deep.equal([20, 20, USER_COUNT - 40]);
      expect(pages.flat()).to.deep.equal(fixtureUsers().map((u) => u.id));
      const items: string[] = [];
      for await (const u of api().http.items<User>("/users", { query: { $top: 15 } })) items.push(u.id);
      expect(items).to.deep.equal(pages.flat());
      const all = await api().http.listAll<User>("/users", { query: { $top: 7 } });
      expect(all.map((u) => u.id)).to.deep.equal(pages.flat());
      expect(emulator().control.requests({ method: "GET", pathPrefix: "/v1.0/users" })).to.have.length(3 + 4 + 8);
    });

    it("lists every user in as few calls as Graph allows", async () => {
      const users = await api().users.listAll(["id", "userPrincipalName"]);
      expect(users.map((u) => u.userPrincipalName)).to.deep.equal(fixtureUsers().map((u) => u.userPrincipalName));
      expect(emulator().control.requests({ method: "GET", pathPrefix: "/v1.0/users" })).to.have.length(1);
    });
  });

  describe("$batch", () => {
    it("reads 45 users in batches of 20, in order, with failures per item", async () => {
      const ids = [...Array.from({ length: 43 }, (_, i) => userId(i)), "missing-1", "missing-2"];
      const results = await api().users.getMany(ids, ["id", "userPrincipalName"]);
      expect(results).to.have.length(45);
      expect(results.slice(0, 43).map((r) => r.body?.id)).to.deep.equal(ids.slice(0, 43));
      for (const r of results.slice(43)) {
        expect(r.status).to.equal(404);
        expect(r.error?.code).to.equal("Request_ResourceNotFound");
        expect(r.error?.message).to.match(/^GET \/v1\.0\/users\/missing-\d → 404 Request_ResourceNotFound/);
      }
      expect(emulator().control.requests({ method: "POST", pathPrefix: "/v1.0/$batch" })).to.have.length(3);
      expect(emulator().control.requests({ batchItem: true })).to.have.length(45);
    });

    it("sends items Graph throttled again in a later batch", async () => {
      emulator().control.injectFault({ method: "GET", path: `/users/${userId(3)}`, kind: "status", status: 429, times: 2 });
      const results = await api().batchGet<User>(Array.from({ length: 5 }, (_, i) => ({ url: `/users/${userId(i)}` })));
      expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
      expect(results[3]!.body?.id).to.equal(userId(3));
      expect(emulator().control.requests({ method: "POST", pathPrefix: "/v1.0/$batch" })).to.have.length(3);
      expect(emulator().control.requests({ batchItem: true }).map((r) => r.status)).to.deep.equal([200, 200, 200, 429, 200, 429, 200]);
    });

    it("re-sends a whole batch of reads whose connection dropped", async () => {
      emulator().control.injectFault({ method: "GET", path: `/users/${userId(2)}`, kind: "drop" });
      const results = await api().batchGet<User>([{ url: `/users/${userId(1)}` }, { url: `/users/${userId(2)}` }]);
      expect(results.map((r) => r.body?.id)).to.deep.equal([userId(1), userId(2)]);
    });
  });

  describe("errors", () => {
    it("turns a 403 into an error naming the application permission the call needs", async () => {
      const reader = connect(emulator(), READER);
      const err = await rejection(reader.securityDefaults.setEnabled(false));
      const logged = emulator().control.requests({ method: "PATCH" }).at(-1)!;
      expect(err.status).to.equal(403);
      expect(err.requestId).to.equal(logged.requestId);
      // The emulator's own permission table is the oracle: what we name must be something that grants the call.
      const grants = PERMISSIONS.securityDefaultsWrite.filter((all) => all.every((p) => err.missingPermissions?.includes(p)));
      expect(grants).to.have.length.greaterThan(0);
      expect(err.message).to.equal(
        `PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy → 403 ` +
          `Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id ${logged.requestId}, ` +
          `date ${err.date}, probably missing application permission ${err.missingPermissions!.join(" and ")})`,
      );
    });

    it("names both permissions a Conditional Access write needs", async () => {
      const reader = connect(emulator(), READER);
      const err = await rejection(reader.conditionalAccess.delete(EXISTING_POLICY_ID));
      expect(err.status).to.equal(403);
      expect(PERMISSIONS.conditionalAccessWrite.some((all) => all.every((p) => err.missingPermissions?.includes(p)))).to.equal(true);
    });

    it("surfaces the Security Defaults rejection with Graph's code, message and request-id", async () => {
      await api().securityDefaults.setEnabled(true);
      try {
        const policy = await api().conditionalAccess.create({
          displayName: "enabled while SD is on",
          state: "enabledForReportingButNotEnforced",
          conditions: { clientAppTypes: ["all"], applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
          grantControls: { operator: "OR", builtInControls: ["mfa"] },
        });
        const err = await rejection(api().conditionalAccess.update(policy.id, { state: "enabled" }));
        const logged = emulator().control.requests({ method: "PATCH" }).at(-1)!;
        expect(err.status).to.equal(400);
        expect(err.code).to.equal("BadRequest");
        expect(err.graphMessage).to.match(/^Security Defaults is enabled in the tenant/);
        expect(err.requestId).to.equal(logged.requestId);
        expect(err.message).to.include(`PATCH /v1.0/identity/conditionalAccess/policies/${policy.id} → 400 BadRequest: Security Defaults is enabled`);
        expect(err.missingPermissions).to.equal(undefined);
      } finally {
        await api().securityDefaults.setEnabled(false);
      }
    });
  });

  describe("endpoints", () => {
    it("reads and sets Security Defaults", async () => {
      await api().securityDefaults.setEnabled(true);
      expect((await api().securityDefaults.get()).isEnabled).to.equal(true);
      await api().securityDefaults.setEnabled(false);
      expect((dump().securityDefaults as { isEnabled: boolean }).isEnabled).to.equal(false);
    });

    it("gets, updates and deletes Conditional Access policies; a missing one is undefined / already gone", async () => {
      const [existing] = await api().conditionalAccess.list();
      const fetched = await api().conditionalAccess.get(existing!.id);
      expect(fetched).to.deep.equal(existing);
      const created = await api().conditionalAccess.create({
        displayName: "to delete",
        state: "disabled",
        conditions: { clientAppTypes: ["all"], applications: { includeApplications: ["All"] }, users: { includeUsers: ["None"] } },
        grantControls: { operator: "OR", builtInControls: ["mfa"] },
      });
      await api().conditionalAccess.update(created.id, { displayName: "renamed" });
      expect((await api().conditionalAccess.get(created.id))?.displayName).to.equal("renamed");
      expect(await api().conditionalAccess.delete(created.id)).to.equal("deleted");
      expect(await api().conditionalAccess.delete(created.id)).to.equal("alreadyGone");
      expect(await api().conditionalAccess.get(created.id)).to.equal(undefined);
    });

    it("returns a property it does not know unchanged, from get, list and $batch", async () => {
      const user = await api().users.get(userId(0), ["id", "futureGraphProperty"]);
      expect(user).to.deep.equal({ id: userId(0), futureGraphProperty: FUTURE_PROPERTY });
      const stored = dump().conditionalAccessPolicies!.find((p) => p.id === EXISTING_POLICY_ID)!;
      expect((await api().conditionalAccess.get(EXISTING_POLICY_ID))!.futureGraphProperty).to.deep.equal(FUTURE_PROPERTY);
      expect((await api().conditionalAccess.list()).find((p) => p.id === EXISTING_POLICY_ID)).to.deep.include({
        futureGraphProperty: FUTURE_PROPERTY,
        conditions: stored.conditions,
      });
      const [batched] = await api().batchGet<User>([{ url: `/users/${userId(0)}?$select=futureGraphProperty` }]);
      expect(batched!.body?.futureGraphProperty).to.deep.equal(FUTURE_PROPERTY);
    });

    it("gets a user by UPN with $select, and undefined for a user that does not exist", async () => {
      const user = await api().users.get(`user9@${DOMAIN}`, ["id", "displayName"]);
      expect(user).to.deep.equal({ id: userId(9), displayName: "User 9" });
      expect(await api().users.get(`nobody@${DOMAIN}`)).to.equal(undefined);
    });

    it("lists a group's transitive members, nested groups expanded", async () => {
      const members = await api().groups.transitiveMembers(OUTER_GROUP);
      expect(members.map((m) => m.id).sort()).to.deep.equal(
        [userId(1), userId(2), userId(3), INNER_GROUP].sort(),
      );
      expect(members.every((m) => typeof m["@odata.type"] === "string")).to.equal(true);
    });

    it("lists directory roles and a role's members by template id; a role never activated has none", async () => {
      const roles = await api().directoryRoles.list();
      expect(roles.map((r) => r.roleTemplateId)).to.deep.equal([GLOBAL_ADMINISTRATOR]);
      expect((await api().directoryRoles.members(GLOBAL_ADMINISTRATOR)).map((m) => m.id)).to.deep.equal([userId(0)]);
      expect(await api().directoryRoles.members(SECURITY_ADMINISTRATOR)).to.deep.equal([]);
    });

    it("reads and sets per-user MFA (beta)", async () => {
      expect(await api().perUserMfa.get(userId(4))).to.equal("enforced");
      await api().perUserMfa.set(userId(4), "disabled");
      expect(await api().perUserMfa.get(userId(4))).to.equal("disabled");
      expect(dump().perUserMfa?.[userId(4)] ?? "disabled").to.equal("disabled");
      expect(emulator().control.requests({ method: "PATCH" }).map((r) => r.path)).to.deep.equal([
        `/beta/users/${userId(4)}/authentication/requirements`,
      ]);
    });

    it("lists registration details", async () => {
      const details = await api().registrationDetails.listAll();
      expect(details.map((d) => d.id)).to.deep.equal(tenant().fixture.registrationDetails!.map((d) => d.id));
    });

    it("patches only systemCredentialPreferences of the authentication methods policy (beta)", async () => {
      const before = await api().authenticationMethodsPolicy.getBeta();
      const preferences = {
        state: "enabled" as const,
        includeTargets: [{ id: "all_users", targetType: "group" as const }],
        excludeTargets: [{ id: INNER_GROUP, targetType: "group" as const }],
      };
      const answered = await api().authenticationMethodsPolicy.patchSystemCredentialPreferences(preferences);
      const after = await api().authenticationMethodsPolicy.getBeta();
      expect(after.systemCredentialPreferences).to.deep.include(preferences);
      if (answered) expect(answered.systemCredentialPreferences).to.deep.include(preferences);
      const untouched = (p: typeof before) => {
        const { systemCredentialPreferences: _s, lastModifiedDateTime: _l, ...rest } = p;
        return rest;
      };
      expect(untouched(after)).to.deep.equal(untouched(before));
      expect(emulator().control.requests({ method: "PATCH" }).map((r) => r.path)).to.deep.equal([
        "/beta/policies/authenticationMethodsPolicy",
      ]);
    });
  });
});

