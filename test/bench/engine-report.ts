/**
 * The engine benchmark's outputs: per profile, a Markdown section (written between two markers of
 * `docs/performance.md`, so the prose around it stays) and a PNG plot of time against size, drawn
 * with vega-lite, rendered to SVG by vega and to PNG by resvg, all headless. Every table takes its
 * columns from the paths in the results: the floor, and each other path measured against it.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** One step of one run. */
export interface StepResult {
  /** The size asked for. */
  readonly n: number;
  /** Resources in the program. */
  readonly resources: number;
  /** The path (`floor`, `ours`, …). */
  readonly who: string;
  readonly step: string;
  /** Wall time of the CLI command, seconds (the median of {@link StepResult.samples}). */
  readonly seconds: number;
  /** Every measurement of the step's wall time, seconds. */
  readonly samples: readonly number[];
  /** API calls by "METHOD /path", token requests aside (refused ones included). */
  readonly calls: Readonly<Record<string, number>>;
  readonly tokens: number;
  /** Calls answered 429 (the rate budget), counted in `calls` too. */
  readonly throttled: number;
  /**
   * With a latency: the longest chain of calls each made after the one before was answered
   * (`critical-path.ts`), so the step waited at least this many round trips.
   */
  readonly criticalPath?: number;
  /** Peak RSS of the provider process, MiB (0 when the step started none). */
  readonly peakRssMb: number;
  /** Heap the provider still used after a full collection at its exit, MiB: what it kept, not its peak. */
  readonly retainedMb: number;
  /** CPU time of the provider processes, seconds. */
  readonly providerCpuS: number;
  /** CPU time the emulator spent answering, seconds (it shares the machine's cores). */
  readonly emulatorCpuS: number;
  /** The state file's size after the step. */
  readonly stateBytes: number;
  /** Mean bytes of `__provider` per resource in state after the step. */
  readonly providerBytes: number;
  /** The engine's change summary, as JSON. */
  readonly changes: string;
}

/** Which profile a run measured, and where its figures go. */
export interface ProfileInfo {
  readonly name: string;
  /** The emulator's delay on every answer, ms (0: none). */
  readonly latencyMs: number;
  /** The emulator's `rate=` budget, when there is one. */
  readonly rate?: string;
  /** The section's markers in `docs/performance.md`: `<!-- <marker>:begin … -->`. */
  readonly marker: string;
  /** The JSON's and PNG's name in `docs/`, without extension. */
  readonly files: string;
}

/** Where the run happened. */
export interface RunMeta {
  readonly date: string;
  readonly minutes: number;
  /** How often each repeatable step ran. */
  readonly repeats: number;
  readonly cpus: number;
  readonly node: string;
  readonly pulumi: string;
  /** The machine's load around the run (it shares its cores with other work). */
  readonly machine: string;
  /** The paths measured, the floor first. */
  readonly paths: ReadonlyArray<{ readonly name: string; readonly description: string }>;
}

const begin = (marker: string) =>
  `<!-- ${marker}:begin (written by npm run bench; edits inside are overwritten) -->`;
const end = (marker: string) => `<!-- ${marker}:end -->`;

/**
 * A Markdown table with its columns padded to their widest cell, as the repository's formatter
 * (Biome) writes them, so `biome ci` accepts the generated page as it is.
 */
