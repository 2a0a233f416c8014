// Messages between the engine double and the process that runs the Pulumi program under its mock monitor.
import { PropertyMap } from "./values";

/** A resource registration as the SDK sent it: inputs in wire form (secrets still wrapped), options, dependencies. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
  importId: string;
}

export interface HostStart {
  entry: string;
  project: string;
  stack: string;
  preview: boolean;
}

export type HostMessage =
  | { kind: "register"; seq: number; registration: Registration }
  | { kind: "outputs"; urn: string; outputs: PropertyMap }
  | { kind: "done"; error?: string };

export type EngineReply =
  | { seq: number; urn: string; id: string; outputs: PropertyMap }
  | { seq: number; error: string };
