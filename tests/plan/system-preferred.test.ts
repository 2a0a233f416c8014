import { expect } from "chai";
import type { SystemCredentialPreferences } from "../../provider/graph/types";
import { validateSystemPreferredMfa } from "../../provider/plan/inputs";
import { systemPreferredPatch } from "../../provider/plan/system-preferred";

const GROUP = "3c7d2f1e-5a4b-4c6d-8e9f-0a1b2c3d4e5f";

describe("systemPreferredPatch", () => {
  const current: SystemCredentialPreferences = {
    state: "disabled",
    includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
    excludeTargets: [],
    futureSetting: { keep: true },
  };

  it("changes the state, keeping properties it does not manage", () => {
    const patch = systemPreferredPatch(current, validateSystemPreferredMfa({ state: "enabled" }).spec);
    expect(patch).to.deep.equal({ ...current, state: "enabled" });
  });

  it("is null when the tenant already says the same, whatever the id case", () => {
    const tenant: SystemCredentialPreferences = {
      state: "enabled",
      includeTargets: [{ id: "all_users", targetType: "group" }],
      excludeTargets: [{ id: GROUP.toUpperCase(), targetType: "group" }],
    };
    const spec = validateSystemPreferredMfa({ state: "enabled", excludeTarget: { id: GROUP, targetType: "group" } }).spec;
    expect(systemPreferredPatch(tenant, spec)).to.equal(null);
  });

  it("replaces the targets with exactly one include and at most one exclude", () => {
    const spec = validateSystemPreferredMfa({ state: "enabled", includeTarget: { id: GROUP, targetType: "group" } }).spec;
    const patch = systemPreferredPatch({ ...current, excludeTargets: [{ id: "a1b2c3d4-0000-4000-8000-000000000001", targetType: "user" }] }, spec)!;
    expect(patch.includeTargets).to.deep.equal([{ id: GROUP, targetType: "group" }]);
    expect(patch.excludeTargets).to.deep.equal([]);
    expect(patch.futureSetting).to.deep.equal({ keep: true });
  });

  it("carries a target's extra settings only to the same target, not to one of another type with the same id", () => {
    const tenant: SystemCredentialPreferences = {
      state: "enabled",
      includeTargets: [{ id: GROUP, targetType: "user", targetedAuthenticationMethod: "fido2" }],
      excludeTargets: [],
    };
    const spec = validateSystemPreferredMfa({ state: "enabled", includeTarget: { id: GROUP, targetType: "group" } }).spec;
    expect(systemPreferredPatch(tenant, spec)!.includeTargets).to.deep.equal([{ id: GROUP, targetType: "group" }]);
  });

  // Graph's annotations (@odata.context and the like) describe a response; they are not properties to PATCH back.
  it("leaves Graph's @odata annotations out of the patch", () => {
    const tenant: SystemCredentialPreferences = { ...current, "includeTargets@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x" };
    const patch = systemPreferredPatch(tenant, validateSystemPreferredMfa({ state: "enabled" }).spec);
    expect(patch).to.deep.equal({ ...current, state: "enabled" });
  });
});
