import { describe, expect, it, vi } from "vitest";
import type { AirbyteClient } from "../../provider/api/client.js";
import type { Job } from "../../provider/api/schemas.js";
import { waitFor } from "../../provider/job.js";

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
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const done = await waitFor(client, job("pending"), 10_000, 1);
    expect(done.status).toBe("succeeded");
    expect(get).toHaveBeenCalledTimes(5);
    expect(log.mock.calls.map((c) => String(c[0]))).toContain("Airbyte sync job 7: incomplete, 10 rows");
    log.mockRestore();
  });

  it("cancels the job when the timeout passes, and says so", async () => {
    const { cancel, client } = fakeJobs(Array(1000).fill("running"));
    vi.spyOn(console, "log").mockImplementation(() => {});
    await expect(waitFor(client, job("running"), 50, 5)).rejects.toThrow(
      /did not finish within 0 s[\s\S]*it was cancelled/,
    );
    expect(cancel).toHaveBeenCalledWith(7);
    vi.restoreAllMocks();
  });
});
