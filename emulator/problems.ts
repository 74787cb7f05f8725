/**
 * Airbyte "problem" responses (RFC 9457 bodies) and the framework-level `{errorId}` errors.
 *
 * Titles, types and default details mirror the platform's problem catalogue so that clients
 * written against the emulator parse real server errors the same way.
 */
import { randomUUID } from "node:crypto";

/** The constant part of one problem kind. */
interface ProblemKind {
  /** HTTP status. */
  status: number;
  /** Problem `type` (a URL or an `error:` URN). */
  type: string;
  /** Problem `title`. */
  title: string;
  /** Default `detail`. */
  detail: string;
}

const ERRORS = "https://reference.airbyte.com/reference/errors";

/** Problem kinds the emulator raises, keyed by a short name. */
const PROBLEMS = {
  badRequest: {
    status: 400,
    type: `${ERRORS}#bad-request`,
    title: "bad-request",
    detail: "The request could not be understood by the server due to malformed syntax.",
  },
  valueNotFound: {
    status: 400,
    type: ERRORS,
    title: "value-not-found",
    detail: "The submitted value could not be found.",
  },
  invalidApiKey: {
    status: 401,
    type: `${ERRORS}#invalid-api-key`,
    title: "invalid-api-key",
    detail: "The API key in the Authorization header is invalid.",
  },
  forbidden: {
    status: 403,
    type: `${ERRORS}#forbidden`,
    title: "forbidden",
    detail: "The request is forbidden.",
  },
  resourceNotFound: {
    status: 404,
    type: `${ERRORS}#resource-not-found`,
    title: "resource-not-found",
    detail: "The requested resource could not be found.",
  },
  stateConflict: {
    status: 409,
    type: `${ERRORS}#409-state-conflict`,
    title: "state-conflict",
    detail: "State conflict",
  },
  tryAgainLater: {
    status: 409,
    type: `${ERRORS}#try-again-later`,
    title: "try-again-later",
    detail: "Please try again later.",
  },
  connectionLocked: {
    status: 409,
    type: "error:connection/locked",
    title: "Connection is locked",
    detail: "The connection is locked and cannot be modified.",
  },
  unprocessableEntity: {
    status: 422,
    type: `${ERRORS}#unprocessable-entity`,
    title: "unprocessable-entity",
    detail: "The body of the request was not understood",
  },
  notImplemented: {
    status: 501,
    type: "error:implementation/not-implemented-in-oss",
    title: "API not implemented in Airbyte OSS",
    detail: "The requested API isn't implemented in the Airbyte OSS version.",
  },
  groupAlreadyExists: {
    status: 409,
    type: "error:group-already-exists",
    title: "Group already exists",
    detail: "A group with this name already exists in this organization.",
  },
  groupMemberAlreadyExists: {
    status: 409,
    type: "error:group-member-already-exists",
    title: "Group member already exists",
    detail: "This user is already a member of this group.",
  },
  groupPermissionAlreadyExists: {
    status: 409,
    type: "error:group-permission-already-exists",
    title: "Group permission already exists",
    detail: "An equivalent permission already exists for this group.",
  },
  regionNameAlreadyExists: {
    status: 409,
    type: "error:dataplane-group-name-already-exists",
    title: "Data plane group name already exists",
    detail: "A data plane group with this name already exists for this organization.",
  },
  dataplaneNameAlreadyExists: {
    status: 409,
    type: "error:dataplane-name-already-exists",
    title: "Data plane name already exists",
    detail: "A data plane with this name already exists for the data plane group.",
  },
  cronInvalidExpression: {
    status: 400,
    type: "error:cron-validation/invalid-expression",
    title: "Invalid cron expression",
    detail: "The cron expression is invalid",
  },
  cronUnderOneHour: {
    status: 400,
    type: "error:cron-validation/under-one-hour-not-allowed",
    title: "Cron sync schedules more frequent than once per hour are not allowed",
    detail: "Syncs",
  },
  tagAlreadyExists: {
    status: 409,
    type: "error:tag-already-exists",
    title: "Tag already exists",
    detail: "A tag with this name already exists in this workspace.",
  },
  tagInvalidHexColor: {
    status: 400,
    type: "error:tag-invalid-hex-color",
    title: "Invalid hex color",
    detail: "The hex color provided is invalid.",
  },
  tagNameTooLong: {
    status: 400,
    type: "error:tag-name-too-long",
    title: "Tag name too long",
    detail: "The tag name can be maximum 30 characters.",
  },
  tagLimitReached: {
    status: 400,
    type: "error:tag-limit-for-workspace-reached",
    title: "Tag limit for workspace reached",
    detail: "The workspace has reached the maximum number of tags.",
  },
  notificationMissingUrl: {
    status: 400,
    type: "error:notification/config/missing-url",
    title: "Notification missing URL",
    detail: "The notification is missing a URL.",
  },
} as const satisfies Record<string, ProblemKind>;

/** Name of a problem kind in {@link PROBLEMS}. */
export type ProblemName = keyof typeof PROBLEMS;

/** The serialised problem body; null fields are kept, as the real server's mapper does. */
export interface ProblemBody {
  status: number;
  type: string;
  title: string;
  detail: string;
  documentationUrl: null;
  data: Record<string, unknown> | null;
}

/** Thrown by route handlers to answer with a problem body. */
export class ApiProblem extends Error {
  /** HTTP status of the response. */
  readonly status: number;
  /** The response body. */
  readonly body: ProblemBody;

  /** @param detail - Replaces the kind's default detail, where the server sets its own. */
  constructor(kind: ProblemName, data: Record<string, unknown> | null = null, detail?: string) {
    const p: ProblemKind = PROBLEMS[kind];
    super(`${p.title}${data && typeof data.message === "string" ? `: ${data.message}` : ""}`);
    this.status = p.status;
    this.body = {
      status: p.status,
      type: p.type,
      title: p.title,
      detail: detail ?? p.detail,
      documentationUrl: null,
      data,
    };
  }
}

/**
 * Thrown for framework-level failures (malformed JSON, bean validation), which the real server
 * answers with only an opaque `{errorId}` rather than a problem.
 */
export class ErrorIdError extends Error {
  /** HTTP status of the response. */
  readonly status: number;
  /** Random id, as the real server logs one per failure. */
  readonly errorId: string;

  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
    this.errorId = randomUUID();
  }
}

/** 400 bad-request with `data.message`. */
export function badRequest(message: string): ApiProblem {
  return new ApiProblem("badRequest", { message });
}

/** 404 resource-not-found for the given resource type and id. */
export function notFound(resourceType: string, resourceId: string): ApiProblem {
  return new ApiProblem("resourceNotFound", { resourceType, resourceId });
}

/** 422 unprocessable-entity with `data.message`. */
export function unprocessable(message: string): ApiProblem {
  return new ApiProblem("unprocessableEntity", { message });
}
