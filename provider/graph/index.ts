export * from "./types";
export { createGraphApi, type GraphApi, type GraphApiOptions } from "./api";
export type { BatchGet, BatchItemResult } from "./batch";
export type { Cloud } from "./clouds";
export {
  ConnectionError,
  resolveConnection,
  type ConfigSource,
  type ConnectionField,
  type ConnectionInput,
  type Credentials,
  type ResolvedConnection,
} from "./connection";
export { createMarkOf, handoverMarkOf, markOwner, withHandoverMark, withoutCreateMarker, withoutHandoverMark } from "./endpoints/conditional-access";
export { GraphRequestError, type GraphFailureKind } from "./errors";
export { GraphHttp, type GraphHttpOptions, type GraphMethod, type GraphVersion, type RequestOptions } from "./http";
export type { RetryEvent } from "./middleware";
export type { RetryOptions } from "./retry";
export type { Secret } from "./secret";
