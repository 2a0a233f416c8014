// Graph's bearer-token check: the caller's tenant and application permissions come from the token alone.
import type { EmulatorState } from "./state";
import { GraphFailure, unauthenticated } from "./errors";
import { decodeJwt } from "./jwt";
import { isGraphAudience } from "./identity";

export interface Caller {
  tenantId: string;
  appId: string;
  roles: string[];
}

export const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function authenticateCaller(state: EmulatorState, authorization: string | undefined): Caller | GraphFailure {
  const token = /^Bearer\s+(.*)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (!token) return unauthenticated("Access token is empty.");
  if (!decodeJwt(token)) return unauthenticated("CompactToken parsing failed with error code: 80049217");
  const claims = state.signer.verify(token);
  if (!claims) return unauthenticated("Access token validation failure.");
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) return unauthenticated("Access token has expired.");
  if (!isGraphAudience(claims.aud) || !state.tenant(claims.tid)) return unauthenticated("Access token validation failure. Invalid audience.");
  return { tenantId: claims.tid, appId: claims.appid, roles: claims.roles ?? [] };
}
