import { expect } from "chai";
import { checkSecurityDefaultsHandover } from "../../provider/plan/handover";
import { BREAK_GLASS, grant, id, PHISHING_RESISTANT, policy } from "./fixtures";

describe("checkSecurityDefaultsHandover", () => {
  it("accepts an all-users, all-apps MFA policy in report-only with a break-glass exclusion", () => {
    const p = policy({ state: "enabledForReportingButNotEnforced", users: { includeUsers: ["All"], excludeUsers: [BREAK_GLASS], excludeGroups: [id(8)] } });
    expect(checkSecurityDefaultsHandover([p], [p.id.toUpperCase()])).to.deep.equal([]);
    const strong = policy({ grantControls: grant("OR", [], PHISHING_RESISTANT) });
    expect(checkSecurityDefaultsHandover([strong], [strong.id])).to.deep.equal([]);
  });

  it("refuses an empty hand-over and a policy that does not exist", () => {
    expect(checkSecurityDefaultsHandover([], [])).to.have.length(1);
    const missing = id(6);
    const problems = checkSecurityDefaultsHandover([policy()], [missing]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(missing);
  });

  it("names each way a policy would leave someone Security Defaults protected without MFA", () => {
    const cases = {
      block: policy({ grantControls: grant("OR", ["block"]) }),
      alternative: policy({ grantControls: grant("OR", ["mfa", "compliantDevice"]) }),
      noMfa: policy({ grantControls: grant("OR", ["compliantDevice"]) }),
      someUsers: policy({ users: { includeGroups: [id(2)] } }),
      roleExcluded: policy({ users: { includeUsers: ["All"], excludeRoles: [id(3)] } }),
      guestsExcluded: policy({ users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] } }),
      someApps: policy({ includeApplications: ["00000002-0000-0ff1-ce00-000000000000"] }),
      someLocations: policy({ conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } }),
    };
    for (const [name, p] of Object.entries(cases)) {
      const problems = checkSecurityDefaultsHandover([p], [p.id]);
      expect(problems, name).to.have.length(1);
      expect(problems[0], name).to.contain(p.id);
    }
  });

  it("checks every hand-over policy", () => {
    const good = policy();
    const bad = policy({ users: { includeGroups: [id(2)] } });
    const problems = checkSecurityDefaultsHandover([good, bad], [good.id, bad.id]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(bad.id);
  });
});
