// beta users/{id | userPrincipalName}/authentication/requirements (per-user MFA, graph.md §4) and
// …/authentication/signInPreferences (system-preferred MFA per user, graph.md §3).
import type { Route, RouteContext } from "../router";
import type { GraphObject } from "../model";
import { json, noContent } from "../exchange";
import { badRequest, notFound } from "../errors";
import { contextUrl } from "../paging";
import { readBody, rejectUnknown } from "./body";

const REQUIREMENTS = "/users/{id}/authentication/requirements";
const SIGN_IN_PREFERENCES = "/users/{id}/authentication/signInPreferences";
const MFA_STATES = ["disabled", "enabled", "enforced"];
const METHODS = ["push", "oath", "voiceMobile", "voiceAlternateMobile", "voiceOffice", "sms", "none", "unknownFutureValue"];
const throttle = { kind: "directory", units: 1 } as const;
const beta = ["beta"] as const;

function userId(ctx: RouteContext): string {
  const user = ctx.tenant.user(ctx.params.id);
  if (!user) throw notFound(ctx.params.id);
  return String(user.id);
}

const cannotConvert = (value: unknown, type: string) =>
  badRequest(`Cannot convert the literal '${String(value)}' to the expected type '${type}'.`);

/** A strong method in the registration report: what turns per-user `enabled` into `enforced`. */
function hasRegisteredMfa(ctx: RouteContext, id: string): boolean {
  const details = ctx.tenant.registrationDetails.find((d) => String(d.id).toLowerCase() === id.toLowerCase());
  return details?.isMfaRegistered === true;
}

/** Stored preferences, else what the registration report says, else Entra's defaults. */
function preferencesOf(ctx: RouteContext, id: string): GraphObject {
  const details = ctx.tenant.registrationDetails.find((d) => String(d.id).toLowerCase() === id.toLowerCase());
  return {
    isSystemPreferredAuthenticationMethodEnabled: details?.isSystemPreferredAuthenticationMethodEnabled ?? false,
    userPreferredMethodForSecondaryAuthentication: details?.userPreferredMethodForSecondaryAuthentication ?? null,
    ...ctx.tenant.signInPreferences[id],
  };
}

export const userAuthenticationRoutes: Route[] = [
  {
    method: "GET",
    pattern: REQUIREMENTS,
    versions: beta,
    operation: "perUserMfaRead",
    throttle,
    handle: (ctx) =>
      json(200, {
        "@odata.context": contextUrl(ctx.req, `users('${ctx.params.id}')/authentication/requirements/$entity`),
        perUserMfaState: ctx.tenant.perUserMfa[userId(ctx)] ?? "disabled",
      }),
  },
  {
    method: "PATCH",
    pattern: REQUIREMENTS,
    versions: beta,
    operation: "perUserMfaWrite",
    throttle,
    handle: (ctx) => {
      const id = userId(ctx);
      const body = readBody(ctx.req);
      rejectUnknown(body, ["perUserMfaState"], "strongAuthenticationRequirements");
      const state = body.perUserMfaState;
      if (typeof state !== "string" || !MFA_STATES.includes(state)) throw cannotConvert(state, "microsoft.graph.perUserMfaState");
      // "When you update a user's MFA state to enabled and the user has already registered an MFA method, their
      // state changes automatically to enforced" (strongAuthenticationRequirements resource, beta).
      ctx.tenant.perUserMfa[id] = state === "enabled" && hasRegisteredMfa(ctx, id) ? "enforced" : (state as "disabled" | "enabled" | "enforced");
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: SIGN_IN_PREFERENCES,
    versions: beta,
    operation: "signInPreferencesRead",
    throttle,
    handle: (ctx) =>
      json(200, {
        "@odata.context": contextUrl(ctx.req, `users('${ctx.params.id}')/authentication/signInPreferences`),
        ...preferencesOf(ctx, userId(ctx)),
      }),
  },
  {
    method: "PATCH",
    pattern: SIGN_IN_PREFERENCES,
    versions: beta,
    operation: "signInPreferencesWrite",
    throttle,
    handle: (ctx) => {
      const id = userId(ctx);
      const body = readBody(ctx.req);
      rejectUnknown(body, ["isSystemPreferredAuthenticationMethodEnabled", "userPreferredMethodForSecondaryAuthentication"], "signInPreferences");
      const enabled = body.isSystemPreferredAuthenticationMethodEnabled;
      if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") throw cannotConvert(enabled, "Edm.Boolean");
      const method = body.userPreferredMethodForSecondaryAuthentication;
      if (method !== undefined && method !== null && !METHODS.includes(String(method))) throw cannotConvert(method, "microsoft.graph.userDefaultAuthenticationMethodType");
      ctx.tenant.signInPreferences[id] = { ...preferencesOf(ctx, id), ...body };
      return noContent();
    },
  },
];
