import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../shim";
import type { JournalEntry } from "../plan/steps";
import type { PerUserMfaOutputs } from "../plan/per-user-mfa";
import { ConnectionArgs, secretConnection, withSecretOutputs } from "./connection";
import { declareManagedPolicy } from "./handover-intent";

export interface ManagedMfaPolicyArgs {
  /** Default: "MFA (managed by Pulumi) - do not modify". */
  displayName?: pulumi.Input<string>;
  /** Require MFA of every user (minus the exclusions). Exclusive with includeUsers. */
  includeAllUsers?: pulumi.Input<boolean>;
  /** Object ids or user principal names (resolved to ids). Adding a person here enables MFA for them. */
  includeUsers?: pulumi.Input<pulumi.Input<string>[]>;
  includeGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** Directory role template ids. */
  includeRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /** Object ids or user principal names: break-glass accounts, or people MFA is turned off for. */
  excludeUsers?: pulumi.Input<pulumi.Input<string>[]>;
  excludeGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** enabled (default), reportOnly or disabled. */
  state?: pulumi.Input<"enabled" | "reportOnly" | "disabled">;
  /** Application ids, or "All" (default). */
  applications?: pulumi.Input<pulumi.Input<string>[]>;
  /** An authentication strength policy id, instead of the built-in `mfa` grant control. */
  authenticationStrengthId?: pulumi.Input<string>;
  /** What to take over on first apply. Default: Security Defaults and other MFA policies; per-user MFA is left. */
  takeOver?: pulumi.Input<{
    securityDefaults?: pulumi.Input<boolean>;
    mfaPolicies?: pulumi.Input<"consolidate" | "leave">;
    /**
     * "migrate": on create and every update, users on legacy per-user MFA whom the managed policy covers are
     * switched to `disabled` once the policy is enabled, and put back at destroy (or when this goes back to "leave").
     * Default "leave".
     */
    perUserMfa?: pulumi.Input<"migrate" | "leave">;
  }>;
  /** Take an existing policy under management instead of creating one (dynamic resources cannot `pulumi import`). */
  adoptPolicyId?: pulumi.Input<string>;
  /** Put every journaled policy back at destroy. Default true. */
  restoreOnDestroy?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ConnectionArgs>;
}


/** One managed Conditional Access policy that requires MFA, taking over MFA from Security Defaults and other policies. */
export class ManagedMfaPolicy extends pulumi.dynamic.Resource {
  /** The Conditional Access policy id: hand it to SecurityDefaultsOff to move off Security Defaults. */
  declare readonly policyId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly includeAllUsers: pulumi.Output<boolean>;
  declare readonly includeUsers: pulumi.Output<string[]>;
  declare readonly includeGroups: pulumi.Output<string[]>;
  declare readonly includeRoles: pulumi.Output<string[]>;
  declare readonly excludeUsers: pulumi.Output<string[]>;
  declare readonly excludeGroups: pulumi.Output<string[]>;
  /** Every foreign policy this resource changed, with what it was before. */
  declare readonly journal: pulumi.Output<JournalEntry[]>;
  /** Policies that grant MFA outside this resource (found at the last read); they make MFA reporting wrong. */
  declare readonly unmanagedMfaPolicies: pulumi.Output<{ policyId: string; displayName: string }[]>;
  declare readonly warnings: pulumi.Output<string[]>;
  /** Users moved off per-user MFA (packed journal, count), users left on it, and whether a move is still pending. */
  declare readonly perUserMfa: pulumi.Output<PerUserMfaOutputs | undefined>;
  declare readonly tenantId: pulumi.Output<string>;

  constructor(name: string, args: ManagedMfaPolicyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("ManagedMfaPolicy"),
      name,
      {
        ...args,
        resourceName: name,
        connection: secretConnection(args.connection),
        policyId: undefined,
        journal: undefined,
        unmanagedMfaPolicies: undefined,
        warnings: undefined,
        perUserMfa: undefined,
        tenantId: undefined,
      },
      withSecretOutputs(opts),
      "entra-mfa",
      "ManagedMfaPolicy",
    );
    declareManagedPolicy(this.policyId, { name, state: args.state, takeOver: args.takeOver });
  }
}
