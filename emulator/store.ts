/**
 * The emulator's state: plain JSON-serialisable records, kept in memory and optionally written to
 * `<dataDir>/state.json` after every change (durably: see {@link Store.save}) so a restarted or
 * killed emulator carries on where it stopped.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PermissionType } from "./roles.js";

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
  /** The source catalog the stream selection was made against: what a schema change is diffed with. */
  catalog: CatalogSnapshot;
}

/** What a schema diff compares of a discovered catalog: each stream's fields and primary key. */
export type CatalogSnapshot = {
  name: string;
  namespace?: string;
  /** Top-level field names. */
  fields: string[];
  primaryKey: string[][];
}[];

/** An organization. */
export interface OrganizationRecord {
  organizationId: string;
  organizationName: string;
  email: string;
}

/** A user: someone who owns applications and holds permissions. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

/** An application: a user's client credentials for `POST /applications/token`. */
export interface ApplicationRecord {
  id: string;
  name: string;
  /** The user the application's tokens act as. */
  userId: string;
  clientId: string;
  clientSecret: string;
  /** Epoch seconds. */
  createdAt: number;
}

/**
 * A permission: a role held by a user or a group on a workspace, an organization, or (for
 * `instance_admin`) the whole instance.
 */
export interface PermissionRecord {
  permissionId: string;
  permissionType: PermissionType;
  /** Set for a user's permission. */
  userId?: string;
  /** Set for a group's permission. */
  groupId?: string;
  workspaceId?: string;
  organizationId?: string;
}

/** A group of users in an organization. */
export interface GroupRecord {
  groupId: string;
  name: string;
  description?: string;
  organizationId: string;
}

/** One user's membership of a group. */
export interface GroupMemberRecord {
  memberId: string;
  groupId: string;
  userId: string;
}

/**
 * A workspace's custom connector definition: a docker image (`manifest` absent) or a declarative
 * (low-code) source, whose manifest is versioned.
 */
export interface CustomDefinitionRecord {
  id: string;
  kind: "source" | "destination";
  workspaceId: string;
  name: string;
  dockerRepository: string;
  dockerImageTag: string;
  documentationUrl?: string;
  /** Declarative sources only: the low-code manifest. */
  manifest?: Record<string, unknown>;
  /** Declarative sources only: starts at 1, one more on every update. */
  version?: number;
  tombstone: boolean;
}

/** A region (a data plane group in platform terms). Times are epoch seconds. */
export interface RegionRecord {
  regionId: string;
  name: string;
  organizationId: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  tombstone: boolean;
}

/** A data plane of a region, with the credentials it authenticates with. Times are epoch seconds. */
export interface DataplaneRecord {
  dataplaneId: string;
  name: string;
  regionId: string;
  enabled: boolean;
  clientId: string;
  clientSecret: string;
  createdAt: number;
  updatedAt: number;
  tombstone: boolean;
}

/** OAuth app credentials that replace the instance's for one connector in a workspace or organization. */
export interface OAuthOverrideRecord {
  scope: "workspace" | "organization";
  scopeId: string;
  actorType: "source" | "destination";
  definitionId: string;
  /** The connector name as given (e.g. `google-ads`). */
  name: string;
  configuration: Record<string, unknown>;
}

/**
 * A change to a source's discovered schema, applied on top of what its connector discovers (the
 * emulator's stand-in for an upstream schema change).
 */
