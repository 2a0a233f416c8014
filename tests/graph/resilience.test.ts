import { expect } from "chai";
import { withoutCreateMarker } from "../../provider/graph/endpoints/conditional-access";
import { GraphRequestError } from "../../provider/graph/errors";
import type { RetryEvent } from "../../provider/graph/middleware";
import type { ConditionalAccessPolicyWrite } from "../../provider/graph/types";
import { ADMIN, connect, FAST, TENANT_ID, USER_COUNT, userId, useTestTenant } from "./tenant";

const CA = "/identity/conditionalAccess/policies";

const reportOnlyMfaPolicy = (displayName: string): ConditionalAccessPolicyWrite => ({
  displayName,
  description: "Managed by entra-mfa tests",
  state: "enabledForReportingButNotEnforced",
  conditions: {
    clientAppTypes: ["all"],
    applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
    users: { includeUsers: ["All"], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
  },
  grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [] },
});

describe("graph client: retries, pacing and safe re-sending", () => {
  const suite = useTestTenant();
  const emulator = () => suite.emulator;
  beforeEach(() => {
    emulator().control.clearFaults();
    emulator().control.resetRequests();
  });

  const statuses = (method: string, pathPrefix: string) =>
    emulator().control.requests({ method, pathPrefix }).map((r) => r.status);
  const policiesNamed = (name: string) =>
    (emulator().control.dump(TENANT_ID).conditionalAccessPolicies ?? []).filter((p) => p.displayName === name);

  it("retries a 429 that carries no Retry-After and succeeds", async () => {
    emulator().control.injectFault({ method: "GET", path: "/users", kind: "status", status: 429, times: 2 });
    const retries: RetryEvent[] = [];
    const users = await connect(emulator(), ADMIN, { ...FAST, onRetry: (e) => retries.push(e) }).users.listAll(["id"]);
    expect(users).to.have.length(USER_COUNT);
    expect(statuses("GET", "/v1.0/users")).to.deep.equal([429, 429, 200]);
    expect(retries.map((r) => `${r.method} ${r.path} #${r.attempt} ${r.reason}`)).to.deep.equal([
      "GET /v1.0/users #1 HTTP 429",
      "GET /v1.0/users #2 HTTP 429",
    ]);
  });

  it("waits as long as Retry-After says", async () => {
    emulator().control.injectFault({ method: "GET", path: "/users/", kind: "status", status: 429, retryAfter: 1 });
    await connect(emulator()).users.get(userId(7));
    const [first, second] = emulator().control.requests({ method: "GET", pathPrefix: "/v1.0/users/" });
    expect(Date.parse(second!.at) - Date.parse(first!.at)).to.be.at.least(950);
  });

  it("backs off through the emulator's own Conditional Access throttle when not pacing", async () => {
    const patient = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 1_000, maxTotalWaitMs: 20_000, timeoutMs: 5_000 };
    const unpaced = connect(emulator(), ADMIN, { conditionalAccessRequestsPerSecond: false, retry: patient });
    // allSettled: a rejected read must not leave the others running into the next test.
    const reads = await Promise.allSettled(Array.from({ length: 30 }, () => unpaced.conditionalAccess.list()));
    expect(reads.map((r) => r.status)).to.deep.equal(Array(30).fill("fulfilled"));
    expect(statuses("GET", `/v1.0${CA}`)).to.include(429);
  });

  it("gives up after the configured attempts with the last 429 as the error", async () => {
    emulator().control.injectFault({ method: "GET", path: "/users", kind: "status", status: 429, times: 10 });
    const api = connect(emulator(), ADMIN, { ...FAST, retry: { ...FAST.retry, maxAttempts: 3 } });
    const err = (await api.users.listAll().catch((e: unknown) => e)) as GraphRequestError;
    expect(err).to.be.instanceOf(GraphRequestError);
    expect(err.status).to.equal(429);
    expect(err.code).to.equal("TooManyRequests");
    expect(statuses("GET", "/v1.0/users")).to.deep.equal([429, 429, 429]);
  });

  it("retries a GET whose connection was dropped", async () => {
    emulator().control.injectFault({ method: "GET", path: `/users/${userId(5)}`, kind: "drop" });
    const user = await connect(emulator()).users.get(userId(5));
    expect(user?.id).to.equal(userId(5));
    expect(statuses("GET", `/v1.0/users/${userId(5)}`)).to.deep.equal([0, 200]);
  });

  it("retries a PATCH answered 503 (sending it again changes nothing)", async () => {
    emulator().control.injectFault({ method: "PATCH", path: "/policies/identitySecurityDefaultsEnforcementPolicy", kind: "status", status: 503 });
    await connect(emulator()).securityDefaults.setEnabled(false);
    expect(statuses("PATCH", "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")).to.deep.equal([503, 204]);
  });

  it("creates exactly one policy when the POST commits and then answers 503, and returns it", async () => {
    emulator().control.injectFault({ method: "POST", path: CA, kind: "commit-then-status", status: 503 });
    const created = await connect(emulator()).conditionalAccess.create(reportOnlyMfaPolicy("commit then 503"));
    const stored = policiesNamed("commit then 503");
    expect(stored).to.have.length(1);
    expect(created.id).to.equal(stored[0]!.id);
    expect(created.displayName).to.equal("commit then 503");
    expect(statuses("POST", `/v1.0${CA}`)).to.deep.equal([503]);
  });

  it("creates exactly one policy when the POST commits and the connection drops", async () => {
    emulator().control.injectFault({ method: "POST", path: CA, kind: "commit-then-drop" });
    const created = await connect(emulator()).conditionalAccess.create(reportOnlyMfaPolicy("commit then drop"));
    const stored = policiesNamed("commit then drop");
    expect(stored.map((p) => p.id)).to.deep.equal([created.id]);
    expect(statuses("POST", `/v1.0${CA}`)).to.deep.equal([0]);
  });

  it("sends the POST again only after checking that a 503 really did not create the policy", async () => {
    emulator().control.injectFault({ method: "POST", path: CA, kind: "status", status: 503 });
    const created = await connect(emulator()).conditionalAccess.create(reportOnlyMfaPolicy("503 not committed"));
    expect(policiesNamed("503 not committed").map((p) => p.id)).to.deep.equal([created.id]);
    const calls = emulator().control.requests({ pathPrefix: `/v1.0${CA}` }).map((r) => `${r.method} ${r.status}`);
    expect(calls).to.deep.equal(["POST 503", "GET 200", "POST 201"]);
  });

  it("keeps the caller's description and marks the create, which withoutCreateMarker removes", async () => {
    const created = await connect(emulator()).conditionalAccess.create(reportOnlyMfaPolicy("described"));
    expect(created.description).to.match(/^Managed by entra-mfa tests \[entra-mfa create [0-9a-f-]{36}\]$/);
    expect(withoutCreateMarker(created.description)).to.equal("Managed by entra-mfa tests");
  });

  it("checks before re-sending a POST whose connection dropped, and reports the outcome as unknown when it never lands", async () => {
    emulator().control.injectFault({ method: "POST", path: CA, kind: "drop", times: 10 });
    const api = connect(emulator(), ADMIN, { ...FAST, retry: { ...FAST.retry, maxAttempts: 2 } });
    const err = (await api.conditionalAccess.create(reportOnlyMfaPolicy("never lands")).catch((e: unknown) => e)) as GraphRequestError;
    expect(err).to.be.instanceOf(GraphRequestError);
    expect(err.kind).to.equal("connection");
    expect(err.outcomeUnknown).to.equal(true);
    expect(err.message).to.include(`POST /v1.0${CA}`).and.include("may or may not have been applied");
    const calls = emulator().control.requests({ pathPrefix: `/v1.0${CA}` }).map((r) => `${r.method} ${r.status}`);
    expect(calls).to.deep.equal(["POST 0", "GET 200", "POST 0"]);
    expect(policiesNamed("never lands")).to.deep.equal([]);
  });

  it("a paced request that fails before it is sent does not keep the tenant's pace turn", async () => {
    const broken = connect(emulator(), ADMIN, { ...FAST, retry: { ...FAST.retry, timeoutMs: 1e10 } });
    const failure = await broken.conditionalAccess.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).to.be.instanceOf(Error);
    const policies = await connect(emulator()).conditionalAccess.list();
    expect(policies).to.have.length.greaterThan(0);
  });

  it("times out a request that gets no answer in time", async () => {
    emulator().control.setLatency(400);
    try {
      const api = connect(emulator(), ADMIN, { ...FAST, retry: { ...FAST.retry, timeoutMs: 100, maxAttempts: 2 } });
      const err = (await api.users.get(userId(1)).catch((e: unknown) => e)) as GraphRequestError;
      expect(err).to.be.instanceOf(GraphRequestError);
      expect(err.kind).to.equal("timeout");
      expect(err.outcomeUnknown).to.equal(false);
      expect(err.message).to.include(`GET /v1.0/users/${userId(1)}`).and.include("timed out after 100 ms");
    } finally {
      emulator().control.setLatency(0);
    }
  });
});

