// A hand-over policy must require MFA of everyone Security Defaults protected, on every sign-in: each condition or
// exclusion that narrows it is refused, and named.

import { expect } from "chai";
import type { ConditionalAccessPolicy } from "../../provider/graph/types";
import { checkSecurityDefaultsHandover } from "../../provider/plan/handover";
import { policy } from "./fixtures";

const APP = "00000003-0000-0ff1-ce00-000000000000";

/** An all-users, all-applications MFA policy with one change to its applications or conditions. */
function narrowed(change: (p: ConditionalAccessPolicy) => void): ConditionalAccessPolicy {
  const p = policy({ displayName: "Hand-over" });
  change(p);
  return p;
}

describe("hand-over scenarios: conditions narrower than Security Defaults", () => {
  const cases: [string, ConditionalAccessPolicy, string][] = [
    ["excluded applications", narrowed((p) => (p.conditions.applications!.excludeApplications = [APP])), `all applications except ${APP}`],
    [
      "user actions",
      narrowed((p) => Object.assign(p.conditions.applications!, { includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"] })),
      "the user actions urn:user:registersecurityinfo",
    ],
    [
      "authentication contexts",
      narrowed((p) => Object.assign(p.conditions.applications!, { includeApplications: [], includeAuthenticationContextClassReferences: ["c1"] })),
      "authentication contexts",
    ],
    [
      "an application filter",
      narrowed((p) => (p.conditions.applications!.applicationFilter = { mode: "include", rule: 'CustomSecurityAttribute.Sensitive -eq "yes"' })),
      "an application filter",
    ],
    ["client app types limited to the browser", narrowed((p) => (p.conditions.clientAppTypes = ["browser"])), "client app types browser"],
    ["a platform condition", narrowed((p) => (p.conditions.platforms = { includePlatforms: ["android"], excludePlatforms: [] })), "its platforms condition"],
  ];

  for (const [name, p, said] of cases) {
    it(`refuses a hand-over policy limited by ${name}, saying what limits it`, () => {
      const problems = checkSecurityDefaultsHandover([p], [p.id]);
      expect(problems, name).to.have.length(1);
      expect(problems[0], name).to.contain(`Hand-over policy "Hand-over" (${p.id}) applies only to`).and.contain(said);
      expect(problems[0], name).to.contain("while Security Defaults covers every sign-in to every application");
    });
  }

  it("accepts every client app type, listed as 'all' in any case", () => {
    const all = narrowed((p) => (p.conditions.clientAppTypes = ["All"]));
    expect(checkSecurityDefaultsHandover([all], [all.id])).to.deep.equal([]);
    const none = narrowed((p) => (p.conditions.clientAppTypes = []));
    expect(checkSecurityDefaultsHandover([none], [none.id])).to.deep.equal([]);
  });

  it("names every narrowing of one policy in one sentence", () => {
    const p = narrowed((p) => {
      p.conditions.clientAppTypes = ["browser", "mobileAppsAndDesktopClients"];
      p.conditions.applications!.excludeApplications = [APP];
    });
    const problems = checkSecurityDefaultsHandover([p], [p.id]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(`all applications except ${APP}; client app types browser, mobileappsanddesktopclients`);
  });
});

describe("hand-over scenarios: guests", () => {
  it("refuses a hand-over policy that excludes guests through excludeGuestsOrExternalUsers", () => {
    const p = policy({
      displayName: "Members only",
      users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "all" } } },
    });
    expect(checkSecurityDefaultsHandover([p], [p.id])).to.deep.equal([
      `Hand-over policy "Members only" (${p.id}) excludes guests or external users, whom Security Defaults protects.`,
    ]);
  });

  it("accepts a hand-over policy whose guest exclusion Graph echoes back empty", () => {
    const p = policy({ users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: null } });
    expect(checkSecurityDefaultsHandover([p], [p.id])).to.deep.equal([]);
  });
});