function markdownTable(
  header: readonly string[],
  right: readonly boolean[],
  rows: readonly string[][],
): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (right[i] === true ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const total = (calls: Readonly<Record<string, number>>): number =>
  Object.values(calls).reduce((a, b) => a + b, 0);

function callList(calls: Readonly<Record<string, number>>): string {
  const entries = Object.entries(calls).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k} ×${v}`).join(", ");
}

/** The views of one run's results the tables share. */
class Results {
  readonly sizes: number[];
  readonly steps: string[];
  /** The paths other than the floor, in the order measured. */
  readonly measured: string[];

  constructor(readonly all: readonly StepResult[]) {
    this.sizes = [...new Set(all.map((r) => r.n))];
    this.steps = [...new Set(all.map((r) => r.step))];
    this.measured = [...new Set(all.map((r) => r.who))].filter((w) => w !== "floor");
  }

  get(n: number, who: string, step: string): StepResult | undefined {
    return this.all.find((r) => r.n === n && r.who === who && r.step === step);
  }

  /** Resources at size `n`, as the program made them. */
  label(n: number): number {
    return this.all.find((r) => r.n === n)?.resources ?? n;
  }

  /** The ratio of a path's time to the floor's, `undefined` when either is missing. */
  ratio(n: number, who: string, step: string): number | undefined {
    const o = this.get(n, who, step);
    const f = this.get(n, "floor", step);
    return o === undefined || f === undefined || f.seconds <= 0 ? undefined : o.seconds / f.seconds;
  }
}

const fixed = (x: number | undefined, digits = 2) => (x === undefined ? "–" : x.toFixed(digits));

/** Per step and size: each path's wall time, and the calls (on the critical path) of each path that calls the API. */
function pivot(r: Results, info: ProfileInfo): string {
  const names = ["floor", ...r.measured];
  const header = ["step"];
  for (const n of r.sizes) {
    header.push(`N = ${r.label(n)}: ${names.join(" / ")} (s)`);
    header.push(
      info.latencyMs > 0 ? `N = ${r.label(n)}: calls (on the critical path)` : `N = ${r.label(n)}: calls`,
    );
  }
  const rows = r.steps.map((step) => {
    const row = [step];
    for (const n of r.sizes) {
      row.push(names.map((w) => fixed(r.get(n, w, step)?.seconds)).join(" / "));
      row.push(
        r.measured
          .map((w) => {
            const o = r.get(n, w, step);
            if (o === undefined) return "–";
            const calls = String(total(o.calls));
            return o.criticalPath === undefined ? calls : `${calls} (${o.criticalPath})`;
          })
          .join(" / "),
      );
    }
    return row;
  });
  return markdownTable(
    header,
    header.map((_, i) => i > 0),
    rows,
  );
}

/** Per step, each path's ratio to the floor at each size, and whether the largest size meets 1.3×. */
function targets(r: Results): string {
  const largest = r.sizes.at(-1);
  const multi = r.measured.length > 1;
  const header = [
    "step",
    ...r.measured.flatMap((w) => r.sizes.map((n) => `${multi ? `${w}: ` : ""}ratio at N = ${r.label(n)}`)),
    ...r.measured.map(
      (w) => `${multi ? `${w}: ` : ""}≤ 1.3× at N = ${largest === undefined ? "–" : r.label(largest)}`,
    ),
  ];
  const rows = r.steps.map((step) => [
    step,
    ...r.measured.flatMap((w) => r.sizes.map((n) => fixed(r.ratio(n, w, step)))),
    ...r.measured.map((w) => {
      const last = largest === undefined ? undefined : r.ratio(largest, w, step);
      return last === undefined ? "–" : last <= 1.3 ? "yes" : "**no**";
    }),
  ]);
  return markdownTable(
    header,
    header.map((h) => h.includes("ratio at")),
    rows,
  );
}

/** Peak RSS and heap kept per size and path. */
function memory(r: Results): string {
  const names = ["floor", ...r.measured];
  const max = (rs: StepResult[], f: (x: StepResult) => number) => Math.max(0, ...rs.map(f)).toFixed(0);
  const header = [
    "N",
    ...names.map((w) => `provider peak RSS, ${w} (MiB)`),
    ...names.map((w) => `heap kept after a full collection, ${w} (MiB)`),
  ];
  const rows = r.sizes.map((n) => {
    const of = (w: string) => r.all.filter((x) => x.n === n && x.who === w);
    return [
      String(r.label(n)),
      ...names.map((w) => max(of(w), (x) => x.peakRssMb)),
      ...names.map((w) => max(of(w), (x) => x.retainedMb)),
    ];
  });
  return markdownTable(
    header,
    header.map(() => true),
    rows,
  );
}

/** Per step, how each path's time grew from the smallest size to the largest, against the growth in N. */
function growth(r: Results): string {
  const first = r.sizes[0];
  const last = r.sizes.at(-1);
  if (first === undefined || last === undefined || first === last) return "";
  const names = ["floor", ...r.measured];
  const header = [
    "step",
    ...names.flatMap((w) => [
      `${w} at N = ${r.label(first)} (s)`,
      `${w} at N = ${r.label(last)} (s)`,
      `${w} grew`,
    ]),
  ];
  const rows = r.steps.map((step) => [
    step,
    ...names.flatMap((w) => {
      const a = r.get(first, w, step)?.seconds;
      const b = r.get(last, w, step)?.seconds;
      return [
        fixed(a),
        fixed(b),
        a === undefined || b === undefined || a <= 0 ? "–" : `${(b / a).toFixed(1)}×`,
      ];
    }),
  ]);
  return `N grew ${(r.label(last) / r.label(first)).toFixed(1)}×.\n\n${markdownTable(
    header,
    header.map((_, i) => i > 0),
    rows,
  )}`;
}

/** Every figure, a row per size, step and measured path. */
function details(r: Results, info: ProfileInfo): string {
  const latency = info.latencyMs > 0;
  const header = [
    "N",
    "step",
    "path",
    "floor (s)",
    "time (s)",
    "ratio",
    "API calls",
    ...(latency ? ["on the critical path"] : []),
    ...(info.rate !== undefined ? ["answered 429"] : []),
    "tokens",
    "calls by method and path",
    "provider peak RSS, path / floor (MiB)",
    "provider CPU, path / floor (s)",
    "emulator CPU (s)",
    "state (bytes)",
    "state per resource",
    "`__provider` per resource",
  ];
  const right = header.map((h) => !["step", "path", "calls by method and path"].includes(h));
  const rows: string[][] = [];
  for (const n of r.sizes) {
    for (const step of r.steps) {
      const f = r.get(n, "floor", step);
      for (const w of r.measured) {
        const o = r.get(n, w, step);
        if (o === undefined) continue;
        rows.push([
          String(o.resources),
          o.step,
          w,
          fixed(f?.seconds),
          o.seconds.toFixed(2),
          fixed(r.ratio(n, w, step)),
          String(total(o.calls)),
          ...(latency ? [String(o.criticalPath ?? "–")] : []),
          ...(info.rate !== undefined ? [String(o.throttled)] : []),
          String(o.tokens),
          callList(o.calls),
          `${o.peakRssMb.toFixed(0)} / ${f?.peakRssMb.toFixed(0) ?? "–"}`,
          `${o.providerCpuS.toFixed(2)} / ${f?.providerCpuS.toFixed(2) ?? "–"}`,
          o.emulatorCpuS.toFixed(2),
          String(o.stateBytes),
          o.step.startsWith("destroy") ? "–" : String(Math.round(o.stateBytes / o.resources)),
          o.providerBytes > 0 ? String(o.providerBytes) : "–",
        ]);
      }
    }
  }
  return markdownTable(header, right, rows);
}

/** How the profile's Airbyte answered. */
function conditions(info: ProfileInfo): string {
  const parts: string[] = [];
  if (info.latencyMs > 0) {
    parts.push(
      `the emulator delayed every answer by ${info.latencyMs} ms (\`--fault "* ** delay=${info.latencyMs}"\`), as Airbyte Cloud or a remote server answers a CI runner`,
    );
  } else {
    parts.push("the emulator answered on the same machine, within a millisecond");
  }
  if (info.rate !== undefined) {
    parts.push(
      `and let ${info.rate.replace("/", " requests per ")} through (\`--fault "* ** rate=${info.rate}"\`), answering 429 with \`Retry-After\` until the window ended`,
    );
  }
  return parts.join(" ");
}

