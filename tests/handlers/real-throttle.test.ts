// At Graph's real Conditional Access limit (1 request/second per tenant, 429s without Retry-After), a whole take-over
// create paces itself: the emulator answers no 429 at all.
import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { ADMIN_APP, buildTenant, ids, storedPolicy } from "../support/fixtures";
import { CA_PATH, created, useHandlerSettings } from "./support";

describe("At Graph's real Conditional Access rate", function () {
  this.timeout(30_000);
  const name = "real-rate";
  const emu = useEmulator(
    () =>
      buildTenant({
        name,
        policies: [
          storedPolicy({ displayName: "Admins MFA", includeUsers: [ids.user(1, name)] }),
          storedPolicy({ displayName: "Device and MFA", includeUsers: [ids.user(2, name)], controls: ["mfa", "compliantDevice"], operator: "AND" }),
        ],
      }),
    { caThrottle: { requestsPerSecond: 1 } },
  );
  useHandlerSettings({ ENTRA_MFA_CA_REQUESTS_PER_SECOND: "1" });

  it("ManagedMfaPolicy takes two policies over without a single 429", async () => {
    const log = console.log;
    console.log = () => {};
    try {
      await created("ManagedMfaPolicy", { resourceName: "mfa", includeAllUsers: true, connection: emu.connection(ADMIN_APP) });
    } finally {
      console.log = log;
    }
    const ca = emu.control.requests({ pathPrefix: `/v1.0${CA_PATH}` });
    // check lists the policies (is the display name free?), and create lists them again before planning.
    expect(ca.map((r) => r.method)).to.deep.equal(["GET", "GET", "POST", "PATCH", "PATCH"]);
    expect(emu.control.requests({ status: 429 })).to.deep.equal([]);
  });

  it("SecurityDefaultsOff: the hand-over PATCH follows the Security Defaults PATCH at once, not a pacer interval later", async () => {
    const sdName = "real-rate-sd";
    const handover = storedPolicy({ displayName: "Hand-over", state: "enabledForReportingButNotEnforced", excludeUsers: [ids.user(0, sdName)] });
    const tenant = buildTenant({ name: sdName, securityDefaults: true, policies: [handover] });
    emu.control.loadTenant(tenant);
    const log = console.log;
    console.log = () => {};
    try {
      await created("SecurityDefaultsOff", { resourceName: "sd", handoverPolicyIds: [handover.id], breakGlassAccounts: [ids.user(0, sdName)], connection: emu.connection(ADMIN_APP, tenant.tenantId) });
    } finally {
      console.log = log;
    }
    const [off, on] = emu.control.timeline(tenant.tenantId);
    expect(off!.unprotectedUserIds).to.have.length(5);
    expect(on!.unprotectedUserIds).to.deep.equal([ids.user(0, sdName)]);
    // One round trip on a local emulator is milliseconds; the pacer's interval here is 1000 ms.
    expect(Date.parse(on!.at) - Date.parse(off!.at)).to.be.below(500);
    expect(emu.control.requests({ status: 429 })).to.deep.equal([]);
  });
});
