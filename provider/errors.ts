import { AirbyteApiError } from "./api/errors.js";

/** True when the error is Airbyte's 404: the object does not exist (or was deleted). */
export function isNotFound(error: unknown): boolean {
  return AirbyteApiError.isInstance(error) && (error as AirbyteApiError).status === 404;
}

/** Awaits a call whose 404 means the work is already done (deleting what is gone). */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