export interface SchemaDrift {
  /** Streams that appear, with their top-level fields. */
  addStreams?: { name: string; namespace?: string; fields: string[] }[];
  /** Streams (by name) that disappear. */
  removeStreams?: string[];
  /** Stream name → top-level fields that appear. */
  addFields?: Record<string, string[]>;
  /** Stream name → top-level fields that disappear. */
  removeFields?: Record<string, string[]>;
  /** Stream name → the primary key the source now defines for it (`[]`: none). */
  primaryKey?: Record<string, string[][]>;
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
  version: 2;
  /** HMAC key for access tokens: persisted so tokens stay valid across a restart. */
  signingKey: string;
  organizations: Record<string, OrganizationRecord>;
  users: Record<string, UserRecord>;
  applications: Record<string, ApplicationRecord>;
  permissions: Record<string, PermissionRecord>;
  groups: Record<string, GroupRecord>;
  groupMembers: Record<string, GroupMemberRecord>;
  definitions: Record<string, CustomDefinitionRecord>;
  regions: Record<string, RegionRecord>;
  dataplanes: Record<string, DataplaneRecord>;
  /** Keyed by {@link oauthOverrideKey}. */
  oauthOverrides: Record<string, OAuthOverrideRecord>;
  workspaces: Record<string, WorkspaceRecord>;
  sources: Record<string, ActorRecord>;
  destinations: Record<string, ActorRecord>;
  connections: Record<string, ConnectionRecord>;
  tags: Record<string, TagRecord>;
  jobs: Record<string, JobRecord>;
  nextJobId: number;
  /** Connection id → pending test hooks for that connection's next job. */
  jobHooks: Record<string, { fail?: string; hang?: boolean }>;
  /** Source id → the schema changes its discovers show, applied in order on the connector's catalog. */
  schemaDrift: Record<string, SchemaDrift[]>;
}

/** Epoch seconds now: the unit of the records' `createdAt`, as the API reports it. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The OSS default organization id, which also owns the default region. */
export const DEFAULT_ORGANIZATION_ID = "00000000-0000-0000-0000-000000000000";

/** The OSS default user: organization admin of the default organization and instance admin. */
export const DEFAULT_USER_ID = "00000000-0000-0000-0000-000000000000";

/** The default region (the OSS `AUTO` data plane group), where workspaces land without a regionId. */
export const DEFAULT_REGION_ID = "a1a1a1a1-0000-4000-8000-000000000001";

/** The key of an OAuth override in {@link State.oauthOverrides}. */
export function oauthOverrideKey(
  o: Pick<OAuthOverrideRecord, "scope" | "scopeId" | "actorType" | "definitionId">,
): string {
  return `${o.scope}:${o.scopeId}:${o.actorType}:${o.definitionId}`;
}

/** Random client credentials, as the server generates them for applications and data planes. */
export function newClientCredentials(): { clientId: string; clientSecret: string } {
  return { clientId: randomUUID(), clientSecret: randomBytes(24).toString("hex") };
}

/**
 * A state with only the defaults: the default organization, its region, and the default user
 * (organization admin and instance admin) whose one application has the given credentials.
 */
function freshState(clientId?: string, clientSecret?: string): State {
  const now = nowSeconds();
  const generated = newClientCredentials();
  const app: ApplicationRecord = {
    id: randomUUID(),
    name: "Default application",
    userId: DEFAULT_USER_ID,
    clientId: clientId ?? generated.clientId,
    clientSecret: clientSecret ?? generated.clientSecret,
    createdAt: now,
  };
  const permissions: PermissionRecord[] = [
    { permissionId: randomUUID(), permissionType: "instance_admin", userId: DEFAULT_USER_ID },
    {
      permissionId: randomUUID(),
      permissionType: "organization_admin",
      userId: DEFAULT_USER_ID,
      organizationId: DEFAULT_ORGANIZATION_ID,
    },
  ];
  return {
    version: 2,
    signingKey: randomBytes(32).toString("hex"),
    organizations: {
      [DEFAULT_ORGANIZATION_ID]: {
        organizationId: DEFAULT_ORGANIZATION_ID,
        organizationName: "Default Organization",
        email: "admin@example.com",
      },
    },
    users: { [DEFAULT_USER_ID]: { id: DEFAULT_USER_ID, name: "Default User", email: "admin@example.com" } },
    applications: { [app.id]: app },
    permissions: Object.fromEntries(permissions.map((p) => [p.permissionId, p])),
    groups: {},
    groupMembers: {},
    definitions: {},
    regions: {
      [DEFAULT_REGION_ID]: {
        regionId: DEFAULT_REGION_ID,
        name: "AUTO",
        organizationId: DEFAULT_ORGANIZATION_ID,
        enabled: true,
        createdAt: now,
        updatedAt: now,
        tombstone: false,
      },
    },
    dataplanes: {},
    oauthOverrides: {},
    workspaces: {},
    sources: {},
    destinations: {},
    connections: {},
    tags: {},
    jobs: {},
    nextJobId: 1,
    jobHooks: {},
    schemaDrift: {},
  };
}

