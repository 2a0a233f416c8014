// The product's permission and pacing tables are its guesses about Graph; the emulator's routes are the oracle.
// Every route the emulator serves is held against them, so a difference is either mended or listed here on purpose.
import { expect } from "chai";
import { PERMISSIONS } from "../../emulator";
import { ROUTES } from "../../emulator/routes";
import { isConditionalAccessPath } from "../../provider/graph/pacer";
import { permissionsFor } from "../../provider/graph/permissions";

const sample = (pattern: string) => pattern.replace(/\{[^}]+\}/g, "x");

describe("graph client tables against the emulator's routes", () => {
  for (const route of ROUTES) {
    const path = sample(route.pattern);
    const rule = PERMISSIONS[route.operation];
    it(`${route.method} ${route.pattern}: a 403 names the least privileged permission set that grants it`, () => {
      const named = permissionsFor(route.method, `/v1.0${path}`);
      // The emulator lists each operation's alternatives least privileged first.
      expect(named && [...named].sort()).to.deep.equal([...rule[0]!].sort());
    });
    it(`${route.method} ${route.pattern}: paced exactly when Graph's Conditional Access limit applies`, () => {
      expect(isConditionalAccessPath(path)).to.equal(route.throttle.kind === "conditionalAccess");
    });
  }
});
