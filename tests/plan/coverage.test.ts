import { expect } from "chai";
import { narrowingConditions } from "../../provider/plan/coverage";
import { policy } from "./fixtures";

// The words a refused hand-over or take-over shows the reader for what narrows a policy below every sign-in.
describe("plan: what narrows a policy below every sign-in", () => {
  const EXCHANGE = "00000002-0000-0FF1-CE00-000000000000";
  const SHAREPOINT = "00000003-0000-0ff1-ce00-000000000000";
  const withApplications = (applications: Record<string, unknown>) => {
    const p = policy();
    return { ...p, conditions: { ...p.conditions, applications: { ...p.conditions.applications, ...applications } } } as typeof p;
  };

  it("finds nothing in a policy over every application and client app, also when Graph leaves clientAppTypes out", () => {
    expect(narrowingConditions(policy())).to.deep.equal([]);
    const p = policy();
    const { clientAppTypes: _omitted, ...conditions } = p.conditions;
    expect(narrowingConditions({ ...p, conditions: conditions as typeof p.conditions })).to.deep.equal([]);
  });

  it("names included applications (GUIDs lower-cased, sorted), and none at all", () => {
    expect(narrowingConditions(policy({ includeApplications: [SHAREPOINT, EXCHANGE] }))).to.deep.equal([
      "applications 00000002-0000-0ff1-ce00-000000000000, 00000003-0000-0ff1-ce00-000000000000",
    ]);
    expect(narrowingConditions(policy({ includeApplications: [] }))).to.deep.equal(["no applications"]);
  });

  it("takes All among other included applications as every application: an inclusion is a union", () => {
    expect(narrowingConditions(policy({ includeApplications: ["Office365", "All"] }))).to.deep.equal([]);
  });

  it("names excluded applications and user actions", () => {
    expect(narrowingConditions(withApplications({ excludeApplications: [SHAREPOINT, EXCHANGE] }))).to.deep.equal([
      "all applications except 00000002-0000-0ff1-ce00-000000000000, 00000003-0000-0ff1-ce00-000000000000",
    ]);
    expect(
      narrowingConditions(withApplications({ includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo", "urn:user:registerdevice"] })),
    ).to.deep.equal(["no applications", "the user actions urn:user:registerdevice, urn:user:registersecurityinfo"]);
  });

  it("names authentication contexts, an application filter, client app types and every other condition set", () => {
    expect(
      narrowingConditions(
        policy({
          conditions: {
            clientAppTypes: ["Browser"],
            locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
            applications: {
              includeApplications: ["All"],
              excludeApplications: [],
              includeUserActions: [],
              includeAuthenticationContextClassReferences: ["c1"],
              applicationFilter: { mode: "include", rule: 'CustomSecurityAttribute.x -eq "y"' },
            },
          },
        }),
      ),
    ).to.deep.equal(["authentication contexts", "an application filter", "client app types browser", "its locations condition"]);
  });
});
