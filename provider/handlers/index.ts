import type * as pulumi from "@pulumi/pulumi";
import { requireSupportedNode } from "../../runtime/node-version";
import type { ResourceKind } from "../shim";
import { setStackConfig } from "./context";
import { describeFailure } from "./errors";
import { managedMfaPolicyHandler } from "./managed-mfa-policy";
import { securityDefaultsOffHandler } from "./security-defaults-off";
import { systemPreferredMfaHandler } from "./system-preferred-mfa";
import { toStruct } from "./struct";
import type { Handler } from "./handler";

// Everything the serialized shim (provider/shim.ts) reaches goes through this module, loaded by package name at call
// time, so the code that runs is always the installed version of the library.

requireSupportedNode("pulumi-entra-mfa (its provider)");

const handlers: Record<ResourceKind, Handler<any, any>> = {
  SecurityDefaultsOff: securityDefaultsOffHandler,
  ManagedMfaPolicy: managedMfaPolicyHandler,
  SystemPreferredMfa: systemPreferredMfaHandler,
};

type Method = keyof Handler<unknown, unknown>;

/** Called by the engine before any CRUD call, with the whole stack config (namespaced keys). */
export function configure(config: pulumi.dynamic.Config): void {
  setStackConfig(config);
}

export async function handle(kind: ResourceKind, method: Method, ...args: unknown[]): Promise<unknown> {
  const handler = handlers[kind];
  if (!handler) throw new Error(`pulumi-entra-mfa: unknown resource kind '${kind}' (is the installed library older than the program?)`);
  try {
    const result = await (handler[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    // The provider server encodes results as protobuf Structs, which reject `undefined` ("Unexpected struct type").
    return result === undefined ? undefined : toStruct(result);
  } catch (error) {
    throw describeFailure(kind, method, args, error);
  }
}
