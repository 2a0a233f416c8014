import { expect } from "chai";
import { loadTenants } from "../../emulator/fixtures";
import { buildTenant, ids } from "../support/fixtures";

// The store indexes users and groups; tests change its arrays behind its back, and lookups must answer as a scan would.
describe("emulator tenant store lookups", function () {
  const store = () =>
    loadTenants(buildTenant({ users: 6, groups: [{ displayName: "Inner", users: [1] }, { displayName: "Outer", users: [2], groups: ["Inner"] }] }))[0];
  const upn = (i: number) => `user${i}@tenant.onmicrosoft.com`;

  it("finds users by id or userPrincipalName in any case, and groups by id", () => {
    const s = store();
    expect(s.user(ids.user(3).toUpperCase())?.id).to.equal(ids.user(3));
    expect(s.user(upn(3).toUpperCase())?.id).to.equal(ids.user(3));
    expect(s.user(ids.group("Inner"))).to.equal(undefined);
    expect(s.group(ids.group("Inner"))?.displayName).to.equal("Inner");
    expect(s.group(ids.user(1))).to.equal(undefined);
    expect(s.directoryObject(ids.user(1))?.type).to.equal("user");
  });

  it("returns the object now in the array when a user is replaced in place", () => {
    const s = store();
    expect(s.user(ids.user(2))?.accountEnabled).to.not.equal(false);
    s.users[2] = { ...s.users[2], accountEnabled: false };
    expect(s.user(ids.user(2))).to.equal(s.users[2]);
    expect(s.directoryObject(ids.user(2))?.object).to.equal(s.users[2]);
  });

  it("follows a userPrincipalName edited in place, a pushed user, a removed user and a replaced array", () => {
    const s = store();
    expect(s.user(upn(4))).to.not.equal(undefined);
    s.users[4].userPrincipalName = "renamed@tenant.onmicrosoft.com";
    expect(s.user(upn(4))).to.equal(undefined);
    expect(s.user("renamed@tenant.onmicrosoft.com")?.id).to.equal(ids.user(4));
    s.users.push({ id: "00000000-0000-4000-8000-0000000000aa", userPrincipalName: "new@tenant.onmicrosoft.com" });
    expect(s.user("new@tenant.onmicrosoft.com")?.id).to.equal("00000000-0000-4000-8000-0000000000aa");
    s.users.splice(0, 1);
    expect(s.user(ids.user(0))).to.equal(undefined);
    expect(s.user(ids.user(5))?.id).to.equal(ids.user(5));
    s.users = s.users.filter((u) => u.id !== ids.user(5));
    expect(s.user(ids.user(5))).to.equal(undefined);
  });

  it("expands transitive members as the groups are now", () => {
    const s = store();
    const members = () => s.transitiveMembers(s.group(ids.group("Outer"))!.members!).map((m) => m.object.id);
    expect(members()).to.deep.equal([ids.user(2), ids.group("Inner"), ids.user(1)]);
    s.group(ids.group("Inner"))!.members!.push(ids.user(5));
    s.groups = s.groups.filter((g) => g.id !== ids.group("Inner")).concat({ ...s.group(ids.group("Inner"))!, members: [ids.user(0)] });
    expect(members()).to.deep.equal([ids.user(2), ids.group("Inner"), ids.user(0)]);
  });
});
