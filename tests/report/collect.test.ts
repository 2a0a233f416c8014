import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createGraphApi, resolveConnection } from "../../provider/graph";
import { collectDirectory, type CollectOptions } from "../../provider/report/collect";
import { countByClass, minimumByClass, minimumRequests, requestClass } from "../../provider/report/economy";
import { buildReport } from "../../provider/report/report";
import { getMfaStatus } from "../../provider/report/status";
import { useEmulator, type EmulatorHandle } from "../support/emulator";
import { ids, READER_APP } from "../support/fixtures";
import { collectTenant, expectedSnapshot, MANAGED_POLICY, NAME, NO_AUDIT_APP, NO_USERS_APP, ROLE_GROUP, shapeOf, UNREAD_GROUP } from "./collect-fixture";

const RETRY = { baseDelayMs: 20, maxAttempts: 4 };

function graphOf(emu: EmulatorHandle, app = READER_APP) {
  return createGraphApi(resolveConnection(emu.connection(app), undefined, {}), { retry: RETRY });
}

async function collectAll(emu: EmulatorHandle, options: CollectOptions = {}, app = READER_APP) {
  const collected = await collectDirectory(graphOf(emu, app), options);
  const users = [];
  for await (const record of collected.users) users.push(record);
  return { ...collected, records: users };
}

function graphRequests(emu: EmulatorHandle) {
  return emu.control.requests({ tenantId: emu.tenantId }).filter((r) => r.version !== "identity");
}

