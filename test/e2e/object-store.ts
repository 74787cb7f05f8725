/**
 * An S3-compatible object store for the tests, as a team's state backend: moto's server (from
 * PyPI, installed once into the cache by `scripts/moto.sh`) on a loopback port, behind a small TCP
 * relay the test can stop and start again. Stopping the relay is the store going away mid-run
 * (connections refused, as a network partition or an outage does) with its data kept, which a
 * restart of moto's in-memory server would lose.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { type AddressInfo, createServer, connect as netConnect, type Server, type Socket } from "node:net";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { REPO_ROOT } from "./harness.js";

/** A running store. */
export interface ObjectStore {
  /** The store's address, as an S3 endpoint (`http://127.0.0.1:<port>`). */
  readonly endpoint: string;
  /** The environment a CLI and its provider need: the store's credentials and region. */
  readonly env: Record<string, string>;
  /** Makes a bucket and returns its Pulumi backend URL (`s3://<bucket>?endpoint=…`). */
  bucket(name: string): Promise<string>;
  /** Every object's key under a prefix of a bucket. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  /** An object's text. */
  read(bucket: string, key: string): Promise<string>;
  /** The store goes away: connections are refused until {@link ObjectStore.start}. */
  stop(): Promise<void>;
  /** The store is back, with everything it held. */
  start(): Promise<void>;
  close(): Promise<void>;
}

let motoServer: string | undefined;

/** The moto server's path, installing it on first use (the script says what it does and how long). */
function moto(): string {
  motoServer ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "moto.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return motoServer;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until something answers HTTP at `url`. */
async function answering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}) before it answered`);
    const ok = await fetch(url).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`moto_server did not answer at ${url} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "pulumi-airbyte-test",
  AWS_SECRET_ACCESS_KEY: "pulumi-airbyte-test-secret",
  AWS_REGION: "us-east-1",
};

/** Starts moto's server and the relay in front of it. */
export async function startObjectStore(): Promise<ObjectStore> {
  const motoPort = await freePort();
  const child = spawn(moto(), ["-H", "127.0.0.1", "-p", String(motoPort)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
  await answering(`http://127.0.0.1:${motoPort}/`, child).catch((error: Error) => {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${stderr.join("").slice(-2000)}`);
  });

  const relayPort = await freePort();
  const sockets = new Set<Socket>();
  let relay: Server | undefined;
  const start = async () => {
    relay = createServer((client) => {
      const upstream = netConnect(motoPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once("close", () => sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    }).listen(relayPort, "127.0.0.1");
    await once(relay, "listening");
  };
  await start();
  const stop = async () => {
    const closed = new Promise((resolve) => relay?.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;
  };
  const endpoint = `http://127.0.0.1:${relayPort}`;
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${motoPort}`,
    region: CREDENTIALS.AWS_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    },
  });
  return {
    endpoint,
    env: CREDENTIALS,
    async bucket(name) {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      return `s3://${name}?endpoint=${encodeURIComponent(endpoint)}&s3ForcePathStyle=true&region=${CREDENTIALS.AWS_REGION}`;
    },
    async keys(bucket, prefix = "") {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token !== undefined && { ContinuationToken: token }),
          }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
    async read(bucket, key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString("utf8")) ?? "";
    },
    stop,
    start,
    async close() {
      await stop();
      s3.destroy();
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
