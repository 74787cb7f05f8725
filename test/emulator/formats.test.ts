import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { isoDuration, javaIsoTime } from "../../emulator/jobs.js";
import { formatBytes, formatDuration } from "../../emulator/webhooks.js";
import { call, login, sleep } from "./helpers.js";

describe("formats", () => {
  it("prints times like Java's OffsetDateTime (whole seconds, ':00' dropped)", () => {
    expect(javaIsoTime(Date.UTC(2023, 2, 25, 1, 30, 50, 789))).toBe("2023-03-25T01:30:50Z");
    expect(javaIsoTime(Date.UTC(2023, 2, 25, 1, 30, 0))).toBe("2023-03-25T01:30Z");
  });
  it("prints ISO-8601 durations like java.time.Duration", () => {
    expect(isoDuration(0)).toBe("PT0S");
    expect(isoDuration(3)).toBe("PT3S");
    expect(isoDuration(8 * 3600 + 6 * 60 + 12)).toBe("PT8H6M12S");
    expect(isoDuration(3600)).toBe("PT1H");
  });
  it("formats webhook durations and volumes as the platform does", () => {
    expect(formatDuration(42)).toBe("42 sec");
    expect(formatDuration(125)).toBe("2 min 5 sec");
    expect(formatDuration(3600)).toBe("1 hours 0 min");
    expect(formatDuration(90000)).toBe("1 days 1 hours");
    expect(formatBytes(1000)).toBe("1000 B");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5 GB");
  });
});

describe("job persistence", () => {
  it("resumes an in-flight job after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-jobs-"));
    try {
      const a = await startEmulator({ dataDir: dir, jobDurationMs: 300 });
      const c = await login(a);
      const ws = (await c.post("/workspaces", { name: "w" })).body.workspaceId;
      const s = (
        await c.post("/sources", { name: "f", workspaceId: ws, configuration: { sourceType: "faker" } })
      ).body;
      const d = (
        await c.post("/destinations", {
          name: "d",
          workspaceId: ws,
          configuration: {
            destinationType: "s3",
            s3_bucket_name: "b",
            s3_bucket_path: "p",
            s3_bucket_region: "r",
            format: { format_type: "CSV" },
          },
        })
      ).body;
      const conn = (await c.post("/connections", { sourceId: s.sourceId, destinationId: d.destinationId }))
        .body;
      const job = (await c.post("/jobs", { connectionId: conn.connectionId, jobType: "sync" })).body;
      await a.close();
      const b = await startEmulator({ dataDir: dir, jobDurationMs: 300 });
      await sleep(400);
      const got = await call(b.url, "GET", `/jobs/${job.jobId}`, { token: b.issueToken() });
      expect(got.body.status).toBe("succeeded");
      expect(got.body.rowsSynced).toBe(1000 + 10 + 1000);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
