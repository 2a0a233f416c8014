// Inputs that are well formed and still wrong for the tenant: what `check` looks up, and what it says when the
// tenant does not hold it.

import { expect } from "chai";
import { UNKNOWN } from "../../provider/plan/normalize";
import {
  directoryReferences,
  displayNameFailure,
  MANAGED_POLICY_LISTS,
  missingReferenceFailures,
  referenceKey,
  resolvedOverlapFailures,
  roleObjectIdFailures,
  targetReferences,
  unknownStrengthFailure,
  type DirectoryReference,
} from "../../provider/plan/tenant-inputs";

const TENANT = "contoso.example";
const USER = "AAAA0000-0000-4000-8000-000000000001";
const GROUP = "bbbb0000-0000-4000-8000-000000000002";
const ROLE_OBJECT = "cccc0000-0000-4000-8000-000000000003";
const ROLE_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10";

describe("directoryReferences", () => {
  it("object ids from every list, principal names only where users belong; keywords, unknowns and blanks skipped", () => {
    const refs = directoryReferences(
      {
        includeUsers: ["All", USER, "alice@contoso.example", UNKNOWN, "  "],
        excludeUsers: ["bob@contoso.example"],
        includeGroups: [GROUP, "sales@contoso.example"],
        excludeGroups: "not a list",
      },
      MANAGED_POLICY_LISTS,
    );
    expect(refs).to.deep.equal([
      { path: "includeUsers[1]", value: USER, id: USER.toLowerCase(), kind: "user" },
      { path: "includeUsers[2]", value: "alice@contoso.example", id: "alice@contoso.example", kind: "user" },
      { path: "excludeUsers[0]", value: "bob@contoso.example", id: "bob@contoso.example", kind: "user" },
      { path: "includeGroups[0]", value: GROUP, id: GROUP, kind: "group" },
    ]);
  });
});

describe("targetReferences", () => {
  it("one reference per target, a user or a group by its targetType, whether given as an object or a one-element list", () => {
    expect(targetReferences({ includeTarget: { id: USER, targetType: "user" }, excludeTarget: [{ id: GROUP, targetType: "group" }] })).to.deep.equal([
      { path: "includeTarget.id", value: USER, id: USER.toLowerCase(), kind: "user" },
      { path: "excludeTarget.id", value: GROUP, id: GROUP, kind: "group" },
    ]);
    expect(targetReferences({ includeTarget: { id: GROUP } })).to.deep.equal([{ path: "includeTarget.id", value: GROUP, id: GROUP, kind: "group" }]);
  });

  it("nothing to look up for the all_users keyword, unknown ids or types, non-string ids, or no target", () => {
    expect(targetReferences({ includeTarget: { id: "all_users", targetType: "group" } })).to.deep.equal([]);
    expect(targetReferences({ includeTarget: { id: UNKNOWN, targetType: "group" } })).to.deep.equal([]);
    expect(targetReferences({ includeTarget: { id: GROUP, targetType: UNKNOWN } })).to.deep.equal([]);
    expect(targetReferences({ includeTarget: { id: 7, targetType: "group" } })).to.deep.equal([]);
    expect(targetReferences({})).to.deep.equal([]);
  });
});

const ref = (path: string, value: string, kind: DirectoryReference["kind"] = "user"): DirectoryReference => ({ path, value, id: value.toLowerCase(), kind });

describe("missingReferenceFailures", () => {
  it("only the references not found; an exclusion says it would exclude nobody; the property is the list's name", () => {
    const found = new Map([[referenceKey(ref("includeUsers[0]", USER)), USER.toLowerCase()]]);
    const failures = missingReferenceFailures(
      [ref("includeUsers[0]", USER), ref("excludeUsers[0]", "bg@contoso.example"), ref("includeGroups[1]", GROUP, "group")],
      found,
      TENANT,
    );
    expect(failures).to.deep.equal([
      {
        property: "excludeUsers",
        reason:
          `excludeUsers[0] "bg@contoso.example": tenant ${TENANT} has no user with this user principal name. As written the exclusion excludes nobody, ` +
          "so the account it was meant for (a break-glass account, say) would be locked out with everyone else if MFA fails. " +
          "Check it for a typo (copy the user's object id from the Entra admin center or `az ad user show`).",
      },
      {
        property: "includeGroups",
        reason:
          `includeGroups[1] "${GROUP}": tenant ${TENANT} has no group with this object id. ` +
          "Check it for a typo (copy the group's object id from the Entra admin center or `az ad group show`).",
      },
    ]);
  });

  it("a target's property drops its .id; a break-glass input is an exclusion too", () => {
    const [target] = missingReferenceFailures([ref("excludeTarget.id", GROUP, "group")], new Map(), TENANT);
    expect(target!.property).to.equal("excludeTarget");
    expect(target!.reason).to.contain("excludes nobody");
    const [include] = missingReferenceFailures([ref("includeTarget.id", GROUP, "group")], new Map(), TENANT);
    expect(include!.reason).to.not.contain("excludes nobody");
    const [breakGlass] = missingReferenceFailures([ref("breakGlassUsers[0]", USER)], new Map(), TENANT);
    expect(breakGlass!.property).to.equal("breakGlassUsers");
    expect(breakGlass!.reason).to.contain("excludes nobody");
  });

  it("the property of an entry at a two-digit index is still the list's name", () => {
    const [late] = missingReferenceFailures([ref("excludeUsers[12]", USER)], new Map(), TENANT);
    expect(late!.property).to.equal("excludeUsers");
  });

  it("a user and a group of the same id are different lookups", () => {
    const found = new Map([[referenceKey(ref("includeGroups[0]", GROUP, "group")), GROUP]]);
    expect(missingReferenceFailures([ref("includeUsers[0]", GROUP)], found, TENANT)).to.have.length(1);
  });
});

