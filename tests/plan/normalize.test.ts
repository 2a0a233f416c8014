import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { canonical, diffPaths, diffSpecs, findById, isGuid, isUnknown, normalizeGuid, normalizeIdSet, sameValue } from "../../provider/plan/normalize";

describe("normalize", () => {
  const a = "6C5A1B2E-3D4F-4A5B-8C7D-9E0F1A2B3C4D";
  const b = "0f0e0d0c-0b0a-4908-8706-050403020100";

  it("recognises GUIDs in any case and nothing else", () => {
    expect(isGuid(a)).to.equal(true);
    expect(isGuid(` ${b} `)).to.equal(true);
    expect(isGuid("alice@contoso.com")).to.equal(false);
    expect(isGuid("6c5a1b2e3d4f4a5b8c7d9e0f1a2b3c4d")).to.equal(false);
    expect(normalizeGuid(a)).to.equal(a.toLowerCase());
  });

  it("finds an object by id whatever the case either side was written in", () => {
    const items = [{ id: b, n: 1 }, { id: a.toLowerCase(), n: 2 }];
    expect(findById(items, a)?.n).to.equal(2);
    expect(findById(items, ` ${b.toUpperCase()}`)?.n).to.equal(1);
    expect(findById(items, "0f0e0d0c-0b0a-4908-8706-000000000000")).to.equal(undefined);
  });

  it("treats unordered, duplicated and upper-case id lists as the same set", () => {
    const one = normalizeIdSet([a, b, a.toLowerCase(), ` ${b.toUpperCase()} `]);
    const two = normalizeIdSet([b, a.toLowerCase()]);
    expect(one).to.deep.equal(two);
    expect(one).to.have.length(2);
  });

  it("writes keywords in Graph's casing and drops blanks", () => {
    expect(normalizeIdSet(["all", " NONE", "guestsorexternalusers", ""])).to.deep.equal(["All", "GuestsOrExternalUsers", "None"]);
  });

  it("compares objects ignoring key order, null against [] and missing, annotations and id case", () => {
    const graph = { users: { includeGroups: [a, b], excludeGroups: [], includeGuestsOrExternalUsers: null }, "x@odata.context": "…", platforms: null };
    const ours = { users: { includeGroups: [b.toUpperCase(), a] } };
    expect(sameValue(graph, ours)).to.equal(true);
    expect(diffPaths(graph, ours)).to.deep.equal([]);
  });

  it("names the paths that really differ", () => {
    const before = { users: { includeGroups: [a] }, state: "enabled", grant: { builtInControls: ["mfa"] } };
    const after = { users: { includeGroups: [b] }, state: "enabled", grant: { builtInControls: ["mfa"] } };
    expect(diffPaths(before, after)).to.deep.equal(["users.includeGroups"]);
    expect(sameValue(before, after)).to.equal(false);
  });

  it("recognises a GUID only as the whole string, and Pulumi's unknown only as Pulumi writes it", () => {
    expect(isGuid(`x${b}`)).to.equal(false);
    expect(isGuid(`${b}0`)).to.equal(false);
    expect(isUnknown(unknownValue)).to.equal(true);
    expect(isUnknown("")).to.equal(false);
  });

  it("writes every keyword Graph uses in its casing, and reads a missing id list as empty", () => {
    expect(normalizeIdSet(["office365", "MICROSOFTADMINPORTALS"])).to.deep.equal(["MicrosoftAdminPortals", "Office365"]);
    expect(normalizeIdSet(undefined)).to.deep.equal([]);
    expect(normalizeIdSet(null)).to.deep.equal([]);
  });

  it("trims strings, lower-casing a padded GUID", () => {
    expect(canonical(` ${a} `)).to.equal(a.toLowerCase());
    expect(canonical(" enabled ")).to.equal("enabled");
  });

  it("treats a list of objects as a set: empty members dropped, duplicates merged, any order alike", () => {
    const one = [{ b: 1 }, {}, { a: 1 }, null, { c: 2 }, { a: 1 }];
    const two = [{ c: 2 }, { a: 1 }, { b: 1 }];
    expect(canonical(one)).to.deep.equal(canonical(two));
    expect(canonical(one)).to.have.length(3);
    expect(canonical([{}, null])).to.equal(undefined);
    expect(sameValue([{ c: 2 }, { b: 1 }, { a: 1 }], [{ a: 1 }, { b: 1 }, { c: 2 }])).to.equal(true);
    expect(sameValue([{ a: 1 }, { b: 1 }], [{ a: 1 }])).to.equal(false);
  });

  it("keeps a mixed list of strings and objects as a list, not an id set", () => {
    expect(canonical([" x ", { a: 1 }])).to.have.deep.members([{ a: 1 }, "x"]);
    expect(canonical([" x ", { a: 1 }])).to.deep.equal(canonical([{ a: 1 }, "x"]));
  });

  it("compares objects whose keys were written in another order, and names differing paths in order", () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).to.equal(true);
    expect(diffPaths({ b: 1 }, { a: 1 })).to.deep.equal(["a", "b"]);
  });

  it("keeps false and 0, which mean something", () => {
    expect(canonical({ isEnabled: false, n: 0 })).to.deep.equal({ isEnabled: false, n: 0 });
    expect(sameValue({ isEnabled: false }, {})).to.equal(false);
  });
});

describe("diffSpecs", () => {
  it("reports changed top-level properties, unknowns as changed, and only the named ones as replacements", () => {
    const before = { handoverPolicyIds: ["a"], restoreOnDestroy: true, allowUnprotected: false };
    expect(diffSpecs(before, { ...before })).to.deep.equal({ changed: [], replace: [] });
    const after = { ...before, restoreOnDestroy: false };
    expect(diffSpecs(before, after, ["handoverPolicyIds[0]"], ["handoverPolicyIds"])).to.deep.equal({
      changed: ["handoverPolicyIds", "restoreOnDestroy"],
      replace: ["handoverPolicyIds"],
    });
  });
});
