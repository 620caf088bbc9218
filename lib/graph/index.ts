/**
 * The one Microsoft Graph boundary of the app: a private transport (auth,
 * retry, batching, error mapping), typed verbs, mappers and one error type.
 */
export { createGraphClient } from "./transport";
export type { GraphClient, GraphClientOptions, GraphRequestInfo, TokenRequestOptions } from "./transport";
export { readAuthChallenge } from "./challenge";

export { planBatchChunks, BatchPlanError } from "./batch";
export type { BatchItem, BatchItemResult } from "./batch";

export {
  GraphError,
  GRAPH_ERROR_CODES,
  describeGraphError,
  formatGraphError,
  graphErrorFromResponse,
  isGraphError,
  isSignInExpired,
  networkGraphError,
} from "./errors";
export type { GraphErrorInit } from "./errors";

export { backoffDelayMs, isReplicationLag, parseRetryAfterMs, retryReason } from "./retry";
export { calls } from "./calls";
export { reportCalls, mapServicePrincipalSignInActivity, mapSignInEvent } from "./report-calls";
export { directoryCalls } from "./directory-calls";
export { auditCalls, mapDirectoryAudit, AUDIT_ACTIVITIES, type DirectoryAudit } from "./audit-calls";

export { createGraphVerbs, readBatchItem, runCall, runPaged, toBatchItem, withRestOfPages } from "./verbs";
export type { GraphVerbs, PreparedBatchItem } from "./verbs";

export {
  WireShapeError,
  mapAppRoleAssignment,
  mapApplication,
  mapDirectoryObject,
  mapDirectoryRole,
  mapFederatedCredential,
  mapOrganization,
  mapPage,
  mapServicePrincipal,
  toApplicationWire,
  toFederatedCredentialWire,
} from "./mappers";

export type * from "./types";
