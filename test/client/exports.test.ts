/**
 * Pins the public surface of provider/api: removing or renaming an export is a breaking change, and adding
 * one is a promise. The wiring behind the API groups stays out of it.
 */
import { expect, it } from "vitest";
import * as api from "../../provider/api/index.js";

it("exports exactly the documented runtime names", () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "AirbyteAbortError",
      "AirbyteApiError",
      "AirbyteClient",
      "AirbyteConnectionError",
      "AirbyteError",
      "AirbyteResponseValidationError",
      "AirbyteTimeoutError",
      "AuthenticationError",
      "BadRequestError",
      "CONNECTION_SYNC_MODES",
      "ConfigurationSchema",
      "ConflictError",
      "ConnectionScheduleSchema",
      "ConnectionSchema",
      "ConnectorDefinitionSchema",
      "DEFAULT_BACKOFF",
      "DEFAULT_PAGE_SIZE",
      "DestinationSchema",
      "IN_FLIGHT_ERROR_CODES",
      "InternalServerError",
      "JobSchema",
      "MAX_PAGE_SIZE",
      "MAX_REFRESH_MARGIN_MS",
      "MAX_RETRY_AFTER_MS",
      "NOTIFICATION_KINDS",
      "NotFoundError",
      "NotificationConfigSchema",
      "NotificationsSchema",
      "OrganizationSchema",
      "PRE_SEND_ERROR_CODES",
      "PageSchema",
      "PermissionDeniedError",
      "RETRYABLE_STATUSES",
      "RateLimitError",
      "ResourceRequirementsSchema",
      "ScopedResourceRequirementsSchema",
      "SourceSchema",
      "StreamConfigurationSchema",
      "StreamMapperSchema",
      "StreamPropertiesListSchema",
      "StreamPropertiesSchema",
      "TRANSPORT_DEFAULTS",
      "TagSchema",
      "TokenCache",
      "TokenResponseSchema",
      "Transport",
      "UnprocessableEntityError",
      "WorkspaceSchema",
      "backoffDelay",
      "buildUrl",
      "closeSharedDispatcher",
      "collect",
      "defaultTokenCache",
      "encodePath",
      "formatApiErrorMessage",
      "ignoreNotFound",
      "isClientCredentials",
      "isIdempotent",
      "isLastPage",
      "isLoopback",
      "isRetryable",
      "networkErrorCode",
      "packageVersion",
      "paginate",
      "parseRetryAfter",
      "redactUrl",
      "refreshMarginMs",
      "retryDelay",
      "sharedDispatcher",
      "toProblem",
      "trimServerUrl",
    ]
  `);
});

it("keeps the wiring of the API groups out", () => {
  for (const internal of [
    "ApiResource",
    "workspacesApi",
    "actorsApi",
    "createAuthenticator",
    "requestToken",
  ]) {
    expect(api).not.toHaveProperty(internal);
  }
});