describe("resolvedOverlapFailures", () => {
  it("a principal name included and the same user's object id excluded is an overlap once resolved", () => {
    const refs = [ref("includeUsers[0]", "alice@contoso.example"), ref("excludeUsers[0]", USER), ref("excludeUsers[1]", "ghost@contoso.example")];
    const found = new Map([
      [referenceKey(refs[0]!), USER.toLowerCase()],
      [referenceKey(refs[1]!), USER.toLowerCase()],
    ]);
    const failures = resolvedOverlapFailures(refs, found);
    expect(failures.map((f) => f.property)).to.deep.equal(["excludeUsers"]);
    expect(failures[0]!.reason).to.contain(`excludeUsers[0] "${USER}" is also included by includeUsers[0] ("alice@contoso.example" is the same object)`);
  });

  it("a user and a group that resolve to the same id do not overlap; unresolved names never do", () => {
    const refs = [ref("includeUsers[0]", USER), ref("excludeGroups[0]", USER, "group"), ref("excludeUsers[0]", "ghost@contoso.example")];
    const found = new Map([
      [referenceKey(refs[0]!), USER.toLowerCase()],
      [referenceKey(refs[1]!), USER.toLowerCase()],
    ]);
    expect(resolvedOverlapFailures(refs, found)).to.deep.equal([]);
  });
});

describe("roleObjectIdFailures", () => {
  const roles = [{ id: ROLE_OBJECT.toUpperCase(), roleTemplateId: ROLE_TEMPLATE, displayName: "Global Administrator" }];

  it("an activated role's object id is refused, with the template id to use instead", () => {
    expect(roleObjectIdFailures(["x", ROLE_OBJECT], roles)).to.deep.equal([
      {
        property: "includeRoles",
        reason:
          `includeRoles[1] "${ROLE_OBJECT}" is the object id of the tenant's "Global Administrator" directory role, not a role template id. ` +
          `Conditional Access takes role template ids: use ${ROLE_TEMPLATE} (the template of "Global Administrator").`,
      },
    ]);
  });

  it("template ids and unknown roles pass; a role without a name is called unnamed", () => {
    expect(roleObjectIdFailures([ROLE_TEMPLATE.toUpperCase(), GROUP], roles)).to.deep.equal([]);
    // A role whose object id equals some template id (as for built-in roles activated from it) is taken as the template.
    expect(roleObjectIdFailures([ROLE_TEMPLATE], [{ id: ROLE_TEMPLATE, roleTemplateId: ROLE_TEMPLATE }])).to.deep.equal([]);
    const [failure] = roleObjectIdFailures([ROLE_OBJECT], [{ id: ROLE_OBJECT, roleTemplateId: ROLE_TEMPLATE, displayName: null }]);
    expect(failure!.reason).to.contain(`tenant's "unnamed" directory role`).and.contain(`(the template of "unnamed")`);
  });
});

describe("unknownStrengthFailure", () => {
  it("names the id, the tenant and where to find a valid one", () => {
    const failure = unknownStrengthFailure(GROUP, TENANT);
    expect(failure.property).to.equal("authenticationStrengthId");
    expect(failure.reason).to.match(new RegExp(`^authenticationStrengthId "${GROUP}": tenant ${TENANT} has no authentication strength policy with this id\\. `));
    expect(failure.reason).to.contain("GET /policies/authenticationStrengthPolicies");
    expect(failure.reason).to.contain("Use a built-in one (00000000-0000-0000-0000-000000000002 Multifactor authentication");
  });
});

describe("displayNameFailure", () => {
  const policies = [
    { id: "P-1", displayName: "  Require MFA " },
    { id: "p-2", displayName: "Block legacy" },
  ];

  it("another policy of the same name, compared trimmed and case-insensitively, is refused", () => {
    expect(displayNameFailure(" require mfa", policies, new Set())).to.deep.equal({
      property: "displayName",
      reason:
        'displayName "require mfa" is already the name of Conditional Access policy P-1, which this resource does not manage. ' +
        "Choose another displayName, or take that policy under management with adoptPolicyId.",
    });
  });

  it("the resource's own policy (by id, case-insensitively) and other names pass", () => {
    expect(displayNameFailure("Require MFA", policies, new Set(["p-1"]))).to.equal(undefined);
    expect(displayNameFailure("Require MFA for admins", policies, new Set())).to.equal(undefined);
  });
});
