import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../shim";
import { ConnectionArgs, secretConnection, withSecretOutputs } from "./connection";
import { handoverConflicts } from "./handover-intent";

export interface SecurityDefaultsOffArgs {
  /**
   * Conditional Access policies that replace Security Defaults. They must require MFA and cover every user
   * (break-glass exclusions allowed); this resource enables them right after it disables Security Defaults.
   */
  handoverPolicyIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The emergency access accounts (object ids or user principal names, at most 5) that the hand-over policies may
   * exclude. Anyone else they leave out, directly or through an excluded group, stops the cut-over before any write.
   */
  breakGlassAccounts?: pulumi.Input<pulumi.Input<string>[]>;
  /** Turn Security Defaults back on at destroy if it was on before. Default true. */
  restoreOnDestroy?: pulumi.Input<boolean>;
  /** Disable Security Defaults even when no hand-over policy protects the tenant. Default false. */
  allowUnprotected?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ConnectionArgs>;
}

/** Turns Entra Security Defaults off without leaving the tenant unprotected; restores what it found on destroy. */
export class SecurityDefaultsOff extends pulumi.dynamic.Resource {
  declare readonly handoverPolicyIds: pulumi.Output<string[]>;
  declare readonly breakGlassAccounts: pulumi.Output<string[]>;
  declare readonly restoreOnDestroy: pulumi.Output<boolean>;
  declare readonly allowUnprotected: pulumi.Output<boolean>;
  /** Whether Security Defaults was on when this resource was created. */
  declare readonly wasEnabled: pulumi.Output<boolean>;
  /** Security Defaults as last read from the tenant (false after a successful apply). */
  declare readonly isEnabled: pulumi.Output<boolean>;
  /** The hand-over policies' states before this resource enabled them, for destroy. */
  declare readonly handoverJournal: pulumi.Output<{ policyId: string; displayName: string; previousState: string }[]>;
  declare readonly tenantId: pulumi.Output<string>;

  constructor(name: string, args: SecurityDefaultsOffArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const conflicts = handoverConflicts(args.handoverPolicyIds);
    if (conflicts.length)
      throw new Error(
        `SecurityDefaultsOff '${name}' would turn Security Defaults off and enable its hand-over policies, but ${conflicts.join("; ")}. ` +
          "The two would undo each other at every update, with the tenant left without enforced MFA in between. " +
          "Declare the managed policy enabled with takeOver.securityDefaults (the defaults) to move off Security Defaults, or remove this SecurityDefaultsOff to keep Security Defaults on.",
      );
    super(
      providerFor("SecurityDefaultsOff"),
      name,
      {
        ...args,
        resourceName: name,
        connection: secretConnection(args.connection),
        wasEnabled: undefined,
        isEnabled: undefined,
        handoverJournal: undefined,
        tenantId: undefined,
      },
      withSecretOutputs(opts),
      "entra-mfa",
      "SecurityDefaultsOff",
    );
  }
}
