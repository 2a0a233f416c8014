// Verdicts that combine what applies, end to end: a hand-built tenant in the emulator, read by the collector, each
// user's right answer written here.
import { expect } from "chai";
import type { GraphObject } from "../../emulator";
import { createGraphApi, resolveConnection } from "../../provider/graph";
import { getMfaStatus } from "../../provider/report/status";
import { useEmulator } from "../support/emulator";
import { buildTenant, ids, READER_APP, storedPolicy } from "../support/fixtures";

const NAME = "verdicts";
const EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";
const group = (displayName: string) => ids.group(displayName, NAME);

/** A policy with `conditions` merged over storedPolicy's (every app, every client app). */
function scoped(spec: Parameters<typeof storedPolicy>[0], conditions: GraphObject): GraphObject {
  const p = storedPolicy(spec);
  return { ...p, conditions: { ...(p.conditions as GraphObject), ...conditions } };
}

function verdictTenant() {
  return buildTenant({
    name: NAME,
    users: 6,
    groups: [
      { displayName: "Split apps", users: [0] },
      { displayName: "Modern MFA", users: [1, 4] },
      { displayName: "Legacy blocked", users: [1, 3] },
    ],
    perUserMfa: { 2: "enabled", 3: "enabled" },
    policies: [
      scoped({ displayName: "MFA Exchange Online", includeUsers: [], includeGroups: [group("Split apps")] }, { applications: { includeApplications: [EXCHANGE_ONLINE] } }),
      scoped(
        { displayName: "MFA all apps but Exchange Online", includeUsers: [], includeGroups: [group("Split apps")] },
        { applications: { includeApplications: ["All"], excludeApplications: [EXCHANGE_ONLINE] } },
      ),
      scoped({ displayName: "MFA modern clients", includeUsers: [], includeGroups: [group("Modern MFA")] }, { clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] }),
      scoped({ displayName: "Block legacy", includeUsers: [], includeGroups: [group("Legacy blocked")], controls: ["block"] }, { clientAppTypes: ["exchangeActiveSync", "other"] }),
    ],
  });
}

describe("report verdicts that combine policies, per-user MFA and blocks, through the emulator and the collector", function () {
  this.timeout(30_000);
  const emu = useEmulator(verdictTenant, { caThrottle: false, directoryThrottle: false });

  it("gives each hand-built user the verdict that is right for them", async () => {
    const graph = createGraphApi(resolveConnection(emu.connection(READER_APP), undefined, {}));
    const status = await getMfaStatus({ graph });
    const verdicts = Object.fromEntries(status.users.map((u) => [u.id, u.mfaEnforced]));
    expect(verdicts).to.deep.equal({
      // Exchange Online, and all apps but Exchange Online: every application between them.
      [ids.user(0, NAME)]: "yes",
      // MFA on browser and mobile/desktop clients, legacy clients blocked.
      [ids.user(1, NAME)]: "yes",
      // Per-user MFA enabled, not enforced: the password alone still works for legacy authentication.
      [ids.user(2, NAME)]: "partial",
      // Per-user MFA enabled with legacy clients blocked.
      [ids.user(3, NAME)]: "yes",
      // MFA on modern clients only, legacy clients open.
      [ids.user(4, NAME)]: "partial",
      [ids.user(5, NAME)]: "no",
    });
    const user2 = status.users.find((u) => u.id === ids.user(2, NAME))!;
    expect(user2.verdictReason).to.include("the password alone still works for legacy authentication clients");
    const user3 = status.users.find((u) => u.id === ids.user(3, NAME))!;
    expect(user3.verdictReason).to.match(/^MFA required on every sign-in by per-user MFA \(enabled: modern authentication\), every other sign-in blocked by policy "Block legacy"/);
    // The block policy's group was read: it decides verdicts.
    const groupReads = emu.control.requests({ tenantId: emu.tenantId }).filter((r) => r.path.includes(group("Legacy blocked")));
    expect(groupReads.length).to.be.greaterThan(0);
  });
});
