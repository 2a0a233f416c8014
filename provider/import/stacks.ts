// `entra-mfa import --tenants`: one program for every tenant of a managed-services provider, each tenant a stack whose
// Pulumi.<stack>.yaml says what that tenant holds. Pure: the program text, and each stack's config file.
import type { ManagedMfaPolicyArgs } from "../plan/inputs";
import { MAX_BREAK_GLASS_ACCOUNTS } from "../plan/handover";
import { decideImport, type ImportDecision, type SystemPreferredDeclaration } from "./decide";
import { PACKAGE_NAME, stackConfigOf } from "./program";
import type { ImportSnapshot, StackConnection } from "./snapshot";
import { comment, Namer, planComment, quote } from "./words";

/** The program of a multi-tenant project: everything tenant-specific comes from the stack's config. */
export const TENANTS_PROGRAM = `// MFA governance of several tenants, one stack each, written by \`entra-mfa import --tenants\`. This program is the
// same for every tenant; each Pulumi.<stack>.yaml says what its tenant holds (and, in its comments, why).
import * as pulumi from "@pulumi/pulumi";
import {
  ManagedMfaPolicy,
  SecurityDefaultsOff,
  SystemPreferredMfa,
  previewMfaTakeover,
  type ManagedMfaPolicyArgs,
  type SecurityDefaultsOffArgs,
  type SystemPreferredMfaArgs,
} from "${PACKAGE_NAME}";

const config = new pulumi.Config();

// The managed policy's inputs. manageMfaPolicy false: the tenant had no policy to adopt as it is, and mfaPolicy is the
// take-over its stack file proposes, which takeoverPlan previews until it is switched on.
const mfaPolicy = config.requireObject<ManagedMfaPolicyArgs>("mfaPolicy");
const mfa = config.requireBoolean("manageMfaPolicy") ? new ManagedMfaPolicy("mfa", mfaPolicy) : undefined;

// Keeps Security Defaults off (handing over to the managed policy if someone turns it back on).
const securityDefaultsOff = config.getObject<Pick<SecurityDefaultsOffArgs, "breakGlassAccounts">>("securityDefaultsOff");
if (mfa && securityDefaultsOff) new SecurityDefaultsOff("security-defaults-off", { ...securityDefaultsOff, handoverPolicyIds: [mfa.policyId] });

const systemPreferredMfa = config.getObject<SystemPreferredMfaArgs>("systemPreferredMfa");
if (systemPreferredMfa) new SystemPreferredMfa("system-preferred-mfa", systemPreferredMfa);

export const policyId = mfa?.policyId;
export const takeoverPlan = previewMfaTakeover(mfaPolicy);
`;

/** A config value as YAML: a scalar (already quoted where needed) with an optional note, a list, or a mapping. */
type Node = { scalar: string; note?: string } | Node[] | { [key: string]: Node };

const isScalar = (n: Node): n is { scalar: string; note?: string } => !Array.isArray(n) && typeof (n as { scalar?: unknown }).scalar === "string";

