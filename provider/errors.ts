import { NotFoundError } from "./api/errors.js";

/** Awaits a call whose 404 means the work is already done (reading or deleting what is gone). */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}
