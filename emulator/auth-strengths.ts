// The built-in authentication strengths (GET /policies/authenticationStrengthPolicies), which CA grant controls
// reference by id and Graph returns embedded.
import type { GraphObject } from "./model";

const MFA_COMBINATIONS = [
  "windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush", "temporaryAccessPassOneTime",
  "temporaryAccessPassMultiUse", "password,microsoftAuthenticatorPush", "password,softwareOath", "password,hardwareOath",
  "password,sms", "password,voice", "federatedMultiFactor", "microsoftAuthenticatorPush,federatedSingleFactor",
  "softwareOath,federatedSingleFactor", "hardwareOath,federatedSingleFactor", "sms,federatedSingleFactor",
  "voice,federatedSingleFactor",
];

const builtIn = (n: number, displayName: string, description: string, allowedCombinations: string[]): GraphObject => ({
  id: `00000000-0000-0000-0000-00000000000${n}`,
  createdDateTime: "2021-12-01T08:00:00Z",
  modifiedDateTime: "2021-12-01T08:00:00Z",
  displayName,
  description,
  policyType: "builtIn",
  requirementsSatisfied: "mfa",
  allowedCombinations,
});

export const BUILT_IN_STRENGTHS: readonly GraphObject[] = [
  builtIn(2, "Multifactor authentication", "Combinations of methods that satisfy strong authentication, such as a password + SMS", MFA_COMBINATIONS),
  builtIn(3, "Passwordless MFA", "Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator", ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush"]),
  builtIn(4, "Phishing-resistant MFA", "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key", ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]),
];
