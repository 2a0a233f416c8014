// Moves a tenant off Security Defaults onto one managed MFA policy, with break-glass accounts excluded, and turns on
// system-preferred MFA for a pilot group. `takeoverPlan` shows in `pulumi preview` what the first `up` will change.
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { ManagedMfaPolicy, ManagedMfaPolicyArgs, SecurityDefaultsOff, SystemPreferredMfa, previewMfaTakeover } from "pulumi-entra-mfa";

const config = new pulumi.Config();
// Emergency-access accounts (user principal names or object ids) that must never be locked out by MFA.
const breakGlassAccounts = config.requireObject<string[]>("breakGlassAccounts");
const pilotMembers = config.getObject<string[]>("systemPreferredPilotMembers") ?? [];
// "migrate" moves users on legacy per-user MFA onto the managed policy (put back at destroy); default "leave".
const perUserMfa = config.get("perUserMfa") === "migrate" ? "migrate" : "leave";

const mfaArgs: ManagedMfaPolicyArgs = {
  includeAllUsers: true,
  excludeUsers: breakGlassAccounts,
  takeOver: { securityDefaults: true, mfaPolicies: "consolidate", perUserMfa },
};

// Read-only: reads the tenant and plans, so a pull request's preview shows the take-over before anything is written.
export const takeoverPlan = previewMfaTakeover(mfaArgs);

// Created report-only while Security Defaults is on (Graph refuses `enabled` then)...
const mfa = new ManagedMfaPolicy("mfa", mfaArgs);

// ...then Security Defaults goes off and the managed policy goes on in one step, rolled back if anything fails.
// The break-glass accounts are the only people the hand-over may leave out; anyone else stops the cut-over.
new SecurityDefaultsOff("security-defaults-off", { handoverPolicyIds: [mfa.policyId], breakGlassAccounts });

// The pilot: an existing group when `systemPreferredPilotGroupId` is set, else a new group of the listed members.
const pilotGroupId: pulumi.Input<string> =
  config.get("systemPreferredPilotGroupId") ??
  new azuread.Group("system-preferred-mfa-pilot", {
    displayName: "System-preferred MFA pilot",
    securityEnabled: true,
    members: pilotMembers,
  }).objectId;

new SystemPreferredMfa("system-preferred-mfa", {
  state: "enabled",
  includeTarget: { id: pilotGroupId, targetType: "group" },
});

export const managedPolicyId = mfa.policyId;
export const takenOver = mfa.journal;