/** The generated section: how it was measured, the tables and the plot. */
function section(results: readonly StepResult[], meta: RunMeta, info: ProfileInfo): string {
  const r = new Results(results);
  const paths = meta.paths.map((p) => `"${p.name}" is ${p.description}`).join("; ");
  const blocks = [
    begin(info.marker),
    "",
    `Measured ${meta.date} on ${meta.cpus} cores (a machine shared with other work, so times are noisy; counts are not; ${meta.machine}), Node.js ${meta.node}, Pulumi CLI ${meta.pulumi}; the run took ${meta.minutes.toFixed(1)} minutes. Profile \`${info.name}\`: ${conditions(info)}. The paths ran step by step in turns; the repeatable steps ran ${meta.repeats} time${meta.repeats === 1 ? "" : "s"} each and the tables show the median. N counts resources: one workspace plus pipelines of a source, a destination and a connection. ${paths}.`,
    "",
    pivot(r, info),
    "",
  ];
  if (info.name === "local") blocks.push(targets(r), "");
  const grew = growth(r);
  if (info.name === "large" && grew !== "") blocks.push(grew, "");
  blocks.push(
    memory(r),
    "",
    details(r, info),
    "",
    `![Wall time against the number of resources, one line per step and path](${info.files}.png)`,
    "",
    end(info.marker),
  );
  return blocks.join("\n");
}

