/**
 * Sync notifications: the Slack-style `{text, blocks, data}` body the platform's webhook client
 * posts when a sync succeeds or fails, sent to the workspace's enabled webhook URLs; and the
 * sending and Slack helpers the schema-change notifications (`schema-changes.ts`) share.
 */
import { javaIsoTime } from "./jobs.js";
import type { JobRecord, State } from "./store.js";

/** Human duration as the platform formats it. */
export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d} days ${h} hours`;
  if (h > 0) return `${h} hours ${m} min`;
  if (m > 0) return `${m} min ${s} sec`;
  return `${s} sec`;
}

/** Byte volume stepping through B, kB, MB, GB, TB by 1024. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(2))} ${units[i]}`;
}

/** A Slack `mrkdwn` text object. */
export function mrkdwn(text: string): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text };
}

function escapeLinkText(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A Slack link, `<url|text>`, its text escaped. */
export function link(url: string, text: string): string {
  return `<${url}|${escapeLinkText(text)}>`;
}

/** The notification body for a finished sync job, or undefined when the job's records are gone. */
function syncNotification(
  state: State,
  job: JobRecord,
  webappUrl: string,
): ({ text: string } & Record<string, unknown>) | undefined {
  const conn = state.connections[job.connectionId];
  const ws = state.workspaces[job.workspaceId];
  if (!conn || !ws) return undefined;
  const source = state.sources[conn.sourceId];
  const destination = state.destinations[conn.destinationId];
  const wsUrl = `${webappUrl}/workspaces/${ws.workspaceId}`;
  const connUrl = `${wsUrl}/connections/${conn.connectionId}`;
  const srcUrl = `${wsUrl}/source/${conn.sourceId}`;
  const dstUrl = `${wsUrl}/destination/${conn.destinationId}`;
  const srcName = source?.name ?? "";
  const dstName = destination?.name ?? "";
  const success = job.status === "succeeded";
  const seconds = Math.round((job.updatedAt - job.createdAt) / 1000);
  const duration = formatDuration(seconds);
  const errorMessage = success ? null : (job.failureReason ?? "Something went wrong in the connector.");
  const errorType = success ? null : "system_error";
  const errorOrigin = success ? null : "source";
  const bytes = formatBytes(job.bytes);

  const text = success
    ? `Your connection ${conn.name} from ${srcName} to ${dstName} succeeded\nThis was for null\n\nYou can access its logs here: ${connUrl}\n\nJob ID: ${job.jobId}`
    : `Your connection ${conn.name} from ${srcName} to ${dstName} just failed...\nThis happened with ${errorMessage}\n\nYou can access its logs here: ${connUrl}\n\nJob ID: ${job.jobId}`;
  const blocks: unknown[] = [
    {
      type: "section",
      text: mrkdwn(`${success ? "Sync completed" : "Sync failure occurred"}: ${link(connUrl, conn.name)}`),
    },
    {
      type: "section",
      fields: [
        mrkdwn("*Source:*"),
        mrkdwn(link(srcUrl, srcName)),
        mrkdwn("*Destination:*"),
        mrkdwn(link(dstUrl, dstName)),
        mrkdwn("*Duration:*"),
        mrkdwn(duration),
      ],
    },
  ];
  if (!success) {
    blocks.push({
      type: "section",
      text: mrkdwn(`*Failure reason:*\n\n\`\`\`\n[${errorType}] ${errorMessage}\n\`\`\`\n`),
    });
  }
  blocks.push({
    type: "section",
    text: mrkdwn(
      `*Sync Summary:*\n${job.rows} record(s) extracted / ${job.rows} record(s) loaded\n${bytes} extracted / ${bytes} loaded\n`,
    ),
  });
  return {
    text,
    blocks,
    data: {
      workspace: { id: ws.workspaceId, name: ws.name, url: wsUrl },
      connection: { id: conn.connectionId, name: conn.name, url: connUrl },
      source: { id: conn.sourceId, name: srcName, url: srcUrl },
      destination: { id: conn.destinationId, name: dstName, url: dstUrl },
      jobId: job.jobId,
      startedAt: javaIsoTime(job.createdAt),
      finishedAt: javaIsoTime(job.updatedAt),
      bytesEmitted: job.bytes,
      bytesCommitted: job.bytes,
      recordsEmitted: job.rows,
      recordsCommitted: job.rows,
      recordsFilteredOut: 0,
      bytesFilteredOut: 0,
      errorMessage,
      errorType,
      errorOrigin,
      bytesEmittedFormatted: bytes,
      bytesCommittedFormatted: bytes,
      success,
      durationInSeconds: seconds,
      durationFormatted: duration,
    },
  };
}

/**
 * Posts the notification of a finished sync to the workspace's enabled webhook. Never throws:
 * a receiver that is down is logged, as the platform logs and moves on.
 */
export async function notifySync(
  state: State,
  job: JobRecord,
  webappUrl: string,
  log: (line: string) => void,
): Promise<void> {
  if (job.jobType !== "sync" || (job.status !== "succeeded" && job.status !== "failed")) return;
  const ws = state.workspaces[job.workspaceId];
  const item = ws?.notifications[job.status === "succeeded" ? "success" : "failure"];
  if (!item?.webhook || !item.url) return;
  const payload = syncNotification(state, job, webappUrl);
  if (!payload) return;
  await postWebhook(item.url, payload, log, `job ${job.jobId}`);
}

/**
 * Posts a notification to a webhook URL as the platform's webhook client does (only `{text}` to
 * Google Chat). Never throws: a receiver that is down is logged, as the platform logs and moves on.
 */
export async function postWebhook(
  url: string,
  payload: { text: string } & Record<string, unknown>,
  log: (line: string) => void,
  what: string,
): Promise<void> {
  try {
    const body = new URL(url).hostname === "chat.googleapis.com" ? { text: payload.text } : payload;
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    log(`webhook for ${what} -> ${url}: ${res.status}`);
  } catch (e) {
    log(`webhook for ${what} -> ${url} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
