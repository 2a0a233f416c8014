// The pure half of `entra-mfa import`: a tenant snapshot in, the program and its stack config out.
import { expect } from "chai";
import yaml from "js-yaml";
import { decideImport } from "../../provider/import/decide";
import { generateProgram } from "../../provider/import/program";
import type { ImportSnapshot } from "../../provider/import/snapshot";
import { tenantStackFile, TENANTS_PROGRAM } from "../../provider/import/stacks";
import { validateManagedMfaPolicy } from "../../provider/plan/inputs";
import { normalizeGuid } from "../../provider/plan/normalize";
import { planMfaTakeover } from "../../provider/plan/takeover";
import { grant, policy } from "../plan/fixtures";
import { compileErrors } from "./compile";
import { connectionOf, fixtureTenant, snapshotOf } from "./snapshots";

const fabrikam = fixtureTenant("Fabrikam");
const contoso = fixtureTenant("Contoso");
const READ_AT = new Date("2026-12-01T10:00:00Z");
const fabrikamPolicy = (prefix: string) => snapshotOf(fabrikam).policies.find((p) => p.displayName.startsWith(prefix))!;
const generate = (snapshot: ImportSnapshot) => generateProgram(snapshot, connectionOf(fabrikam), READ_AT);
/** The program's code, comments left out. */
const code = (source: string) => source.split("\n").filter((l) => !l.trimStart().startsWith("//")).join("\n");

