/**
 * Report throughput on a synthetic large tenant: `node dist/tests/report/benchmark.js [users]` (default 50,000).
 * Prints timings and heap use; asserts nothing (figures vary by machine).
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TenantDirectory, UserRecord } from "../../provider/report/directory";
import { spoolReport } from "../../provider/report/pipeline";
import { writeCsvReport } from "../../provider/report/render/csv";
import { writeHtmlReport } from "../../provider/report/render/html";
import { writeJsonReport } from "../../provider/report/render/json";
import { streamSink, type TextSink, type UserSource } from "../../provider/report/render/sink";
import { writeTerminalReport } from "../../provider/report/render/terminal";
import type { ReportHeader } from "../../provider/report/model";
import { GLOBAL_ADMIN, USER_ADMIN, policy, registered } from "./tenant";

const userCount = Number(process.argv[2] ?? 50_000);
const uid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** Deterministic pseudo-random numbers, so runs are comparable. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function syntheticTenant(): TenantDirectory {
  const random = rng(42);
  const groups: TenantDirectory["groups"] = {};
  for (let g = 0; g < 30; g++) {
    const share = g === 0 ? 0.9 : g < 5 ? 0.3 : 0.02;
    const members: string[] = [];
    for (let i = 0; i < userCount; i++) if (random() < share) members.push(uid(i));
    groups[`group-${g}`] = { displayName: `Group ${g}`, transitiveUserIds: members };
  }
  const admins = (n: number, offset: number) => Array.from({ length: n }, (_, i) => uid(offset + i * 97));
  const policies = [
    policy({ id: "p-all", displayName: "All users", users: { includeUsers: ["All"], excludeGroups: ["group-5", "group-6"] } }),
    policy({ id: "p-admins", displayName: "Admins", users: { includeRoles: [GLOBAL_ADMIN, USER_ADMIN] } }),
    policy({ id: "p-ro", displayName: "Pilot", state: "enabledForReportingButNotEnforced", users: { includeGroups: ["group-1"] } }),
    policy({ id: "p-o365", displayName: "Office", users: { includeGroups: ["group-2"] }, applications: { includeApplications: ["Office365"] } }),
    policy({ id: "p-guests", displayName: "Guests", users: { includeUsers: ["GuestsOrExternalUsers"], excludeUsers: [uid(7)] } }),
    ...Array.from({ length: 35 }, (_, k) =>
      policy({ id: `p-g${k}`, displayName: `Group policy ${k}`, users: { includeGroups: [`group-${k % 30}`, `group-${(k + 7) % 30}`], excludeGroups: [`group-${(k + 3) % 30}`] } }),
    ),
  ];
  return {
    tenantId: "bench-tenant",
    securityDefaults: { isEnabled: false },
    policies,
    groups,
    directoryRoles: {
      [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: admins(20, 3) },
      [USER_ADMIN]: { displayName: "User Administrator", memberUserIds: admins(200, 11) },
    },
    systemCredentialPreferences: { state: "enabled", includeTargets: [{ id: "group-3", targetType: "group" }], excludeTargets: [{ id: "group-4", targetType: "group" }] },
    managedPolicyId: "p-all",
  };
}

function* users(): Generator<UserRecord> {
  const random = rng(7);
  for (let i = 0; i < userCount; i++) {
    const isGuest = random() < 0.1;
    const id = uid(i);
    yield {
      user: {
        id,
        userPrincipalName: isGuest ? `guest${i}_ext.example#EXT#@contoso.example` : `user${i}@contoso.example`,
        displayName: `User ${i}`,
        accountEnabled: random() > 0.02,
        userType: isGuest ? "Guest" : "Member",
      },
      perUserMfaState: random() < 0.01 ? "enforced" : "disabled",
      registration: random() < 0.9 ? registered(id, ["microsoftAuthenticatorPush", "softwareOneTimePasscode"]) : null,
    };
  }
}

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`${label.padEnd(34)} ${(performance.now() - start).toFixed(0).padStart(7)} ms   heap now ${mb(process.memoryUsage().heapUsed)}`);
  return result;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "entra-mfa-bench-"));
  try {
    const tenant = await timed("build synthetic tenant", async () => syntheticTenant());
    console.log(`users ${userCount}, policies ${tenant.policies.length}, groups ${Object.keys(tenant.groups).length}`);
    const report = await timed("evaluate + summarise + spool", () => spoolReport(tenant, users(), { spoolDir: dir }));
    const s = report.header.summary.enabledUsers;
    console.log(`covered ${s.covered}, partial ${s.partial}, report-only ${s.reportOnlyOnly}, not covered ${s.notCovered}`);
    const formats: [string, (h: ReportHeader, u: UserSource, sink: TextSink) => Promise<void>][] = [
      ["report.json", writeJsonReport],
      ["report.csv", writeCsvReport],
      ["report.html", writeHtmlReport],
      ["report.txt", writeTerminalReport],
    ];
    for (const [name, write] of formats) {
      const path = join(dir, name);
      await timed(`render ${name}`, async () => {
        const out = createWriteStream(path, { highWaterMark: 1 << 20 });
        await write(report.header, report.users(), streamSink(out));
        await new Promise((r) => out.end(r));
      });
      console.log(`  ${name} size ${mb((await stat(path)).size)}`);
    }
    await report.dispose();
    console.log(`peak heap used ${mb(peakHeap)}`);
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
