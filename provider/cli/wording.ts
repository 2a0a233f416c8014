// The library's messages name resource inputs (`connection.graphBaseUrl`, `takeOver.securityDefaults: false`); on
// the command line the same things are flags. One table turns the first into the second, so every message (errors,
// warnings, the plan) speaks of what the user can type.
import { CLIENT_HELP, SECRET_HELP, TENANT_HELP } from "../graph/connection";

type Rewrite = readonly [pattern: string | RegExp, replacement: string | ((match: string, name: string) => string)];

const CONNECTION_FLAGS: Readonly<Record<string, string>> = {
  tenantId: "--tenant",
  clientId: "--client-id",
  clientSecret: "--client-secret-file",
  clientCertificatePath: "--certificate-path",
  useMsi: "--use-msi",
  cloud: "--cloud",
  graphBaseUrl: "--graph-base-url",
  authorityHost: "--authority-host",
};

const POLICY_FLAGS: Readonly<Record<string, string>> = {
  displayName: "--display-name",
  includeAllUsers: "--include-all-users",
  includeUsers: "--include-users",
  includeGroups: "--include-groups",
  includeRoles: "--include-roles",
  excludeUsers: "--exclude-users",
  excludeGroups: "--exclude-groups",
  applications: "--applications",
  authenticationStrengthId: "--authentication-strength-id",
  adoptPolicyId: "--adopt-policy-id",
};

const REWRITES: readonly Rewrite[] = [
  // Whole phrases first: the ways to give a value, in the command's terms.
  [`No Entra tenant id: ${TENANT_HELP}`, "No Entra tenant id: give --tenant ID, or set AZURE_TENANT_ID or ARM_TENANT_ID"],
  [CLIENT_HELP, "give --client-id ID, or set AZURE_CLIENT_ID or ARM_CLIENT_ID"],
  [
    SECRET_HELP,
    "give it in one of three ways: --client-secret-file FILE, or the environment variable AZURE_CLIENT_SECRET or " +
      "ARM_CLIENT_SECRET (there is no --client-secret: a secret on the command line lands in shell history)",
  ],
  [/(?:the )?resource(?:'s)? connection\.(\w+)|connection\.(\w+)/g, (match, ...names: string[]) => CONNECTION_FLAGS[names.find(Boolean)!] ?? match],
  [/takeOver\.securityDefaults is false/g, "--keep-security-defaults is given"],
  [/set takeOver\.securityDefaults: false/g, "give --keep-security-defaults"],
  [/takeOver\.securityDefaults: false/g, "--keep-security-defaults"],
  [/takeOver\.mfaPolicies is "leave"/g, "--leave-mfa-policies is given"],
  [/includeAllUsers: true/g, "--include-all-users"],
  [/applications \["All"\]/g, "--applications All"],
  [/\b(\w+)\[(\d+)\]/g, "$1 (item $2)"],
];

const FLAGS: Readonly<Record<string, string>> = { ...CONNECTION_FLAGS, ...POLICY_FLAGS };

/** A library message in the command line's words. */
export function inFlagWords(message: string): string {
  let text = message;
  for (const [pattern, replacement] of REWRITES) text = text.replaceAll(pattern, replacement as string);
  text = text.replace(/\b(\w+) \(item (\d+)\)/g, (all, name: string, index: string) =>
    FLAGS[name] ? `${FLAGS[name]} (item ${Number(index) + 1})` : all,
  );
  // Bare input names last: whole camelCase words that are inputs ("applications" alone is also plain English).
  return text.replace(/(?<![-\w.:])[a-z]+[A-Z]\w*(?![\w(])/g, (word: string) => FLAGS[word] ?? word);
}

/** Whether a connection error is about the flags the generic hint names (nothing to reach the tenant with). */
export function isMissingConnection(message: string): boolean {
  return message.startsWith("No Entra tenant id") || message.includes("needs an application (client) id");
}
