import { describe, expect, it } from "vitest";
import * as errors from "../../provider/api/errors.js";
import {
  AirbyteAbortError,
  AirbyteApiError,
  AirbyteConnectionError,
  AirbyteError,
  AirbyteTimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  toProblem,
  UnprocessableEntityError,
} from "../../provider/api/errors.js";

const req = { method: "GET", url: "https://api.airbyte.com/v1/sources/abc?x=1" };

const notFound = {
  status: 404,
  type: "https://reference.airbyte.com/reference/errors#resource-not-found",
  title: "resource-not-found",
  detail: "The requested resource could not be found.",
  documentationUrl: null,
  data: null,
};

describe("AirbyteApiError.from", () => {
  it.each([
    [400, BadRequestError, "bad_request"],
    [401, AuthenticationError, "authentication_failed"],
    [403, PermissionDeniedError, "permission_denied"],
    [404, NotFoundError, "not_found"],
    [409, ConflictError, "conflict"],
    [422, UnprocessableEntityError, "unprocessable_entity"],
    [429, RateLimitError, "rate_limited"],
    [500, InternalServerError, "internal_server_error"],
    [503, InternalServerError, "internal_server_error"],
  ] as const)("maps %i to its subclass", (status, cls, code) => {
    const e = AirbyteApiError.from(status, undefined, req);
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(AirbyteApiError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.name).toBe(cls.name);
  });

  it("uses the generic class for other statuses", () => {
    const e = AirbyteApiError.from(418, undefined, req);
    expect(e.constructor).toBe(AirbyteApiError);
    expect(e.code).toBe("api_error");
  });

  it("writes a human message from a problem body, with data.message", () => {
    const e = AirbyteApiError.from(
      422,
      {
        ...notFound,
        status: 422,
        title: "unprocessable-entity",
        detail: "The body of the request was not understood",
        data: { message: "json schema validation failed: $: required property 'host' not found" },
      },
      { method: "POST", url: "https://api.airbyte.com/v1/sources" },
    );
    expect(e.message).toBe(
      "POST /v1/sources failed with 422 unprocessable-entity: The body of the request was not understood " +
        "(json schema validation failed: $: required property 'host' not found)",
    );
    expect(e.problem?.data).toEqual({ message: expect.any(String) });
  });

  it("drops the nulls of a problem body", () => {
    const e = AirbyteApiError.from(404, notFound, req);
    expect(e.message).toBe(
      "GET /v1/sources/abc failed with 404 resource-not-found: The requested resource could not be found.",
    );
    expect(e.problem).toEqual({
      status: 404,
      type: notFound.type,
      title: "resource-not-found",
      detail: "The requested resource could not be found.",
    });
  });

  it("shows structured data without a message compactly", () => {
    const e = AirbyteApiError.from(
      404,
      { ...notFound, data: { resourceType: "source", resourceId: "abc" } },
      req,
    );
    expect(e.message).toContain('({"resourceType":"source","resourceId":"abc"})');
  });

  it("handles {errorId} bodies", () => {
    const e = AirbyteApiError.from(400, { errorId: "e-1" }, req);
    expect(e.problem).toEqual({ errorId: "e-1" });
    expect(e.message).toBe("GET /v1/sources/abc failed with 400 (errorId e-1)");
  });

  it("keeps a short excerpt of a non-JSON body", () => {
    const e = AirbyteApiError.from(502, "<html>Bad Gateway</html>", req);
    expect(e.problem).toBeUndefined();
    expect(e.message).toBe("GET /v1/sources/abc failed with 502: <html>Bad Gateway</html>");
  });

  it("asks to check the credentials on 401, without naming where an application keeps them", () => {
    const e = AirbyteApiError.from(401, { title: "invalid-api-key" }, req);
    expect(e.message).toBe(
      "GET /v1/sources/abc failed with 401 invalid-api-key. " +
        "Check the credentials, and that the server URL points at the right Airbyte instance.",
    );
  });

  it("explains that 403 may mean an unknown id", () => {
    expect(AirbyteApiError.from(403, { title: "forbidden" }, req).message).toMatch(/id does not exist/);
  });

  it("carries the request without secrets and the headers", () => {
    const e = AirbyteApiError.from(429, {}, req, { headers: { "retry-after": "1" } });
    expect(e.request).toEqual(req);
    expect(e.headers).toEqual({ "retry-after": "1" });
    expect(JSON.stringify(e)).not.toMatch(/authorization/i);
  });
});

