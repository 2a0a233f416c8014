import { inspect } from "node:util";

const REDACTED = "[secret]";

/**
 * A credential value that cannot leak by accident: string conversion, JSON, and `console.log`
 * all print `[secret]`. Only `reveal()` gives the value, at the one place that hands it to @azure/identity.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Replaces every occurrence of the given secrets in a text (e.g. an identity-platform message). */
export function scrub(text: string, secrets: readonly (Secret | undefined)[]): string {
  return secrets.reduce<string>((out, s) => {
    const v = s?.reveal();
    return v && v.length >= 4 ? out.split(v).join(REDACTED) : out;
  }, text);
}
