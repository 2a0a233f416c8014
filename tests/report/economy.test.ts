import { expect } from "chai";
import { minimumRequests, wallTimeFloor, type TenantShape } from "../../provider/report/economy";

// A 50,000-user tenant counted by hand: 51 user pages (50,000 / 999), 48 registration pages (47,500 / 999), a group
// of 2,500 members needing 2 pages beyond its first, 5 activated roles, 3 groups read in one $batch.
const SHAPE: TenantShape = {
  users: 50_000,
  registrations: 47_500,
  policies: 15,
  activatedRoles: 5,
  referencedGroups: [2, 2_500],
  roleHoldingGroups: [3],
};

describe("report economy: the request minimum and the wall-time floor", () => {
  it("reads per-user MFA with the user listing: no per-user requests unless a listing lacks the state", () => {
    const m = minimumRequests(SHAPE);
    // 4 singletons + 1 role-member batch + 1 group batch + 2 member pages + 51 user pages + 48 registration pages.
    expect(m.total).to.equal(4 + 1 + 1 + 2 + 51 + 48);
    expect(m.perUserMfaBatches).to.equal(0);
    // 730 users whose entries came without the state: ⌈730 / 20⌉ = 37 $batches on top.
    expect(minimumRequests({ ...SHAPE, usersWithoutListedMfa: 730 }).total).to.equal(m.total + 37);
  });

  it("puts the floor where Graph's documented limits put it: the registration report's 5 requests per 10 s", () => {
    // 48 pages: 5 at once, then 5 more every 10 s: the 48th starts in the 10th window, 90 s in.
    expect(wallTimeFloor(SHAPE)).to.deep.equal({ seconds: 90, byLimit: { registrationReport: 90, resourceUnits: 0, conditionalAccess: 0 } });
    // One page of registrations: nothing to wait for.
    expect(wallTimeFloor({ ...SHAPE, users: 900, registrations: 900 }).seconds).to.equal(0);
  });

  it("counts resource units where many users must be read one by one", () => {
    // 50,000 per-user reads (1 unit each) + 51 user pages + 3 singletons + 5 role reads + 2 group names + 4 × (3 first
    // member pages + 2 more) = 50,081 units; at 8,000 per 10 s the last starts in the 7th window, 60 s in.
    const floor = wallTimeFloor({ ...SHAPE, usersWithoutListedMfa: 50_000 });
    expect(floor.byLimit.resourceUnits).to.equal(60);
    expect(floor.seconds).to.equal(90);
  });
});