describe("import: what the tenant holds, as a program", function () {
  this.timeout(60_000);

  describe("an all-users MFA policy with break-glass exclusions (Fabrikam)", () => {
    const snapshot = snapshotOf(fabrikam);
    const ca001 = fabrikamPolicy("CA001");
    const generated = generate(snapshot);

    it("adopts that policy as it is: the planner finds nothing to change", () => {
      const decision = decideImport(snapshot);
      expect(decision.managedPolicy.kind).to.equal("asIs");
      if (decision.managedPolicy.kind !== "asIs") return;
      expect(decision.managedPolicy.chosen.adopts?.id).to.equal(ca001.id);
      const spec = validateManagedMfaPolicy(decision.managedPolicy.chosen.args).spec;
      const plan = planMfaTakeover({ securityDefaults: { isEnabled: false }, policies: snapshot.policies }, spec);
      expect(plan.steps.map((s) => s.description)).to.deep.equal([]);
      expect(plan.errors).to.deep.equal([]);
    });

    it("writes its id, name and exclusions, groups by id with their name, other MFA policies left as they are", () => {
      const text = code(generated.source);
      expect(text).to.include(`adoptPolicyId: "${ca001.id}"`);
      expect(text).to.include(`displayName: ${JSON.stringify(ca001.displayName)}`);
      const group = ca001.conditions.users!.excludeGroups[0]!;
      const name = fabrikam.groups!.find((g) => g.id === group)!.displayName!;
      expect(generated.source).to.include(`"${group}", // ${name}`);
      expect(text).to.include(`takeOver: { mfaPolicies: "leave" }`);
    });

    it("keeps Security Defaults off, naming the excluded group's members as the break-glass accounts", () => {
      const group = fabrikam.groups!.find((g) => g.id === ca001.conditions.users!.excludeGroups[0])!;
      const upns = group.members!.map((m) => String(fabrikam.users!.find((u) => u.id === m)!.userPrincipalName));
      const text = code(generated.source);
      expect(text).to.include('new SecurityDefaultsOff("security-defaults-off"');
      expect(text).to.include("handoverPolicyIds: [mfa.policyId]");
      for (const upn of upns) expect(text).to.include(JSON.stringify(upn));
    });

    it("declares system-preferred MFA as found, and says per-user MFA is in use", () => {
      expect(code(generated.source)).to.include(`new SystemPreferredMfa("system-preferred-mfa", { state: "default" })`);
      const perUser = Object.values(fabrikam.perUserMfa!).length;
      expect(generated.source).to.match(new RegExp(`per-user MFA is on for ${perUser} users`));
    });

    it("gives the stack config, the secret as a command to run and never a value", () => {
      const app = fabrikam.apps.find((a) => a.displayName?.endsWith("-mfa-governance"))!;
      expect(generated.stackConfig).to.deep.equal({ "azuread:tenantId": fabrikam.tenantId, "azuread:clientId": app.clientId });
      expect(generated.configCommands).to.include("pulumi config set --secret azuread:clientSecret   # prompts for the secret");
      expect(generated.source).to.include(`//   pulumi config set azuread:tenantId ${fabrikam.tenantId}`);
      expect(generated.source).to.not.include(String(app.clientSecret));
    });

    it("compiles against the library's types, with no unused name", () => {
      expect(compileErrors(generated.source)).to.deep.equal([]);
    });
  });

  describe("an all-users MFA policy that is not as the managed policy would be", () => {
    // A location condition narrows it: adopting it would clear the condition, a write.
    const narrowed = { ...fabrikamPolicy("CA001"), conditions: { ...fabrikamPolicy("CA001").conditions, locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } };
    const snapshot = snapshotOf(fabrikam, { policies: snapshotOf(fabrikam).policies.map((p) => (p.id === narrowed.id ? narrowed : p)) });

    it("is offered as the closest to adopt, with what adopting it would change, and a create with a take-over", () => {
      const decision = decideImport(snapshot);
      expect(decision.managedPolicy.kind).to.equal("choose");
      if (decision.managedPolicy.kind !== "choose") return;
      expect(decision.managedPolicy.closest?.adopts?.id).to.equal(narrowed.id);
      expect(decision.managedPolicy.closest!.plan.steps.map((s) => s.description).join(" ")).to.include("conditions.locations");
      const text = generate(snapshot).source;
      expect(text).to.include("conditions.locations");
      expect(code(text)).to.not.include("new ManagedMfaPolicy");
      expect(code(text)).to.not.include("new SecurityDefaultsOff");
      expect(code(text)).to.include("export const takeoverPlan = previewMfaTakeover(mfaPolicy);");
    });

    it("still compiles, with nothing imported that it does not use", () => {
      expect(compileErrors(generate(snapshot).source)).to.deep.equal([]);
    });
  });

  describe("Security Defaults on (Contoso)", () => {
    const snapshot = snapshotOf(contoso);
    const generated = generateProgram(snapshot, connectionOf(contoso), READ_AT);

    it("declares no cut-over: it is explained in a commented block naming the break-glass accounts", () => {
      const decision = decideImport(snapshot);
      expect(decision.securityDefaults.kind).to.equal("cutOver");
      expect(code(generated.source)).to.not.include("SecurityDefaultsOff");
      expect(generated.source).to.include('// new SecurityDefaultsOff("security-defaults-off", {');
      const breakGlass = contoso.users!.filter((u) => /^breakglass/i.test(String(u.userPrincipalName))).map((u) => String(u.userPrincipalName));
      for (const upn of breakGlass) expect(generated.source).to.include(JSON.stringify(upn));
    });

    it("offers the disabled all-users policy as the closest, and a managed policy created report-only for the hand-over", () => {
      const decision = decideImport(snapshot);
      if (decision.managedPolicy.kind !== "choose") throw new Error("expected a choice");
      const allUsers = snapshot.policies.find((p) => p.state === "disabled" && p.conditions.users?.includeUsers.includes("All"))!;
      expect(decision.managedPolicy.closest?.adopts?.id).to.equal(allUsers.id);
      expect(decision.managedPolicy.create.plan.securityDefaults.handoverRequired).to.equal(true);
      expect(decision.managedPolicy.create.plan.steps.map((s) => s.kind)).to.deep.equal(["createPolicy"]);
      expect(generated.source).to.include("// Option 2: create the managed policy");
    });

    it("compiles", () => {
      expect(compileErrors(generated.source)).to.deep.equal([]);
    });
  });

  describe("several partial MFA policies, none for all users", () => {
    const admins = policy({ displayName: "Admins need MFA", users: { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"] } });
    const sales = policy({ displayName: "Sales need MFA", state: "enabledForReportingButNotEnforced", users: { includeGroups: [fabrikam.groups![4]!.id] } });
    const device = policy({ displayName: "Devices", users: { includeUsers: [String(fabrikam.users![0]!.id)] }, grantControls: grant("AND", ["mfa", "compliantDevice"]) });
    const snapshot = snapshotOf(fabrikam, { policies: [device, sales, admins] });

    it("prefers an enabled policy asking for MFA alone as the closest, and takes the enabled ones over when creating", () => {
      const decision = decideImport(snapshot);
      if (decision.managedPolicy.kind !== "choose") throw new Error("expected a choice");
      // "Devices" is enabled too, but adopting it would drop its compliant-device requirement.
      expect(decision.managedPolicy.closest?.adopts?.displayName).to.equal("Admins need MFA");
      expect(decision.managedPolicy.create.plan.takenOver.map((t) => t.displayName)).to.have.members(["Admins need MFA", "Devices"]);
      expect(decision.securityDefaults.kind).to.equal("offUnprotected");
    });

    it("writes users by their principal name, and roles by template id with their name", () => {
      const source = generate(snapshot).source;
      expect(source).to.include(String(fabrikam.users![0]!.userPrincipalName));
      expect(compileErrors(source)).to.deep.equal([]);
    });
  });

  describe("system-preferred MFA enabled for a group", () => {
    const group = fabrikam.groups![1]!;
    const snapshot = snapshotOf(fabrikam, {
      systemPreferred: { state: "enabled", includeTargets: [{ id: group.id.toUpperCase(), targetType: "group" }], excludeTargets: [] },
    });

    it("declares that state and target, the group named beside its id", () => {
      const source = generate(snapshot).source;
      expect(source).to.include(`includeTarget: { id: "${normalizeGuid(group.id)}", targetType: "group" }, // ${group.displayName}`);
      expect(source).to.include(`state: "enabled"`);
      expect(compileErrors(source)).to.deep.equal([]);
    });

    it("says why it is left out when the tenant holds more targets than the resource takes", () => {
      const two = snapshotOf(fabrikam, {
        systemPreferred: { state: "enabled", includeTargets: [{ id: group.id, targetType: "group" }, { id: fabrikam.groups![2]!.id, targetType: "group" }], excludeTargets: [] },
      });
      const source = generate(two).source;
      expect(code(source)).to.not.include("SystemPreferredMfa");
      expect(source).to.include("2 include and 0 exclude targets");
    });
  });

  describe("names that do not resolve", () => {
    it("writes the id with a comment saying so", () => {
      const ghost = "0badc0de-0000-4000-8000-000000000001";
      const ca001 = fabrikamPolicy("CA001");
      const withGhost = { ...ca001, conditions: { ...ca001.conditions, users: { ...ca001.conditions.users!, excludeUsers: [ghost] } } };
      const source = generate(snapshotOf(fabrikam, { policies: [withGhost] })).source;
      expect(source).to.include(`"${ghost}", // no user has this id (deleted?): preview refuses it`);
    });
  });
});

describe("import --tenants: a stack file per tenant", () => {
  const fabrikam = fixtureTenant("Fabrikam");
  const contoso = fixtureTenant("Contoso");
  const read = (t: typeof fabrikam) =>
    (yaml.load(tenantStackFile(snapshotOf(t), connectionOf(t), String(t.displayName).toLowerCase(), "mfa-governance", new Date())) as { config: Record<string, unknown> }).config;

  it("holds the inputs the shared program declares: Fabrikam's adoption as it is, and its break-glass accounts", () => {
    const config = read(fabrikam);
    const decision = decideImport(snapshotOf(fabrikam));
    if (decision.managedPolicy.kind !== "asIs" || decision.securityDefaults.kind !== "keepOff") throw new Error("expected an adoption as it is");
    expect(config["mfa-governance:manageMfaPolicy"]).to.equal(true);
    expect(config["mfa-governance:mfaPolicy"]).to.deep.equal(decision.managedPolicy.chosen.args);
    expect(config["mfa-governance:securityDefaultsOff"]).to.deep.equal({ breakGlassAccounts: decision.securityDefaults.breakGlassAccounts });
    expect(config["mfa-governance:systemPreferredMfa"]).to.deep.equal({ state: "default" });
  });

  it("declares no managed policy for Contoso (Security Defaults on), only the take-over to preview", () => {
    const config = read(contoso);
    const decision = decideImport(snapshotOf(contoso));
    if (decision.managedPolicy.kind !== "choose") throw new Error("expected a choice");
    expect(config["mfa-governance:manageMfaPolicy"]).to.equal(false);
    expect(config["mfa-governance:mfaPolicy"]).to.deep.equal(decision.managedPolicy.create.args);
    expect(config).to.not.have.property("mfa-governance:securityDefaultsOff");
  });

  it("the shared program compiles", () => {
    expect(compileErrors(TENANTS_PROGRAM)).to.deep.equal([]);
  });
});