describe("graph client: Conditional Access pacing at Graph's real 1 request/second", () => {
  const suite = useTestTenant({ caThrottle: { requestsPerSecond: 1 } });
  const emulator = () => suite.emulator;
  beforeEach(() => emulator().control.resetRequests());

  const caReads = () => emulator().control.requests({ method: "GET", pathPrefix: `/v1.0${CA}` });

  it("draws zero 429s for 6 reads from two clients of the same tenant at once", async () => {
    const paced = { ...FAST, conditionalAccessRequestsPerSecond: 1 };
    const [a, b] = [connect(emulator(), ADMIN, paced), connect(emulator(), ADMIN, paced)];
    await Promise.all([a, b, a, b, a, b].map((api) => api.conditionalAccess.list()));
    expect(caReads().map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200, 200]);
  });

  it("after untilFree, a Conditional Access write follows another write at once, not an interval later", async () => {
    const api = connect(emulator(), ADMIN, { ...FAST, conditionalAccessRequestsPerSecond: 1 });
    const [policy] = await api.conditionalAccess.list();
    await api.conditionalAccess.untilFree();
    await api.securityDefaults.setEnabled(false);
    const previousAnswered = Date.now();
    await api.conditionalAccess.update(policy!.id, { displayName: policy!.displayName });
    const [patch] = emulator().control.requests({ method: "PATCH", pathPrefix: `/v1.0${CA}` });
    // A local round trip takes milliseconds; the pace at 1 request/second is 1000 ms.
    expect(Date.parse(patch!.at) - previousAnswered).to.be.below(500);
    expect(emulator().control.requests({ status: 429 })).to.deep.equal([]);
  });

  it("without pacing, the same reads do run into the throttle", async () => {
    const unpaced = connect(emulator(), ADMIN, { ...FAST, conditionalAccessRequestsPerSecond: false, retry: { maxAttempts: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => unpaced.conditionalAccess.list()));
    expect(results.filter((r) => r.status === "rejected")).to.have.length.greaterThan(0);
    expect(caReads().map((r) => r.status)).to.include(429);
  });
});
