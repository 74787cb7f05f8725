import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import type { Job } from "../../provider/api/index.js";
import { waitFor } from "../../provider/job.js";
import { type Logger, setLogger } from "../../provider/logger.js";

/** What the provider logged during the test, by level; nothing reaches the console. */
const logged: { info: string[]; warn: string[]; debug: string[] } = { info: [], warn: [], debug: [] };
let previous: Logger;
beforeEach(() => {
  for (const lines of Object.values(logged)) lines.length = 0;
  previous = setLogger({
    info: (m) => logged.info.push(m),
    warn: (m) => logged.warn.push(m),
    debug: (m) => logged.debug.push(m),
  });
});
afterEach(() => {
  setLogger(previous);
});

const job = (status: string, extra: Partial<Job> = {}): Job => ({
  jobId: 7,
  status,
  jobType: "sync",
  connectionId: "c0655b08-1511-4e72-b7da-24c5d54de532",
  startTime: "2026-11-29T01:00:00Z",
  ...extra,
});

function fakeJobs(statuses: string[]) {
  const get = vi.fn(async () => job(statuses.shift() ?? "succeeded", { rowsSynced: 10 }));
  const cancel = vi.fn(async () => job("cancelled"));
  return { get, cancel, client: { jobs: { get, cancel } } as unknown as Pick<AirbyteClient, "jobs"> };
}

describe("waiting for a job", () => {
  it("treats statuses it does not know (queued) and incomplete as still running", async () => {
    const { get, client } = fakeJobs(["queued", "running", "incomplete", "some-future-status", "succeeded"]);
    const consoleLog = vi.spyOn(console, "log");
    const done = await waitFor(client, job("pending"), 10_000, 1);
    expect(done.status).toBe("succeeded");
    expect(get).toHaveBeenCalledTimes(5);
    expect(logged.info).toContain("Airbyte sync job 7: incomplete, 10 rows");
    expect(logged.info.at(-1)).toBe("Airbyte sync job 7: succeeded, 10 rows");
    // Progress goes through the provider's logger only.
    expect(consoleLog).not.toHaveBeenCalled();
    consoleLog.mockRestore();
  });

  it("cancels the job when the timeout passes, and says so", async () => {
    const { cancel, client } = fakeJobs(Array(1000).fill("running"));
    await expect(waitFor(client, job("running"), 50, 5)).rejects.toThrow(
      /did not finish within 0 s[\s\S]*it was cancelled/,
    );
    expect(cancel).toHaveBeenCalledWith(7);
  });
});