/**
 * `existing` (the current `docs/performance.md`) with the profile's generated section replaced by
 * these results; the section appended when there is none yet.
 */
export function renderReport(
  existing: string,
  results: readonly StepResult[],
  meta: RunMeta,
  info: ProfileInfo,
): string {
  const generated = section(results, meta, info);
  const start = existing.indexOf(begin(info.marker));
  const stop = existing.indexOf(end(info.marker));
  if (start < 0 || stop < start) {
    const base = existing === "" ? "# Performance\n" : existing.replace(/\n*$/, "\n");
    return `${base}\n${generated}\n`;
  }
  return `${existing.slice(0, start)}${generated}${existing.slice(stop + end(info.marker).length)}`;
}

/** The plot: seconds against resources, one colour per step, one dash per path (solid for the first measured). */
export async function renderPlot(results: readonly StepResult[], info: ProfileInfo): Promise<Buffer> {
  const names = [...new Set(results.map((r) => r.who))].sort((a, b) =>
    a === "floor" ? 1 : b === "floor" ? -1 : 0,
  );
  const dashes = [
    [1, 0],
    [5, 4],
    [2, 2],
    [8, 3, 2, 3],
  ].slice(0, names.length);
  const where =
    info.latencyMs > 0
      ? `, every answer ${info.latencyMs} ms away${info.rate !== undefined ? `, ${info.rate}` : ""}`
      : "";
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `pulumi-airbyte against the engine's floor (no-op dynamic resources)${where}`,
    width: 560,
    height: 340,
    background: "white",
    data: {
      values: results.map((r) => ({
        resources: r.resources,
        seconds: r.seconds,
        step: r.step,
        who: r.who === "ours" ? "pulumi-airbyte" : r.who,
      })),
    },
    // The dash legend's symbols take no colour from the step's scale: give them one.
    config: { legend: { symbolBaseStrokeColor: "#444", symbolBaseFillColor: "transparent" } },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "resources", type: "quantitative", title: "resources (N)" },
      y: { field: "seconds", type: "quantitative", title: "wall time (s)" },
      color: { field: "step", type: "nominal", title: "step" },
      strokeDash: {
        field: "who",
        type: "nominal",
        title: "",
        scale: { domain: names.map((w) => (w === "ours" ? "pulumi-airbyte" : w)), range: dashes },
        legend: { symbolType: "stroke", symbolStrokeWidth: 2, symbolSize: 400 },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white" }).render().asPng();
}