/** A `state.json` this emulator cannot read; the message names the file and the fix. */
export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

/**
 * A state read from disk. Only the format this emulator writes is read; any other version, or a
 * state without one of its collections, is refused rather than misread.
 */
function checkLoaded(loaded: unknown, file: string): State {
  const refuse = (why: string): never => {
    throw new StateFileError(`${file}: ${why}; start with an empty --data folder`);
  };
  if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) {
    return refuse("not an emulator state (a JSON object)");
  }
  const { version } = loaded as { version?: unknown };
  if (version !== 2) refuse(`state version ${String(version)} is not one this emulator reads`);
  // Every collection and counter of a fresh state must be there.
  const missing = Object.keys(freshState()).filter((k) => !(k in loaded));
  if (missing.length > 0) refuse(`the state has no ${missing.join(", ")}`);
  return loaded as State;
}

/** Holds the state and persists it. */
export class Store {
  /** The live state; mutate it, then call {@link Store.save}. */
  readonly state: State;
  /** True when no saved state was found: a seed applies only then. */
  readonly fresh: boolean;
  private readonly file: string | undefined;

  /**
   * Loads `<dataDir>/state.json` when it exists. Explicit credentials override the default
   * application's persisted ones, so a caller can pin them; otherwise persisted (or freshly
   * generated) ones are used.
   */
  constructor(opts: { dataDir?: string; clientId?: string; clientSecret?: string }) {
    this.file = opts.dataDir ? join(opts.dataDir, "state.json") : undefined;
    let loaded: unknown;
    if (this.file) {
      mkdirSync(opts.dataDir!, { recursive: true });
      try {
        loaded = JSON.parse(readFileSync(this.file, "utf8")) as unknown;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    this.fresh = loaded === undefined;
    this.state =
      loaded === undefined ? freshState(opts.clientId, opts.clientSecret) : checkLoaded(loaded, this.file!);
    const app = this.defaultApplication();
    if (app && opts.clientId) app.clientId = opts.clientId;
    if (app && opts.clientSecret) app.clientSecret = opts.clientSecret;
    // Not saved yet: the owner saves once it is set up (seeded), so a failed set-up leaves no file.
  }

  private held = false;

  /**
   * Runs `fn` with saves held, then saves once: a seed is written whole or, when it fails, not at
   * all (a fresh data folder stays fresh).
   */
  async withSavesHeld(fn: () => Promise<void>): Promise<void> {
    this.held = true;
    try {
      await fn();
    } finally {
      this.held = false;
    }
    this.save();
  }

  /** The default user's first application (the emulator's advertised credentials), if it still exists. */
  defaultApplication(): ApplicationRecord | undefined {
    return Object.values(this.state.applications).find((a) => a.userId === DEFAULT_USER_ID);
  }

  /**
   * Writes the state durably when a data directory is configured: a temporary file, flushed to
   * disk, renamed over `state.json`, then the folder flushed. A kill at any point leaves either
   * the previous state or the new one, never a torn file, and a write is on disk before the
   * request that made it is answered.
   */
  save(): void {
    if (!this.file || this.held) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, `${JSON.stringify(this.state)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    syncDirectory(dirname(this.file));
  }
}

/** Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be opened. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch (e) {
    // Windows cannot open a folder for fsync; the rename is as durable as that platform allows.
    if ((e as NodeJS.ErrnoException).code !== "EISDIR" && (e as NodeJS.ErrnoException).code !== "EPERM")
      throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
