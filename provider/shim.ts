import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds whose providers the shim forwards to (see provider/handlers/index.ts). */
export type ResourceKind = "SecurityDefaultsOff" | "ManagedMfaPolicy" | "SystemPreferredMfa";

// This is the only code Pulumi serializes into state (`__provider`). It captures nothing but `kind`, and loads the
// installed implementation by package name on every call, so:
// - upgrading the library changes no `__provider` text, hence no spurious `~__provider` diffs;
// - refresh and destroy run the installed code, not a stale copy frozen in state;
// - no Graph client, credential or secret can end up in the closure.
// `require` is called inside each method on purpose: a module captured at the top would be serialized by value.
function shim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      require("pulumi-entra-mfa/handlers").configure(req.config);
    },
    async check(olds, news) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "check", olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "diff", id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "create", inputs);
    },
    async read(id, props) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "read", id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "update", id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-entra-mfa/handlers").handle(kind, "delete", id, props);
    },
  };
}

const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** One provider object per kind, so the SDK's per-object serialization cache is hit for every resource of a kind. */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = shims.get(kind);
  if (!provider) {
    provider = shim(kind);
    shims.set(kind, provider);
  }
  return provider;
}
