/**
 * Where create records are kept: a folder (this machine's temporary folder, a `file://` backend's
 * folder, or `PULUMI_AIRBYTE_CREATE_RECORDS_DIR`) or an S3 bucket (an `s3://` backend's). Each
 * store writes a record whole or not at all, so a run killed in the middle of a write leaves the
 * previous record, never a cut one.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";

/** Record files by name (`<key>.json`), each with the time it was last written (epoch ms). */
export type Listing = Map<string, number>;

/** A place for create records. */
export interface RecordStore {
  /** Where the records are, for messages (a folder or an `s3://` URL). */
  readonly where: string;
  /** True when the records outlive this machine (a backend's storage, or a folder the user chose). */
  readonly durable: boolean;
  /** The records there now. */
  list(): Promise<Listing>;
  /** A record's text, or `undefined` when there is none. */
  read(name: string): Promise<string | undefined>;
  /** Writes a record whole (replacing any earlier one), or fails without changing it. */
  write(name: string, text: string): Promise<void>;
  /** Removes records; one already gone is no error. */
  remove(names: readonly string[]): Promise<void>;
}

let staging = 0;

/** Records as files in a folder, written to a file of this process's own and renamed into place. */
export function folderStore(dir: string, durable: boolean): RecordStore {
  return {
    where: dir,
    durable,
    async list() {
      const entries = await readdir(dir).catch(() => [] as string[]);
      const records = entries.filter((f) => f.endsWith(".json"));
      const times = await Promise.all(
        records.map((f) =>
          stat(path.join(dir, f)).then(
            (s) => s.mtimeMs,
            () => undefined,
          ),
        ),
      );
      const listing: Listing = new Map();
      records.forEach((f, i) => {
        const t = times[i];
        if (t !== undefined) listing.set(f, t);
      });
      return listing;
    },
    async read(name) {
      return readFile(path.join(dir, name), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
    },
    async write(name, text) {
      const staged = path.join(dir, `${name}.${process.pid}-${++staging}.tmp`);
      await writeFile(staged, text).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
        await mkdir(dir, { recursive: true });
        await writeFile(staged, text);
      });
      await rename(staged, path.join(dir, name));
    },
    async remove(names) {
      await Promise.all(names.map((n) => rm(path.join(dir, n), { force: true })));
    },
  };
}

/** Where in a bucket, and how to reach it: the `s3://` backend URL's own parameters. */
export interface S3Location {
  readonly bucket: string;
  /** The key prefix of the records: "" or ending with "/". */
  readonly prefix: string;
  /** The backend URL's query (`region`, `endpoint`, `profile`, `use_path_style`…). */
  readonly query: URLSearchParams;
}

/** True for the query values Go's `strconv.ParseBool` reads as true. */
const truthy = (value: string | null): boolean => value !== null && /^(1|t|true)$/i.test(value);

/**
 * An S3 client configured as Pulumi's own S3 backend configures its (gocloud.dev's `s3blob`):
 * `region`, `endpoint`, `profile`, `use_path_style` (or the older `s3ForcePathStyle`),
 * `disable_https`, `anonymous`, and the AWS SDK's default credential chain (environment, shared
 * files, web identity, container and instance roles). A store other than AWS (an `endpoint`) gets
 * checksums only where S3 requires them, as Pulumi's backend does: some stores refuse the rest.
 */
async function s3Client(query: URLSearchParams): Promise<S3Client> {
  // Loaded only for an s3:// backend: the SDK is large, and most stacks never need it.
  const { S3Client } = await import("@aws-sdk/client-s3");
  let endpoint = query.get("endpoint") ?? undefined;
  if (endpoint !== undefined && !endpoint.includes("://")) {
    endpoint = `${truthy(query.get("disable_https")) || truthy(query.get("disableSSL")) ? "http" : "https"}://${endpoint}`;
  }
  const region =
    query.get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const profile = query.get("profile") ?? undefined;
  return new S3Client({
    region,
    ...(endpoint !== undefined && {
      endpoint,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    ...(profile !== undefined && { profile }),
    forcePathStyle: truthy(query.get("use_path_style")) || truthy(query.get("s3ForcePathStyle")),
    ...(truthy(query.get("anonymous")) && {
      credentials: { accessKeyId: "", secretAccessKey: "" },
      signer: { sign: async (request) => request },
    }),
  });
}

/** Records as objects in an S3 bucket: a PUT replaces an object whole. */
export function s3Store(location: S3Location): RecordStore {
  let client: Promise<S3Client> | undefined;
  const s3 = () => {
    client ??= s3Client(location.query);
    return client;
  };
  const sdk = () => import("@aws-sdk/client-s3");
  const key = (name: string) => `${location.prefix}${name}`;
  return {
    where: `s3://${location.bucket}/${location.prefix}`,
    durable: true,
    async list() {
      const { ListObjectsV2Command } = await sdk();
      const listing: Listing = new Map();
      let token: string | undefined;
      do {
        const page = await (await s3()).send(
          new ListObjectsV2Command({
            Bucket: location.bucket,
            Prefix: location.prefix,
            ...(token !== undefined && { ContinuationToken: token }),
          }),
        );
        for (const o of page.Contents ?? []) {
          const name = o.Key?.slice(location.prefix.length) ?? "";
          if (name.endsWith(".json") && !name.includes("/")) {
            listing.set(name, o.LastModified?.getTime() ?? Date.now());
          }
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return listing;
    },
    async read(name) {
      const { GetObjectCommand, NoSuchKey } = await sdk();
      try {
        const object = await (await s3()).send(
          new GetObjectCommand({ Bucket: location.bucket, Key: key(name) }),
        );
        return (await object.Body?.transformToString("utf8")) ?? "";
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async write(name, text) {
      const { PutObjectCommand } = await sdk();
      await (await s3()).send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: key(name),
          Body: text,
          ContentType: "application/json",
        }),
      );
    },
    async remove(names) {
      if (names.length === 0) return;
      const { DeleteObjectsCommand } = await sdk();
      // One request per thousand records: the end of a run removes every record it kept.
      for (let i = 0; i < names.length; i += 1000) {
        await (await s3()).send(
          new DeleteObjectsCommand({
            Bucket: location.bucket,
            Delete: { Objects: names.slice(i, i + 1000).map((n) => ({ Key: key(n) })), Quiet: true },
          }),
        );
      }
    },
  };
}
