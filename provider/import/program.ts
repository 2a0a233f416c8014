// The TypeScript program `entra-mfa import` writes: a tenant's MFA governance as it is today, declared with this
// library's resources, and the stack config it needs. Pure: text from an ImportSnapshot and its ImportDecision.
import type { ManagedMfaPolicyArgs, SystemPreferredTarget } from "../plan/inputs";
import { MAX_BREAK_GLASS_ACCOUNTS } from "../plan/handover";
import { decideImport, type ImportDecision } from "./decide";
import type { ImportSnapshot, StackConnection } from "./snapshot";
import { comment, Namer, planComment, quote } from "./words";

export const PACKAGE_NAME = "pulumi-entra-mfa";

export interface GeneratedProgram {
  /** The program (a fragment to add to an existing one, or a whole index.ts). */
  source: string;
  /** The stack's plain config: `azuread:` keys and endpoint overrides. */
  stackConfig: Record<string, string>;
  /** The `pulumi config set` lines a user runs, the secret's among them (never its value). */
  configCommands: string[];
}

/** An array literal: one line when short and unannotated, else one entry a line with its note. */
function list(entries: { text: string; note?: string }[], indent: string): string {
  const inline = `[${entries.map((e) => e.text).join(", ")}]`;
  if (entries.every((e) => !e.note) && inline.length + indent.length < 100) return inline;
  return `[\n${entries.map((e) => `${indent}  ${e.text},${e.note ? ` // ${e.note}` : ""}`).join("\n")}\n${indent}]`;
}

/** The object literal of ManagedMfaPolicy inputs, one property a line. */
function policyArgs(args: ManagedMfaPolicyArgs, namer: Namer, indent: string): string[] {
  const i = `${indent}  `;
  const lines: string[] = [];
  const ids = (key: keyof ManagedMfaPolicyArgs, of: (id: string) => { text: string; note?: string }) => {
    const value = args[key] as string[] | undefined;
    if (value?.length) lines.push(`${i}${key}: ${list(value.map(of), i)},`);
  };
  if (args.adoptPolicyId) lines.push(`${i}adoptPolicyId: ${quote(args.adoptPolicyId)},`);
  if (args.displayName) lines.push(`${i}displayName: ${quote(args.displayName)},`);
  if (args.includeAllUsers) lines.push(`${i}includeAllUsers: true,`);
  ids("includeUsers", (id) => namer.user(id));
  ids("includeGroups", (id) => namer.group(id));
  ids("includeRoles", (id) => namer.role(id));
  ids("excludeUsers", (id) => namer.user(id));
  ids("excludeGroups", (id) => namer.group(id));
  if (args.state) lines.push(`${i}state: ${quote(args.state)},`);
  if (args.applications) lines.push(`${i}applications: ${list(args.applications.map((a) => ({ text: quote(a) })), i)},`);
  if (args.authenticationStrengthId) lines.push(`${i}authenticationStrengthId: ${quote(args.authenticationStrengthId)},`);
  if (args.takeOver?.mfaPolicies) lines.push(`${i}takeOver: { mfaPolicies: ${quote(args.takeOver.mfaPolicies)} },`);
  return lines;
}

const otherMfaPolicies = (snapshot: ImportSnapshot, adoptedId: string) =>
  snapshot.policies.filter((p) => p.id !== adoptedId && p.grantControls && (p.grantControls.builtInControls?.includes("mfa") || p.grantControls.authenticationStrength));

