/**
 * api.yaml (the project's copy, `data/api.yaml`) as a validator, with openapi-backend:
 * which operation a request is, whether a request or a response matches its schemas, which
 * statuses an operation documents, and which emulator route serves it.
 *
 * The spec has two dangling `$ref`s (NOTES.md §11): `DataplaneCreateResponseBody` and
 * `#/components/responses/ForbiddenResponse`. They are patched here, in memory, never in the file:
 * the first as config.yaml defines it, the second as a bare description. Two `required` lists that
 * name a property the schema does not have (NOTES.md §1 and §10, spec bugs the server does not
 * share) are corrected the same way: the token request's `grant_type` (the property is `grant-type`,
 * optional) and the declarative definition's `workspaceId` (it is in the path).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { OpenAPIBackend, type Operation } from "openapi-backend";
import { parse as parseYaml } from "yaml";
import { API_ROUTES } from "../../emulator/api-routes.js";
import type { Route } from "../../emulator/route-contract.js";

/** The project's copy of api.yaml. */
export const API_YAML = resolve(import.meta.dirname, "../../data/api.yaml");

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** One operation of api.yaml. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path with `{name}` parameters, as api.yaml spells it. */
  path: string;
  /** The statuses its responses document. */
  statuses: number[];
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is untyped YAML, patched in place.
type Doc = any;

/** api.yaml, parsed, with its two dangling references patched. */
export function loadSpec(): Doc {
  const doc: Doc = parseYaml(readFileSync(API_YAML, "utf8"));
  doc.components.schemas.DataplaneCreateResponseBody ??= {
    type: "object",
    required: ["dataplaneId", "regionId", "clientId", "clientSecret"],
    properties: {
      dataplaneId: { type: "string", format: "uuid" },
      regionId: { type: "string", format: "uuid" },
      clientId: { type: "string" },
      clientSecret: { type: "string" },
    },
  };
  doc.components.responses ??= {};
  doc.components.responses.ForbiddenResponse ??= { description: "Forbidden" };
  const dropRequired = (schema: string, name: string) => {
    const s = doc.components.schemas[schema];
    s.required = (s.required as string[]).filter((r) => r !== name);
  };
  dropRequired("ApplicationTokenRequestWithGrant", "grant_type");
  dropRequired("CreateDeclarativeSourceDefinitionRequest", "workspaceId");
  return doc;
}

/** Every operation of api.yaml, in file order. */
export function specOperations(doc: Doc = loadSpec()): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Doc>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        statuses: Object.keys(op.responses ?? {}).map(Number),
      });
    }
  }
  return out;
}

/** The emulator route serving an operation (its path with `:name` for `{name}`), if any. */
export function routeOf(op: Pick<SpecOperation, "method" | "path">): Route | undefined {
  const pattern = op.path.replaceAll(/\{([^}]+)\}/g, ":$1");
  const shape = (p: string) => p.replaceAll(/:[^/]+/g, ":");
  return API_ROUTES.find((r) => r.method === op.method && shape(r.pattern) === shape(pattern));
}

/** A request as openapi-backend takes it. */
export interface SpecRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The validator: api.yaml through openapi-backend, with the formats it uses. */
export class SpecValidator {
  private constructor(private readonly api: OpenAPIBackend) {}

  /** Loads the patched spec; formats (uuid, email, uri, date-time, int32/int64, `UUID`) are checked. */
  static async create(): Promise<SpecValidator> {
    const api = new OpenAPIBackend({
      definition: loadSpec(),
      // quick: the document is OpenAPI 3.1, which openapi-backend's document check (3.0) rejects;
      // it is dereferenced and its operations' schemas compiled all the same.
      quick: true,
      strict: true,
      validate: true,
      customizeAjv: (ajv: Ajv) => {
        addFormats.default(ajv);
        // `set` marks arrays whose order does not count; there is nothing to check in a format.
        ajv.addFormat("set", true);
        // api.yaml spells the format `UUID` in places; it means the same.
        ajv.addFormat("UUID", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
        return ajv;
      },
    });
    await api.init();
    return new SpecValidator(api);
  }

  /** The operation a request is, by method and path. */
  operationOf(method: string, path: string): Operation | undefined {
    return this.api.router.matchOperation({ method: method.toLowerCase(), path, headers: {} });
  }

  /** Problems of a request against its operation's parameters and body schema; [] when it matches. */
  requestErrors(req: SpecRequest): string[] {
    const op = this.operationOf(req.method, req.path);
    if (!op) return [`${req.method} ${req.path}: no operation of api.yaml`];
    const headers = { "content-type": "application/json", ...req.headers };
    const r = this.api.validateRequest({ ...req, method: req.method.toLowerCase(), headers }, op);
    return (r.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
  }

  /**
   * Problems of a response body against the schema api.yaml gives the status; [] when it matches,
   * or when the status documents no body.
   */
  responseErrors(operationId: string, status: number, body: unknown): string[] {
    const r = this.api.validateResponse(body, operationId, status);
    return (r.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
  }

  /** The dereferenced request body schema of an operation, if it takes a JSON body. */
  requestSchema(operationId: string): Doc | undefined {
    const op = this.api.getOperation(operationId);
    return (op?.requestBody as Doc)?.content?.["application/json"]?.schema;
  }

  /** The dereferenced parameters of an operation (path-level ones included). */
  parameters(operationId: string): Doc[] {
    return (this.api.getOperation(operationId)?.parameters ?? []) as Doc[];
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an error body of either kind the server sends: a problem, or a framework `{errorId}`. */
export function isErrorBody(status: number, body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  if (Object.keys(b).length === 1 && typeof b.errorId === "string") return UUID_RE.test(b.errorId);
  return (
    b.status === status &&
    typeof b.type === "string" &&
    typeof b.title === "string" &&
    typeof b.detail === "string" &&
    "documentationUrl" in b &&
    "data" in b
  );
}