describe("toProblem", () => {
  it("ignores what is not an object", () => {
    expect(toProblem(undefined)).toBeUndefined();
    expect(toProblem("x")).toBeUndefined();
    expect(toProblem([1])).toBeUndefined();
    expect(toProblem({})).toBeUndefined();
  });

  it("falls back to message for foreign bodies", () => {
    expect(toProblem({ message: "upstream down" })).toEqual({ detail: "upstream down" });
  });
});

describe("codes", () => {
  const classes = Object.values(errors).filter(
    (v): v is typeof AirbyteError => typeof v === "function" && v.prototype instanceof Error,
  );

  it("give each error class a code of its own, which isInstance matches on", () => {
    expect(classes.length).toBeGreaterThanOrEqual(14);
    const codes = classes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are what every instance carries, and the one tag it has", () => {
    const e = AirbyteApiError.from(409, undefined, req);
    expect(e.code).toBe(ConflictError.code);
    expect(e).not.toHaveProperty("kind");
    expect(ConflictError).not.toHaveProperty("kind");
  });
});

describe("isInstance", () => {
  it("matches the class and its ancestors, not siblings", () => {
    const e = AirbyteApiError.from(404, undefined, req);
    expect(AirbyteError.isInstance(e)).toBe(true);
    expect(AirbyteApiError.isInstance(e)).toBe(true);
    expect(NotFoundError.isInstance(e)).toBe(true);
    expect(ConflictError.isInstance(e)).toBe(false);
    expect(AirbyteConnectionError.isInstance(e)).toBe(false);
    expect(AirbyteError.isInstance(new Error("x"))).toBe(false);
    expect(AirbyteError.isInstance(null)).toBe(false);
    expect(AirbyteError.isInstance("NotFoundError")).toBe(false);
  });

  it("recognises errors from another copy of the module", async () => {
    // A query string makes Vite load and evaluate a second, independent copy of the module.
    const specifier = new URL("../../provider/api/errors.ts?second-copy", import.meta.url).href;
    const copy = (await import(
      /* @vite-ignore */ specifier
    )) as typeof import("../../provider/api/errors.js");
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = copy.AirbyteApiError.from(404, undefined, req);
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(NotFoundError.isInstance(foreign)).toBe(true);
    expect(AirbyteApiError.isInstance(foreign)).toBe(true);
    expect(ConflictError.isInstance(foreign)).toBe(false);
  });

  it("keeps the brand out of enumerable properties", () => {
    const e = AirbyteApiError.from(404, notFound, req);
    expect(Object.keys(e)).not.toContain(expect.stringMatching(/brand/i));
    expect(Object.getOwnPropertySymbols(e)).toHaveLength(1);
  });
});

describe("network errors", () => {
  it("wrap the cause and its code", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const e = new AirbyteConnectionError(
      { method: "GET", url: "http://127.0.0.1:1/v1/workspaces" },
      cause,
      "ECONNREFUSED",
    );
    expect(e.cause).toBe(cause);
    expect(e.errorCode).toBe("ECONNREFUSED");
    expect(e.code).toBe("connection_error");
    expect(e.message).toContain("ECONNREFUSED");
    expect(AirbyteError.isInstance(e)).toBe(true);
  });

  it("timeouts say how long", () => {
    const e = new AirbyteTimeoutError({ method: "GET", url: "http://x/v1/streams" }, 1500);
    expect(e.message).toBe("GET http://x/v1/streams timed out after 1500 ms");
    expect(e.code).toBe("timeout");
  });
});

describe("withHint", () => {
  it("appends the hint to the message and the stack's first line, once, keeping the class", () => {
    const e = AirbyteApiError.from(404, notFound, req);
    const before = e.message;
    void e.stack; // formatted now, with the old message
    expect(e.withHint("Try X.")).toBe(e);
    e.withHint("Try Y.");
    expect(e.hint).toBe("Try X.");
    expect(e.message).toBe(`${before} Try X.`);
    expect(e.stack?.split("\n")[0]).toBe(`NotFoundError: ${before} Try X.`);
    expect(NotFoundError.isInstance(e)).toBe(true);
    expect(e.status).toBe(404);
  });

  it("ignores an empty hint", () => {
    const e = new AirbyteTimeoutError(req, 10);
    expect(e.withHint(" ").message).toBe(`GET ${req.url} timed out after 10 ms`);
    expect(e.hint).toBeUndefined();
  });
});

describe("AirbyteAbortError", () => {
  it("keeps the signal's reason as its cause", () => {
    const reason = new DOMException("stop", "AbortError");
    const e = new AirbyteAbortError(req, reason);
    expect(e.cause).toBe(reason);
    expect(e.code).toBe("aborted");
    expect(e.message).toBe(`GET ${req.url} was aborted`);
    expect(AirbyteError.isInstance(e)).toBe(true);
  });
});
