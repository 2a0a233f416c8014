import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../shim";
import { ConnectionArgs, secretConnection, withSecretOutputs } from "./connection";

export interface SystemPreferredMfaTarget {
  /** An object id, or "all_users" with targetType "group". */
  id: pulumi.Input<string>;
  targetType: pulumi.Input<"group" | "user">;
}

export interface SystemPreferredMfaArgs {
  state: pulumi.Input<"enabled" | "disabled" | "default">;
  /** Default: all users. Graph takes exactly one include target. */
  includeTarget?: pulumi.Input<SystemPreferredMfaTarget>;
  /** Graph takes at most one exclude target. */
  excludeTarget?: pulumi.Input<SystemPreferredMfaTarget>;
  /** Put back the settings found at create. Default true. */
  restoreOnDestroy?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ConnectionArgs>;
}

/** System-preferred MFA (the beta `authenticationMethodsPolicy.systemCredentialPreferences`) with its targets. */
export class SystemPreferredMfa extends pulumi.dynamic.Resource {
  declare readonly state: pulumi.Output<string>;
  declare readonly includeTarget: pulumi.Output<{ id: string; targetType: string }>;
  declare readonly excludeTarget: pulumi.Output<{ id: string; targetType: string } | undefined>;
  /** The systemCredentialPreferences found at create, restored at destroy. */
  declare readonly previous: pulumi.Output<unknown>;
  declare readonly tenantId: pulumi.Output<string>;

  constructor(name: string, args: SystemPreferredMfaArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("SystemPreferredMfa"),
      name,
      { ...args, resourceName: name, connection: secretConnection(args.connection), previous: undefined, tenantId: undefined },
      withSecretOutputs(opts),
      "entra-mfa",
      "SystemPreferredMfa",
    );
  }
}
