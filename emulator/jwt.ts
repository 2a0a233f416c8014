// Compact JWT encoding/decoding, and the emulator's own HS256 access tokens.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type JwtParts = { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer };

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Splits and decodes a compact JWT; undefined when it is not one. */
export function decodeJwt(token: string): JwtParts | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], "base64url") };
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  app_displayname?: string;
  idtyp: "app";
  oid: string;
  sub: string;
  roles: string[];
  ver: "1.0";
}

/** Signs and checks the access tokens this emulator issues. The key lives as long as the emulator. */
export class TokenSigner {
  private readonly key = randomBytes(32);

  sign(claims: AccessTokenClaims): string {
    const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid: "entra-mfa-emulator" }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${b64url(this.mac(`${head}.${body}`))}`;
  }

  /** The claims when the token is ours and untampered (expiry is the caller's to judge). */
  verify(token: string): AccessTokenClaims | undefined {
    const jwt = decodeJwt(token);
    if (!jwt || jwt.header.alg !== "HS256") return undefined;
    const expected = this.mac(jwt.signingInput);
    if (expected.length !== jwt.signature.length || !timingSafeEqual(expected, jwt.signature)) return undefined;
    return jwt.payload as unknown as AccessTokenClaims;
  }

  private mac(input: string): Buffer {
    return createHmac("sha256", this.key).update(input).digest();
  }
}
