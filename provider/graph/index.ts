export * from "./types";
export { createGraphApi, type GraphApi, type GraphApiOptions } from "./api";
export { batchGet, BATCH_LIMIT, type BatchGet, type BatchItemResult } from "./batch";
export { CLOUDS, cloudNamed, type Cloud, type CloudName } from "./clouds";
export {
  ConnectionError,
  resolveConnection,
  type ConfigSource,
  type ConnectionField,
  type ConnectionInput,
  type Credentials,
  type ResolvedConnection,
} from "./connection";
export { credentialFor } from "./credential";
export { withoutCreateMarker } from "./endpoints/conditional-access";
export { GraphRequestError, unlessNotFound, type GraphFailureKind } from "./errors";
export { GraphHttp, type GraphHttpOptions, type GraphMethod, type GraphVersion, type RequestOptions } from "./http";
export type { RetryEvent } from "./middleware";
export { permissionsFor, PERMISSION_RULES } from "./permissions";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { Secret } from "./secret";
