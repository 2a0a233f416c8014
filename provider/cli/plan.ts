import type { PlainManagedMfaPolicyArgs } from "../preview";
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf } from "./connection";
import { list, parse, UsageError } from "./usage";
import { inFlagWords } from "./wording";

export const PLAN_HELP = `usage: entra-mfa plan [policy options] [--json] [connection options]

What a ManagedMfaPolicy with these inputs would change in the tenant: the same plan previewMfaTakeover shows.
Reads only. Exits 1 when the resource would refuse to apply (the errors are printed).

Policy (as ManagedMfaPolicy's inputs; lists are comma-separated):
  --display-name NAME       default "MFA (managed by Pulumi) - do not modify"
  --include-all-users       require MFA of every user, minus the exclusions
  --include-users LIST      object ids or user principal names
  --include-groups LIST     group ids
  --include-roles LIST      directory role template ids
  --exclude-users LIST      object ids or user principal names (break-glass accounts)
  --exclude-groups LIST     group ids
  --state STATE             enabled (default), reportOnly or disabled
  --applications LIST       application ids, or All (default)
  --authentication-strength-id ID
  --adopt-policy-id ID      take an existing policy under management
  --keep-security-defaults  do not plan turning Security Defaults off
  --leave-mfa-policies      do not consolidate other MFA policies
  --migrate-per-user-mfa    plan moving covered users off legacy per-user MFA (takeOver.perUserMfa: "migrate")
  --json                    the plan as JSON

${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  "display-name": { type: "string" },
  "include-all-users": { type: "boolean" },
  "include-users": { type: "string" },
  "include-groups": { type: "string" },
  "include-roles": { type: "string" },
  "exclude-users": { type: "string" },
  "exclude-groups": { type: "string" },
  state: { type: "string" },
  applications: { type: "string" },
  "authentication-strength-id": { type: "string" },
  "adopt-policy-id": { type: "string" },
  "keep-security-defaults": { type: "boolean" },
  "leave-mfa-policies": { type: "boolean" },
  "migrate-per-user-mfa": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const STATES = ["enabled", "reportOnly", "disabled"] as const;

export async function planCommand(args: string[]): Promise<number> {
  const values = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(PLAN_HELP + "\n");
    return 0;
  }
  const state = values.state;
  if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new UsageError(`--state must be one of ${STATES.join(", ")}, got '${state}'`);
  const policy: PlainManagedMfaPolicyArgs = {
    displayName: values["display-name"],
    includeAllUsers: values["include-all-users"],
    includeUsers: list(values["include-users"]),
    includeGroups: list(values["include-groups"]),
    includeRoles: list(values["include-roles"]),
    excludeUsers: list(values["exclude-users"]),
    excludeGroups: list(values["exclude-groups"]),
    state: state as (typeof STATES)[number] | undefined,
    applications: list(values.applications),
    authenticationStrengthId: values["authentication-strength-id"],
    adoptPolicyId: values["adopt-policy-id"],
    takeOver: {
      securityDefaults: !values["keep-security-defaults"],
      mfaPolicies: values["leave-mfa-policies"] ? "leave" : "consolidate",
      perUserMfa: values["migrate-per-user-mfa"] ? "migrate" : "leave",
    },
    connection: connectionOf(values),
  };
  const args_ = Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as PlainManagedMfaPolicyArgs;
  // Loaded only here: it brings in @pulumi/pulumi, which every other command can start without.
  const { planTakeover } = await import("../preview.js");
  const preview = await planTakeover(args_, { get: () => undefined });
  if (values.json) process.stdout.write(JSON.stringify(preview, null, 2) + "\n");
  else {
    const lines = [`Plan for tenant ${preview.tenantId}:`, preview.summary || "(nothing to plan)"];
    // The summary lists the plan's own warnings and errors; the input checks' come only here.
    for (const w of preview.warnings) if (!preview.summary.includes(w)) lines.push(`warning: ${w}`);
    for (const e of preview.errors) if (!preview.summary.includes(e)) lines.push(`error: ${e}`);
    process.stdout.write(inFlagWords(lines.join("\n")) + "\n");
  }
  return preview.errors.length ? 1 : 0;
}
