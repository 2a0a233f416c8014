// Brings an existing Conditional Access policy under management. Dynamic resources cannot use `pulumi import`, so
// `adoptPolicyId` is how a policy already in the tenant enters a stack: the first `up` takes it over (recording
// what it was, so destroy puts it back instead of deleting it) and later `up`s manage it like any other.
import * as pulumi from "@pulumi/pulumi";
import { ManagedMfaPolicy } from "pulumi-entra-mfa";

const config = new pulumi.Config();

const mfa = new ManagedMfaPolicy("mfa", {
  adoptPolicyId: config.require("policyId"),
  displayName: config.get("displayName") ?? "Require MFA for all users",
  includeAllUsers: true,
  excludeGroups: config.getObject<string[]>("breakGlassGroups") ?? [],
  takeOver: { securityDefaults: false, mfaPolicies: "leave" },
});

export const policyId = mfa.policyId;
export const journal = mfa.journal;
