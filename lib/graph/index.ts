/**
 * The one Microsoft Graph boundary of the app: a private transport (auth,
 * retry, batching, error mapping), typed verbs, mappers and one error type.
 */
export { createGraphClient, newClientRequestId } from "./transport";
export type { GraphClient, GraphClientOptions, GraphClientStats, GraphRequest, GraphRequestInfo, GraphResponse, TokenRequestOptions } from "./transport";
export { readAuthChallenge, type AuthChallenge } from "./challenge";

export { executeBatch, planBatchChunks, BatchPlanError, MAX_BATCH_SIZE } from "./batch";
export type { BatchItem, BatchItemResult, BatchResult } from "./batch";

export {
  GraphError,
  GRAPH_ERROR_CODES,
  describeGraphError,
  formatGraphError,
  graphErrorFromResponse,
  isGraphError,
  isSignInExpired,
  networkGraphError,
  signInExpiredError,
} from "./errors";
export type { GraphErrorAudience, GraphErrorDescription, GraphErrorInit } from "./errors";

export {
  DEFAULT_RETRY,
  backoffDelayMs,
  isReplicationLag,
  isTransientStatus,
  maxAttemptsFor,
  parseRetryAfterMs,
  resolveRetryPolicy,
  retryDelayMs,
  retryReason,
} from "./retry";
export type { RetryOptions, RetryPolicy, RetryReason } from "./retry";

export { calls, SELECT, directoryObjectRef, odataString, queryString } from "./calls";
export type { CallOptions, GraphAnswer, GraphCall } from "./calls";

export { reportCalls, reportWire, mapServicePrincipalSignInActivity, mapSignInEvent, RECENT_SIGN_INS } from "./report-calls";
export { directoryCalls, ROLE_MEMBER_SELECT } from "./directory-calls";
export { auditCalls, auditWire, mapDirectoryAudit, AUDIT_ACTIVITIES, AUDIT_PAGE_SIZE, type DirectoryAudit } from "./audit-calls";

export { createGraphVerbs, readBatchItem, runCall, runPaged, toBatchItem, readAnswer, withRestOfPages } from "./verbs";
export type { GraphVerbs, PreparedBatchItem, UserLookup } from "./verbs";

export {
  WireShapeError,
  mapAppRole,
  mapAppRoleAssignment,
  mapApplication,
  mapDirectoryObject,
  mapDirectoryRole,
  mapFederatedCredential,
  mapMe,
  mapOrganization,
  mapPage,
  mapServicePrincipal,
  mapUser,
  toApplicationWire,
  toFederatedCredentialWire,
  wire,
} from "./mappers";

export type * from "./types";
