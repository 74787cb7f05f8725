/**
 * Property values as the engine sends them over gRPC (`google.protobuf.Struct`), and back: plain
 * JSON values, with secrets as signature-tagged objects and unknowns as a sentinel string. The
 * operations work on plain values; this module takes the secret markers off on the way in,
 * remembers where they were, and puts them back (and on every field that must be secret) on the way
 * out, so nothing that went in secret ever comes back readable.
 */
import structproto from "google-protobuf/google/protobuf/struct_pb.js";
import { propertyPath } from "../provider/framework/property-changes.js";

/** The key that marks a special value in the wire form. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A path into a property value: object keys and array indexes. */
export type Path = ReadonlyArray<string | number>;

/** A JSON object of properties. */
export type PropertyMap = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function isSecret(v: unknown): v is { value: unknown } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** The properties of a Struct (empty when there is none). */
export function fromStruct(struct: structproto.Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : dropUndefined(v)));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
    return out;
  }
  return value;
}

/** A Struct of the properties; keys whose value is `undefined` are left out. */
export function toStruct(props: PropertyMap): structproto.Struct {
  return structproto.Struct.fromJavaScript(dropUndefined(props) as Record<string, never>);
}

/** The properties without their secret markers, and the paths that were secret. */
export function unwrapSecrets(props: PropertyMap): { props: PropertyMap; secrets: Path[] } {
  const secrets: Path[] = [];
  const walk = (value: unknown, path: Path): unknown => {
    if (isSecret(value)) {
      secrets.push(path);
      // A secret inside a secret is still one secret here.
      return strip(value.value);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return value;
  };
  return { props: walk(props, []) as PropertyMap, secrets };
}

function strip(value: unknown): unknown {
  if (isSecret(value)) return strip(value.value);
  if (Array.isArray(value)) return value.map(strip);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
  return value;
}

/** A secret of the value. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * The properties with the value at each path made secret. A path that leads nowhere (a field not
 * set) is skipped; a path through a value already secret is secret already.
 */
export function wrapSecrets(props: PropertyMap, paths: ReadonlyArray<Path>): PropertyMap {
  let out: unknown = props;
  for (const path of paths) out = wrapAt(out, path, 0);
  return out as PropertyMap;
}

function wrapAt(value: unknown, path: Path, at: number): unknown {
  if (value === undefined || isSecret(value)) return value;
  if (at === path.length) return secret(value);
  const key = path[at];
  if (Array.isArray(value) && typeof key === "number" && key < value.length) {
    const copy = [...value];
    copy[key] = wrapAt(value[key], path, at + 1);
    return copy;
  }
  if (isObject(value) && typeof key === "string" && key in value) {
    return { ...value, [key]: wrapAt(value[key], path, at + 1) };
  }
  return value;
}

/** The dotted form of a path, for messages and detailed diffs: `configuration.password`, `streams[0]`. */
export function pathText(path: Path): string {
  return path.reduce<string>(propertyPath, "");
}