describe("report collector against the emulator", function () {
  this.timeout(30_000);
  const fixture = collectTenant();
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });
  const generatedAt = new Date("2026-01-02T03:04:05Z");

  // With the documented least privilege (GroupMember.Read.All reads groups' names too): the expected report names every
  // group and carries no collector warning.
  it("gives the same report as buildReport on the equivalent in-memory snapshot", async () => {
    const dump = emu.control.dump(emu.tenantId);
    const managed = dump.conditionalAccessPolicies!.find((p) => p.displayName === MANAGED_POLICY)!;
    const status = await getMfaStatus({ graph: graphOf(emu), managedPolicyName: MANAGED_POLICY, generatedAt, pageSize: 15 });
    const expected = buildReport(expectedSnapshot(dump, String(managed.id)), generatedAt);
    expect(status).to.deep.equal(expected);
    // The fixture exercises what it claims to: every verdict path is present.
    expect(new Set(status.users.map((u) => u.mfaEnforced))).to.include.members(["yes", "reportOnly", "no"]);
    expect(status.users.some((u) => u.partialBy.length > 0 && u.perUserMfaState === "enabled")).to.equal(true);
    expect(status.users.some((u) => u.excludedBy.some((x) => x.reasons.some((r) => r.via === "group")))).to.equal(true);
    expect(status.users.some((u) => u.adminRoles.length > 0 && u.perUserMfaState === "disabled")).to.equal(true);
    expect(status.users.filter((u) => u.mfaRegistered === null)).to.have.length(5);
  });

  it("sends exactly the defined minimum of Graph requests", async () => {
    emu.control.resetRequests();
    const pageSize = 15;
    await collectAll(emu, { pageSize });
    const minimum = minimumRequests(shapeOf(fixture), pageSize);
    const sent = graphRequests(emu).filter((r) => !r.batchItem);
    const byClass = countByClass(sent.map((r) => r.path));
    expect(byClass.other, JSON.stringify(sent.filter((r) => requestClass(r.path) === "other").map((r) => r.path))).to.equal(0);
    expect(byClass).to.deep.equal(minimumByClass(minimum));
    expect(sent).to.have.length(minimum.total);
    // Users are read with exactly the properties the report needs.
    const usersQuery = new URLSearchParams(sent.find((r) => requestClass(r.path) === "users")!.query);
    expect(usersQuery.get("$select")!.split(",").sort()).to.deep.equal(["accountEnabled", "displayName", "id", "perUserMfaState", "userPrincipalName", "userType"]);
    // The group of a policy that neither requires MFA nor blocks is never read (the block policy's is); per-user MFA
    // comes with the listing, so it is never read per user.
    const items = graphRequests(emu).filter((r) => r.batchItem);
    expect(items.filter((r) => r.path.includes(ids.group(UNREAD_GROUP, NAME)))).to.have.length(0);
    expect(items.filter((r) => r.path.includes(ids.group("Legacy clients", NAME)))).to.have.length(2);
    expect(items.filter((r) => r.path.endsWith("/authentication/requirements"))).to.have.length(0);
  });

  describe("when the user listing does not carry per-user MFA state", () => {
    const generatedAt = new Date("2026-01-02T03:04:05Z");
    const expected = () => {
      const dump = emu.control.dump(emu.tenantId);
      const managed = dump.conditionalAccessPolicies!.find((p) => p.displayName === MANAGED_POLICY)!;
      return buildReport(expectedSnapshot(dump, String(managed.id)), generatedAt);
    };
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    afterEach(() => {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "served");
      emu.control.clearFaults();
    });

    // Users 7 (enforced), 8 (enabled) and 9 (disabled) lose the property; user 50 has none set.
    const omitted = [7, 8, 9, 50].map((i) => ids.user(i, NAME));

    it("reads it for just those users, in $batches, says so, and gives the same report", async () => {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "served", omitted);
      emu.control.resetRequests();
      const pageSize = 15;
      const status = await getMfaStatus({ graph: graphOf(emu), managedPolicyName: MANAGED_POLICY, generatedAt, pageSize });
      const want = expected();
      expect(byId(status.users)).to.deep.equal(byId(want.users));
      const warning = `Per-user MFA state was not on the user listing for 4 users: it was read for each of them instead (authentication/requirements, beta).`;
      expect(status.summary.warnings).to.deep.equal([warning, ...want.summary.warnings]);
      const perUser = graphRequests(emu).filter((r) => r.batchItem && r.path.endsWith("/authentication/requirements"));
      expect(perUser.map((r) => r.path.split("/")[3]).sort()).to.deep.equal([...omitted].sort());
      const sent = graphRequests(emu).filter((r) => !r.batchItem);
      const minimum = minimumRequests({ ...shapeOf(fixture), usersWithoutListedMfa: omitted.length }, pageSize);
      expect(countByClass(sent.map((r) => r.path))).to.deep.equal(minimumByClass(minimum));
    });

    it("where Graph refuses to select it, lists users without it and reads it for everyone", async () => {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "unknownProperty");
      emu.control.resetRequests();
      const status = await getMfaStatus({ graph: graphOf(emu), managedPolicyName: MANAGED_POLICY, generatedAt, pageSize: 15 });
      const want = expected();
      expect(byId(status.users)).to.deep.equal(byId(want.users));
      expect(status.summary.warnings[0]).to.match(/^The user listing does not carry per-user MFA state here \(GET \/v1\.0\/users → 400 .*perUserMfaState.*\): it was read user by user instead\.$/);
      expect(status.summary.warnings[1]).to.include(`not on the user listing for ${fixture.users!.length} users`);
      expect(graphRequests(emu).filter((r) => r.batchItem && r.path.endsWith("/authentication/requirements"))).to.have.length(fixture.users!.length);
    });

    it("never takes a missing state as disabled: a per-user read that fails leaves it unknown, with a warning", async () => {
      emu.control.setPerUserMfaOnUsers(emu.tenantId, "omitted");
      emu.control.injectFault({ path: `/users/${ids.user(7, NAME)}/authentication/requirements`, kind: "status", status: 503, times: 1000 });
      const status = await getMfaStatus({ graph: graphOf(emu), managedPolicyName: MANAGED_POLICY, generatedAt, pageSize: 15 });
      const user7 = status.users.find((u) => u.id === ids.user(7, NAME))!;
      expect(user7.perUserMfaState).to.equal(null);
      expect(status.users.find((u) => u.id === ids.user(8, NAME))!.perUserMfaState).to.equal("enabled");
      expect(status.summary.warnings.some((w) => w.startsWith("Legacy per-user MFA could not be read, e.g. ") && w.includes("503"))).to.equal(true);
    });
  });

  it("with Security Defaults on reads no policy's groups (no policy is in force) and warns of none missing", async () => {
    const tenant = emu.control.tenant(emu.tenantId);
    tenant.securityDefaultsEnabled = true;
    try {
      emu.control.resetRequests();
      const status = await getMfaStatus({ graph: graphOf(emu) });
      const groupReads = graphRequests(emu).filter((r) => r.path.startsWith("/v1.0/groups/"));
      // Only system-preferred MFA's group, and the group that holds a role.
      expect(new Set(groupReads.map((r) => r.path.split("/")[3]))).to.deep.equal(new Set([ids.group("Pilot", NAME), ids.group(ROLE_GROUP, NAME)]));
      expect(status.summary.warnings.filter((w) => w.includes("not collected"))).to.deep.equal([]);
      expect(status.summary.policyCounts.notInForce).to.be.greaterThan(0);
      expect(status.users.filter((u) => u.accountEnabled).every((u) => u.mfaEnforced === "yes")).to.equal(true);
    } finally {
      tenant.securityDefaultsEnabled = false;
    }
  });

  it("reports progress: users read, then the total and the batches done", async () => {
    const seen: { usersRead: number; usersTotal?: number; mfaBatchesDone: number; mfaBatchesTotal?: number; registrationsDone: boolean }[] = [];
    await collectAll(emu, { pageSize: 15, onProgress: (p) => seen.push({ ...p }) });
    const last = seen[seen.length - 1]!;
    expect(last.usersTotal).to.equal(fixture.users!.length);
    // Per-user MFA came with the listing: no batch of it was needed.
    expect(Math.max(...seen.map((p) => p.mfaBatchesDone))).to.equal(0);
    expect(last.mfaBatchesTotal).to.equal(0);
    expect(seen.some((p) => p.usersRead > 0 && p.usersRead < fixture.users!.length && p.usersTotal === undefined)).to.equal(true);
    expect(seen.some((p) => p.registrationsDone)).to.equal(true);
  });

  it("without AuditLog.Read.All gives the report with registration unknown and a warning naming the permission", async () => {
    const status = await getMfaStatus({ graph: graphOf(emu, NO_AUDIT_APP), managedPolicyName: MANAGED_POLICY });
    expect(status.users).to.have.length(fixture.users!.length);
    expect(status.users.every((u) => u.mfaRegistered === null)).to.equal(true);
    // One warning says why (naming the permission), the summary's says how many: the cause is not guessed twice.
    expect(status.summary.warnings.filter((w) => w.includes("AuditLog.Read.All"))).to.have.length(1);
    expect(status.summary.warnings.find((w) => w.startsWith("MFA registration is reported as unknown"))).to.include("AuditLog.Read.All");
    expect(status.summary.warnings).to.include(`MFA registration is unknown for ${fixture.users!.length} users.`);
    expect(status.users.some((u) => u.mfaEnforced === "yes")).to.equal(true);
  });

  it("fails with the Graph error, naming the permission, when users cannot be listed", async () => {
    const error = await getMfaStatus({ graph: graphOf(emu, NO_USERS_APP) }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/GET \/v1\.0\/users → 403 .*User\.Read\.All/);
  });
});