function yaml(key: string, node: Node, indent: string): string[] {
  if (isScalar(node)) return [`${indent}${key}: ${node.scalar}${node.note ? ` # ${node.note}` : ""}`];
  if (Array.isArray(node)) return [`${indent}${key}:`, ...node.flatMap((item) => (isScalar(item) ? [`${indent}  - ${item.scalar}${item.note ? ` # ${item.note}` : ""}`] : []))];
  const entries = Object.entries(node);
  return entries.length ? [`${indent}${key}:`, ...entries.flatMap(([k, v]) => yaml(k, v, `${indent}  `))] : [`${indent}${key}: {}`];
}

const plain = (value: string | boolean) => ({ scalar: typeof value === "boolean" ? String(value) : quote(value) });

function policyNode(args: ManagedMfaPolicyArgs, namer: Namer): Node {
  const node: Record<string, Node> = {};
  const ids = (key: keyof ManagedMfaPolicyArgs, of: (id: string) => { text: string; note?: string }) => {
    const value = args[key] as string[] | undefined;
    if (value?.length) node[key] = value.map((id) => ({ scalar: of(id).text, ...(of(id).note ? { note: of(id).note } : {}) }));
  };
  if (args.adoptPolicyId) node.adoptPolicyId = plain(args.adoptPolicyId);
  if (args.displayName) node.displayName = plain(args.displayName);
  if (args.includeAllUsers) node.includeAllUsers = plain(true);
  ids("includeUsers", (id) => namer.user(id));
  ids("includeGroups", (id) => namer.group(id));
  ids("includeRoles", (id) => namer.role(id));
  ids("excludeUsers", (id) => namer.user(id));
  ids("excludeGroups", (id) => namer.group(id));
  if (args.state) node.state = plain(args.state);
  if (args.applications) node.applications = args.applications.map(plain);
  if (args.authenticationStrengthId) node.authenticationStrengthId = plain(args.authenticationStrengthId);
  if (args.takeOver?.mfaPolicies) node.takeOver = { mfaPolicies: plain(args.takeOver.mfaPolicies) };
  return node;
}

function systemPreferredNode(args: SystemPreferredDeclaration, namer: Namer): Node {
  const target = (t: NonNullable<SystemPreferredDeclaration["includeTarget"]>): Node => ({
    id: { scalar: quote(t.id), ...(t.targetType === "group" ? { note: namer.group(t.id).note } : {}) },
    targetType: plain(t.targetType),
  });
  return { state: plain(args.state), ...(args.includeTarget ? { includeTarget: target(args.includeTarget) } : {}), ...(args.excludeTarget ? { excludeTarget: target(args.excludeTarget) } : {}) };
}

const note = (text: string) => comment(text, "", "#");

/** What the stack declares, and the comments that say why (and what the choices are, when there is one). */
function tenantValues(decision: ImportDecision, namer: Namer, key: (k: string) => string): { values: [string, Node][]; notes: string[] } {
  const values: [string, Node][] = [];
  const notes: string[] = [];
  const d = decision.managedPolicy;
  if (d.kind === "asIs") {
    notes.push(...note(`"${d.chosen.adopts!.displayName}" already requires MFA of every user: adopted as it is (manageMfaPolicy: true), so the first \`pulumi up\` changes nothing.`));
    values.push([key("manageMfaPolicy"), plain(true)], [key("mfaPolicy"), policyNode(d.chosen.args, namer)]);
  } else {
    notes.push(
      ...note(
        "No policy requires MFA of every user as the managed policy would, so nothing is adopted (manageMfaPolicy: false). mfaPolicy holds " +
          `option ${d.closest ? 2 : 1} below, which takeoverPlan previews; choose, then set manageMfaPolicy: true.`,
      ),
    );
    if (d.closest) {
      notes.push("#", ...note(`Option 1: adopt "${d.closest.adopts!.displayName}" (the closest), for all users: replace mfaPolicy with`));
      notes.push(...yaml(key("mfaPolicy"), policyNode(d.closest.args, namer), "").map((l) => `#   ${l}`));
      notes.push("# Its plan:", ...planComment(d.closest, namer, "", "#"));
    }
    notes.push("#", ...note(`Option ${d.closest ? 2 : 1}: create the managed policy with a take-over (mfaPolicy as below). Its plan:`), ...planComment(d.create, namer, "", "#"));
    values.push([key("manageMfaPolicy"), plain(false)], [key("mfaPolicy"), policyNode(d.create.args, namer)]);
  }
  const sd = decision.securityDefaults;
  notes.push("#");
  if (sd.kind === "keepOff") {
    notes.push(...note("Security Defaults is off and the managed policy requires MFA of everyone: securityDefaultsOff keeps it off; destroy leaves it off."));
    values.push([key("securityDefaultsOff"), sd.breakGlassAccounts?.length ? { breakGlassAccounts: sd.breakGlassAccounts.map(plain) } : {}]);
  } else if (sd.kind === "cutOver") {
    const accounts = sd.leftOut.length && sd.leftOut.length <= MAX_BREAK_GLASS_ACCOUNTS ? sd.leftOut : ["breakglass1@example.com"];
    notes.push(
      ...note(
        "Security Defaults is on, so no policy can be enforced yet. To cut over (Security Defaults off and the managed policy enabled in one step; " +
          `destroy turns it back on), with the managed policy switched on add:`,
      ),
      `#   ${key("securityDefaultsOff")}:`,
      "#     breakGlassAccounts:",
      ...accounts.map((a) => `#       - ${quote(a)}`),
    );
  } else notes.push(...note("Security Defaults is off and no policy requires MFA of every user: add securityDefaultsOff once the managed policy does."));
  if (decision.systemPreferred.kind === "declare") values.push([key("systemPreferredMfa"), systemPreferredNode(decision.systemPreferred.args, namer)]);
  else notes.push(...note(`System-preferred MFA is not declared: ${decision.systemPreferred.why}.`));
  return { values, notes };
}

/** Pulumi.<stack>.yaml of one tenant. */
export function tenantStackFile(snapshot: ImportSnapshot, connection: StackConnection, stack: string, projectName: string, readAt: Date): string {
  const namer = new Namer(snapshot);
  const { stackConfig, configCommands } = stackConfigOf(connection);
  const { values, notes } = tenantValues(decideImport(snapshot), namer, (k) => `${projectName}:${k}`);
  const perUser = snapshot.perUserMfa && snapshot.perUserMfa.enabled + snapshot.perUserMfa.enforced;
  const secret = configCommands.filter((c) => c.includes("--secret")).map((c) => c.replace("--secret", `--secret --stack ${stack}`));
  return [
    ...note(`Tenant ${snapshot.tenantId} as \`entra-mfa import\` read it on ${readAt.toISOString().slice(0, 10)}.`),
    "#",
    ...notes,
    ...(perUser ? ["#", ...note(`Legacy per-user MFA is on for ${perUser} users; left as it is unless the managed policy's takeOver says perUserMfa: "migrate" (\`entra-mfa status\` names them).`)] : []),
    ...(secret.length ? ["#", "# The app's secret is not kept here in the clear. Set it once, encrypted, with:", ...secret.map((c) => `#   ${c}`)] : []),
    "config:",
    ...Object.entries(stackConfig).map(([k, v]) => `  ${k}: ${quote(v)}`),
    ...values.flatMap(([k, v]) => yaml(k, v, "  ")),
    "",
  ].join("\n");
}