function managedPolicySection(snapshot: ImportSnapshot, decision: ImportDecision, namer: Namer): { lines: string[]; declared: boolean } {
  const d = decision.managedPolicy;
  if (d.kind === "asIs") {
    const adopted = d.chosen.adopts!;
    const others = otherMfaPolicies(snapshot, adopted.id).map((p) => `"${p.displayName}"`);
    return {
      declared: true,
      lines: [
        ...comment(
          `"${adopted.displayName}" already requires MFA of every user: adopted as it is, so the first \`pulumi up\` changes nothing. ` +
            `Destroying the stack leaves it in the tenant.` +
            (others.length ? ` The tenant's other MFA policies (${others.join(", ")}) stay as they are: takeOver.mfaPolicies "leave".` : ""),
        ),
        ...(d.otherCandidates.length
          ? comment(`These would qualify as well; a tenant has one managed policy: ${d.otherCandidates.map((p) => `"${p.displayName}" (${p.id})`).join(", ")}.`)
          : []),
        "const mfaPolicy: ManagedMfaPolicyArgs = {",
        ...policyArgs(d.chosen.args, namer, ""),
        "};",
        `const mfa = new ManagedMfaPolicy("mfa", mfaPolicy);`,
      ],
    };
  }
  const lines = [
    ...comment(
      "No Conditional Access policy requires MFA of every user as the managed policy would (enabled, all users, all applications, " +
        "MFA alone, no other conditions), so there is nothing to adopt as it is. Choose " +
        (d.closest ? "one of the two options below" : "the option below") +
        ", uncomment it and import ManagedMfaPolicy; until then this program declares no managed policy, and `takeoverPlan` " +
        `(exported below) shows what option ${d.closest ? 2 : 1} would do.`,
    ),
  ];
  if (d.closest) {
    const p = d.closest.adopts!;
    lines.push(
      "//",
      ...comment(`Option 1: adopt "${p.displayName}" (the closest), made the managed policy for all users. Its plan:`),
      ...planComment(d.closest, namer, ""),
      "//",
      "// const mfa = new ManagedMfaPolicy(\"mfa\", {",
      ...policyArgs(d.closest.args, namer, "").flatMap((l) => l.split("\n")).map((l) => `// ${l}`),
      "// });",
    );
  }
  lines.push(
    "//",
    ...comment(
      `Option ${d.closest ? 2 : 1}: create the managed policy and take MFA over from ` +
        `${snapshot.securityDefaultsEnabled ? "Security Defaults and " : ""}the other MFA policies. Its plan:`,
    ),
    ...planComment(d.create, namer, ""),
    "//",
    "// const mfa = new ManagedMfaPolicy(\"mfa\", mfaPolicy);",
    "const mfaPolicy: ManagedMfaPolicyArgs = {",
    ...policyArgs(d.create.args, namer, ""),
    "};",
  );
  return { lines, declared: false };
}

function securityDefaultsSection(decision: ImportDecision): string[] {
  const sd = decision.securityDefaults;
  if (sd.kind === "offUnprotected")
    return comment(
      "Security Defaults is off, and no policy requires MFA of every user. Once the managed policy protects everyone, a SecurityDefaultsOff " +
        "resource keeps Security Defaults off (and turns it off again through a safe hand-over if someone turns it on).",
    );
  if (sd.kind === "cutOver") {
    const accounts = sd.leftOut.length && sd.leftOut.length <= MAX_BREAK_GLASS_ACCOUNTS ? sd.leftOut : ["breakglass1@example.com"];
    return [
      ...comment(
        "Security Defaults is on, so no Conditional Access policy can be enforced yet (Graph refuses an enabled policy while it is on). " +
          "The cut-over is one step: SecurityDefaultsOff turns Security Defaults off and enables the managed policy (created report-only " +
          "first) right after, so nobody is left without MFA; destroy turns Security Defaults back on. The policy may leave out only " +
          "the break-glass accounts named here (at most 5). To cut over, declare the managed policy above, then uncomment this and import SecurityDefaultsOff:",
      ),
      "//",
      '// new SecurityDefaultsOff("security-defaults-off", {',
      "//   handoverPolicyIds: [mfa.policyId],",
      `//   breakGlassAccounts: ${list(accounts.map((a) => ({ text: quote(a) })), "//   ")}, // whom the managed policy leaves out`,
      "// });",
    ];
  }
  const accounts = sd.breakGlassAccounts;
  return [
    ...comment(
      "Security Defaults is off and the managed policy requires MFA of everyone: this keeps it off, and if someone turns it back on " +
        "the next `pulumi up` turns it off again through the safe hand-over. It was off before, so destroy leaves it off.",
    ),
    'new SecurityDefaultsOff("security-defaults-off", {',
    "  handoverPolicyIds: [mfa.policyId],",
    ...(accounts
      ? accounts.length
        ? [...comment("Everyone the managed policy leaves out: a hand-over may leave out no one else.", "  "), `  breakGlassAccounts: ${list(accounts.map((a) => ({ text: quote(a) })), "  ")},`]
        : []
      : comment(
          `The managed policy leaves out ${sd.leftOut.length} users, more than the 5 break-glass accounts a hand-over allows: ` +
            "if Security Defaults is ever turned back on, the hand-over is refused until the exclusions are narrowed.",
          "  ",
        )),
    "});",
  ];
}

function targetText(t: SystemPreferredTarget, namer: Namer): string {
  const note = t.targetType === "group" ? namer.group(t.id).note : namer.user(t.id).note;
  return `{ id: ${quote(t.id)}, targetType: ${quote(t.targetType)} },${note ? ` // ${note}` : ""}`;
}

function systemPreferredSection(decision: ImportDecision, namer: Namer): string[] {
  const sp = decision.systemPreferred;
  if (sp.kind === "unmanageable") return comment(`System-preferred MFA is not declared: ${sp.why}.`);
  const { state, includeTarget, excludeTarget } = sp.args;
  const whom = includeTarget ? `${includeTarget.targetType} ${namer.group(includeTarget.id).note ?? includeTarget.id}` : "all users";
  const what = state === "default" ? "Microsoft-managed (default)" : state;
  const props = [
    `  state: ${quote(state)},`,
    ...(includeTarget ? [`  includeTarget: ${targetText(includeTarget, namer)}`] : []),
    ...(excludeTarget ? [`  excludeTarget: ${targetText(excludeTarget, namer)}`] : []),
  ];
  return [
    ...comment(`System-preferred MFA as it is today: ${what} for ${whom}. Destroy puts back what the first \`pulumi up\` found.`),
    ...(props.length === 1 ? [`new SystemPreferredMfa("system-preferred-mfa", { state: ${quote(state)} });`] : ['new SystemPreferredMfa("system-preferred-mfa", {', ...props, "});"]),
  ];
}

