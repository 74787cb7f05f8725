/**
 * The Airbyte public API v1 client: {@link AirbyteClient}, its error classes, wire schemas, pagination and
 * transport helpers.
 */
export * from "./auth.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./http.js";
export * from "./pagination.js";
export * from "./retry.js";
export * from "./schemas.js";