describe("report collector when Graph keeps failing", function () {
  this.timeout(30_000);
  // Per-user MFA is left off the listing, so users stream behind $batches that can fail.
  const fixture = { ...collectTenant(), perUserMfaOnUsers: "omitted" as const };
  const emu = useEmulator(() => fixture, { caThrottle: false, directoryThrottle: false });

  /** `skip` = 0: injected once users are streaming, so the failure meets batches in flight and the spool in use. */
  async function failingRun(path: string, pattern: RegExp, skip = 0) {
    const spoolDir = await mkdtemp(join(tmpdir(), "entra-mfa-collect-test-"));
    let injected = false;
    const inject = () => emu.control.injectFault({ path, kind: "status", status: 503, times: 1000, skip });
    // Else from the start, letting `skip` requests through: the registration report is read from the start.
    if (skip > 0) {
      injected = true;
      inject();
    }
    try {
      const onProgress = (p: { usersRead: number }) => {
        if (injected || p.usersRead === 0) return;
        injected = true;
        inject();
      };
      const error = await collectAll(emu, { spoolDir, pageSize: 15, onProgress }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.match(pattern);
      expect(await readdir(spoolDir)).to.deep.equal([]);
    } finally {
      emu.control.clearFaults();
      await rm(spoolDir, { recursive: true, force: true });
    }
  }

  it("rejects with the failed $batch and leaves no spool behind", () => failingRun("/$batch", /POST \/beta\/\$batch → 503/));

  it("rejects with the failed registration page and leaves no spool behind", () =>
    failingRun("/reports/authenticationMethods/userRegistrationDetails", /GET .*userRegistrationDetails.* → 503/, 1));
});

describe("report collector with Graph's throttles on", function () {
  this.timeout(60_000);
  // Small pages make the registration report take 7 requests: more than its limit of 5 per 10 s.
  const fixture = collectTenant(140);
  const emu = useEmulator(() => fixture);

  it("draws no 429s and still reads everything", async () => {
    emu.control.resetRequests();
    const { records, warnings } = await collectAll(emu, { pageSize: 20, concurrency: 8 });
    const requests = graphRequests(emu);
    expect(requests.filter((r) => r.status === 429)).to.deep.equal([]);
    expect(requests.filter((r) => requestClass(r.path) === "registrationDetails").length).to.equal(7);
    expect(records.filter((r) => r.registration)).to.have.length(fixture.registrationDetails!.length);
    expect(warnings).to.deep.equal([]);
  });
});