function perUserMfaSection(snapshot: ImportSnapshot): string[] {
  const counts = snapshot.perUserMfa;
  if (!counts || counts.enabled + counts.enforced === 0) return [];
  return comment(
    `Legacy per-user MFA is on for ${counts.enabled + counts.enforced} users (${counts.enabled} enabled, ${counts.enforced} enforced). ` +
      "The program leaves it as it is (takeOver.perUserMfa defaults to \"leave\"): those users are asked for MFA whatever the " +
      "policies above say. To move the users the managed policy covers onto it and switch their per-user MFA off (destroy " +
      "puts it back), add `perUserMfa: \"migrate\"` to its takeOver; `entra-mfa plan --migrate-per-user-mfa` shows who would move.",
  );
}

/** Stack config for the connection, and the lines that set it (the secret's without its value). */
export function stackConfigOf(connection: StackConnection): { stackConfig: Record<string, string>; configCommands: string[] } {
  const stackConfig: Record<string, string> = { "azuread:tenantId": connection.tenantId };
  if (connection.clientId) stackConfig["azuread:clientId"] = connection.clientId;
  if (connection.clientCertificatePath) stackConfig["azuread:clientCertificatePath"] = connection.clientCertificatePath;
  if (connection.credential === "managedIdentity") stackConfig["azuread:useMsi"] = "true";
  if (connection.cloud) stackConfig["azuread:environment"] = connection.cloud;
  if (connection.graphBaseUrl) stackConfig["entra-mfa:graphBaseUrl"] = connection.graphBaseUrl;
  if (connection.authorityHost) stackConfig["entra-mfa:authorityHost"] = connection.authorityHost;
  const configCommands = Object.entries(stackConfig).map(([key, value]) => `pulumi config set ${key} ${value}`);
  if (connection.credential === "clientSecret")
    configCommands.push(
      connection.clientSecretFile
        ? `pulumi config set --secret azuread:clientSecret < ${connection.clientSecretFile}`
        : "pulumi config set --secret azuread:clientSecret   # prompts for the secret",
    );
  return { stackConfig, configCommands };
}

export function generateProgram(snapshot: ImportSnapshot, connection: StackConnection, readAt: Date): GeneratedProgram {
  const decision = decideImport(snapshot);
  const namer = new Namer(snapshot);
  const { stackConfig, configCommands } = stackConfigOf(connection);
  const managed = managedPolicySection(snapshot, decision, namer);
  const keepsOff = decision.securityDefaults.kind === "keepOff";
  const sp = decision.systemPreferred.kind === "declare";
  // Only what the program uses: a commented option says what it needs imported.
  const names = [
    ...(managed.declared ? ["ManagedMfaPolicy"] : []),
    ...(keepsOff ? ["SecurityDefaultsOff"] : []),
    ...(sp ? ["SystemPreferredMfa"] : []),
    "previewMfaTakeover",
    "type ManagedMfaPolicyArgs",
  ];
  const lines = [
    ...comment(
      `MFA governance of tenant ${snapshot.tenantId} as it was on ${readAt.toISOString().slice(0, 10)}, written by \`entra-mfa import\`. ` +
        "Its first `pulumi up` records what the tenant holds in the stack and changes nothing in the tenant.",
    ),
    "//",
    "// Stack config (run once in the stack; the secret is never written into a file):",
    ...configCommands.map((c) => `//   ${c}`),
    `import { ${names.join(", ")} } from "${PACKAGE_NAME}";`,
    "",
    ...managed.lines,
    "",
    ...securityDefaultsSection(decision),
    "",
    ...systemPreferredSection(decision, namer),
    ...(perUserMfaSection(snapshot).length ? ["", ...perUserMfaSection(snapshot)] : []),
    "",
    ...(managed.declared ? ["export const policyId = mfa.policyId;"] : []),
    ...comment(
      managed.declared
        ? "What the managed policy would change in the tenant, read at every preview: no steps while the tenant is as imported."
        : "What option " + (decision.managedPolicy.kind === "choose" && decision.managedPolicy.closest ? "2" : "1") + " would change in the tenant, read at every preview.",
    ),
    "export const takeoverPlan = previewMfaTakeover(mfaPolicy);",
  ];
  return { source: lines.join("\n") + "\n", stackConfig, configCommands };
}
