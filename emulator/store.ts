/**
 * The emulator's state: plain JSON-serialisable records, kept in memory and optionally written to
 * `<dataDir>/state.json` after every change so a restarted emulator carries on where it stopped.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The six notification items a workspace carries. */
export const NOTIFICATION_KEYS = [
  "failure",
  "success",
  "connectionUpdate",
  "connectionUpdateActionRequired",
  "syncDisabled",
  "syncDisabledWarning",
] as const;

/** One of {@link NOTIFICATION_KEYS}. */
export type NotificationKey = (typeof NOTIFICATION_KEYS)[number];

/** Internal form of one notification item (email ≙ CUSTOMERIO, webhook ≙ SLACK in the platform). */
export interface NotificationItem {
  email: boolean;
  webhook: boolean;
  /** Kept even while the webhook is disabled, as the platform keeps its slackConfiguration. */
  url?: string;
}

/** A workspace. */
export interface WorkspaceRecord {
  workspaceId: string;
  name: string;
  organizationId: string;
  regionId?: string;
  dataResidency: string;
  notifications: Record<NotificationKey, NotificationItem>;
  tombstone: boolean;
}

/** A source or destination ("actor" in platform terms). */
export interface ActorRecord {
  id: string;
  kind: "source" | "destination";
  name: string;
  workspaceId: string;
  definitionId: string;
  configuration: Record<string, unknown>;
  /** Epoch seconds. */
  createdAt: number;
  resourceAllocation?: unknown;
  secretId?: string;
  tombstone: boolean;
}

/** One selected stream of a connection, as stored (already validated and defaulted). */
export interface StreamConfigRecord {
  name: string;
  namespace?: string;
  syncMode: string;
  cursorField?: string[];
  primaryKey?: string[][];
  selectedFields?: { fieldPath: string[] }[];
  mappers?: { id: string; type: string; mapperConfiguration: unknown }[];
  includeFiles?: boolean;
  destinationObjectName?: string;
}

/** A connection. */
export interface ConnectionRecord {
  connectionId: string;
  name: string;
  sourceId: string;
  destinationId: string;
  workspaceId: string;
  status: "active" | "inactive" | "deprecated" | "locked";
  schedule: { scheduleType: "manual" } | { scheduleType: "cron"; cronExpression: string };
  namespaceDefinition: string;
  namespaceFormat?: string;
  prefix: string;
  nonBreakingSchemaUpdatesBehavior: string;
  streams: StreamConfigRecord[];
  tagIds: string[];
  /** Epoch seconds. */
  createdAt: number;
}

/** A tag. */
export interface TagRecord {
  tagId: string;
  name: string;
  color: string;
  workspaceId: string;
}

/** Job lifecycle states the emulator produces. */
export type JobStatus = "pending" | "running" | "succeeded" | "failed" | "cancelled";

/** A job. Times are epoch milliseconds. */
export interface JobRecord {
  jobId: number;
  connectionId: string;
  workspaceId: string;
  jobType: "sync" | "reset" | "clear";
  status: JobStatus;
  createdAt: number;
  updatedAt: number;
  /** When the job turns running. */
  runAt: number;
  /** When the job reaches its terminal state; absent for a job that hangs until cancelled. */
  dueAt?: number;
  /** The terminal state it reaches at `dueAt`. */
  outcome: "succeeded" | "failed";
  failureReason?: string;
  rows: number;
  bytes: number;
}

/** The whole persisted state. */
export interface State {
  version: 1;
  clientId: string;
  clientSecret: string;
  /** HMAC key for access tokens: persisted so tokens stay valid across a restart. */
  signingKey: string;
  organization: { organizationId: string; organizationName: string; email: string };
  workspaces: Record<string, WorkspaceRecord>;
  sources: Record<string, ActorRecord>;
  destinations: Record<string, ActorRecord>;
  connections: Record<string, ConnectionRecord>;
  tags: Record<string, TagRecord>;
  jobs: Record<string, JobRecord>;
  nextJobId: number;
  /** Connection id → pending test hooks for that connection's next job. */
  jobHooks: Record<string, { fail?: string; hang?: boolean }>;
}

/** Epoch seconds now: the unit of the records' `createdAt`, as the API reports it. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The OSS default organization id. */
const DEFAULT_ORGANIZATION_ID = "00000000-0000-0000-0000-000000000000";

function freshState(clientId?: string, clientSecret?: string): State {
  return {
    version: 1,
    clientId: clientId ?? randomUUID(),
    clientSecret: clientSecret ?? randomBytes(24).toString("hex"),
    signingKey: randomBytes(32).toString("hex"),
    organization: {
      organizationId: DEFAULT_ORGANIZATION_ID,
      organizationName: "Default Organization",
      email: "admin@example.com",
    },
    workspaces: {},
    sources: {},
    destinations: {},
    connections: {},
    tags: {},
    jobs: {},
    nextJobId: 1,
    jobHooks: {},
  };
}

/** Holds the state and persists it. */
export class Store {
  /** The live state; mutate it, then call {@link Store.save}. */
  readonly state: State;
  private readonly file: string | undefined;

  /**
   * Loads `<dataDir>/state.json` when it exists. Explicit credentials override persisted ones,
   * so a caller can pin them; otherwise persisted (or freshly generated) ones are used.
   */
  constructor(opts: { dataDir?: string; clientId?: string; clientSecret?: string }) {
    this.file = opts.dataDir ? join(opts.dataDir, "state.json") : undefined;
    let loaded: State | undefined;
    if (this.file) {
      mkdirSync(opts.dataDir!, { recursive: true });
      try {
        loaded = JSON.parse(readFileSync(this.file, "utf8")) as State;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    this.state = loaded ? { ...freshState(), ...loaded } : freshState(opts.clientId, opts.clientSecret);
    if (opts.clientId) this.state.clientId = opts.clientId;
    if (opts.clientSecret) this.state.clientSecret = opts.clientSecret;
    this.save();
  }

  /** Writes the state atomically (temp file + rename) when a data directory is configured. */
  save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 1)}\n`);
    renameSync(tmp, this.file);
  }
}
