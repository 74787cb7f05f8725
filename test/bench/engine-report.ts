/**
 * The engine benchmark's outputs: the Markdown table (written between two markers of
 * `docs/performance.md`, so the prose around it stays) and the PNG plot of time against size,
 * drawn with vega-lite, rendered to SVG by vega and to PNG by resvg, all headless.
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
  readonly who: "ours" | "floor";
  readonly step: string;
  /** Wall time of the CLI command, seconds (the median of {@link StepResult.samples}). */
  readonly seconds: number;
  /** Every measurement of the step's wall time, seconds. */
  readonly samples: readonly number[];
  /** API calls by "METHOD /path", token requests aside. */
  readonly calls: Readonly<Record<string, number>>;
  readonly tokens: number;
  /** Peak RSS of the dynamic-provider process, MiB (0 when the step started none). */
  readonly peakRssMb: number;
  /** Heap the provider still used after a full collection at its exit, MiB: what it kept, not its peak. */
  readonly retainedMb: number;
  /** CPU time of the dynamic-provider processes, seconds. */
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

/** Where the run happened. */
export interface RunMeta {
  readonly date: string;
  readonly minutes: number;
  /** How often each repeatable step (no-op up, preview, refresh, up 10%) ran. */
  readonly repeats: number;
  readonly cpus: number;
  readonly node: string;
  readonly pulumi: string;
}

const BEGIN = "<!-- bench:begin (written by npm run bench; edits inside are overwritten) -->";
const END = "<!-- bench:end -->";

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

function table(results: readonly StepResult[]): string {
  const header = [
    "N",
    "step",
    "floor (s)",
    "ours (s)",
    "ratio",
    "API calls",
    "tokens",
    "calls by method and path",
    "provider peak RSS, ours / floor (MiB)",
    "provider CPU, ours / floor (s)",
    "emulator CPU (s)",
    "state (bytes)",
    "state per resource",
    "`__provider` per resource",
  ];
  const right = header.map((h) => h !== "step" && h !== "calls by method and path");
  const rows: string[][] = [];
  for (const n of [...new Set(results.map((r) => r.n))]) {
    for (const o of results.filter((r) => r.n === n && r.who === "ours")) {
      const f = results.find((r) => r.n === n && r.who === "floor" && r.step === o.step);
      const ratio = f !== undefined && f.seconds > 0 ? (o.seconds / f.seconds).toFixed(2) : "–";
      rows.push([
        String(o.resources),
        o.step,
        f?.seconds.toFixed(2) ?? "–",
        o.seconds.toFixed(2),
        ratio,
        String(total(o.calls)),
        String(o.tokens),
        callList(o.calls),
        `${o.peakRssMb.toFixed(0)} / ${f?.peakRssMb.toFixed(0) ?? "–"}`,
        `${o.providerCpuS.toFixed(2)} / ${f?.providerCpuS.toFixed(2) ?? "–"}`,
        o.emulatorCpuS.toFixed(2),
        String(o.stateBytes),
        o.step === "destroy" ? "–" : String(Math.round(o.stateBytes / o.resources)),
        o.providerBytes > 0 ? String(o.providerBytes) : "–",
      ]);
    }
  }
  return markdownTable(header, right, rows);
}

/** Ratio of ours to the floor for one size and step, `undefined` when either is missing. */
function ratioOf(results: readonly StepResult[], n: number, step: string): number | undefined {
  const o = results.find((r) => r.n === n && r.who === "ours" && r.step === step);
  const f = results.find((r) => r.n === n && r.who === "floor" && r.step === step);
  return o === undefined || f === undefined || f.seconds <= 0 ? undefined : o.seconds / f.seconds;
}

/** Per step, the ratio at each size (is it flat?) and whether the largest size meets 1.3×. */
function targets(results: readonly StepResult[]): string {
  const sizes = [...new Set(results.map((r) => r.n))];
  const largest = sizes.at(-1);
  const label = (n: number) => results.find((r) => r.n === n)?.resources ?? n;
  const ratios = markdownTable(
    [
      "step",
      ...sizes.map((n) => `ratio at N = ${label(n)}`),
      `≤ 1.3× at N = ${largest === undefined ? "–" : label(largest)}`,
    ],
    [false, ...sizes.map(() => true), false],
    [...new Set(results.map((r) => r.step))].map((step) => {
      const each = sizes.map((n) => ratioOf(results, n, step));
      const last = each.at(-1);
      return [
        step,
        ...each.map((r) => (r === undefined ? "–" : r.toFixed(2))),
        last === undefined ? "–" : last <= 1.3 ? "yes" : "**no**",
      ];
    }),
  );
  const max = (rs: StepResult[], f: (r: StepResult) => number) => Math.max(0, ...rs.map(f)).toFixed(0);
  const memory = markdownTable(
    ["N", "provider peak RSS, ours (MiB)", "floor", "heap kept after a full collection, ours (MiB)", "floor"],
    [true, true, true, true, true],
    sizes.map((n) => {
      const ours = results.filter((r) => r.n === n && r.who === "ours");
      const floor = results.filter((r) => r.n === n && r.who === "floor");
      return [
        String(label(n)),
        max(ours, (r) => r.peakRssMb),
        max(floor, (r) => r.peakRssMb),
        max(ours, (r) => r.retainedMb),
        max(floor, (r) => r.retainedMb),
      ];
    }),
  );
  return `${ratios}\n\n${memory}`;
}

/** The generated section: how it was measured, the table and the plot. */
function section(results: readonly StepResult[], meta: RunMeta): string {
  return [
    BEGIN,
    "",
    `Measured ${meta.date} on ${meta.cpus} cores (a machine shared with other work, so times are noisy; counts are not), Node.js ${meta.node}, Pulumi CLI ${meta.pulumi}; the whole run took ${meta.minutes.toFixed(1)} minutes. The floor and ours ran step by step in turns; no-op up, preview, refresh and the 10% change (back and forth) ran ${meta.repeats} times each and the table shows the median. N counts resources: one workspace plus pipelines of a source, a destination and a connection. "floor" is the same graph with the same inputs through a no-op dynamic provider.`,
    "",
    targets(results),
    "",
    table(results),
    "",
    "![Wall time against the number of resources, ours and the floor, one line per step](performance.png)",
    "",
    END,
  ].join("\n");
}

/**
 * `existing` (the current `docs/performance.md`) with its generated section replaced by these
 * results; a file with only that section when there is none yet.
 */
export function renderReport(existing: string, results: readonly StepResult[], meta: RunMeta): string {
  const generated = section(results, meta);
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (start < 0 || end < start) return `# Performance\n\n${generated}\n`;
  return `${existing.slice(0, start)}${generated}${existing.slice(end + END.length)}`;
}

/** The plot: seconds against resources, one colour per step, solid for ours and dashed for the floor. */
export async function renderPlot(results: readonly StepResult[]): Promise<Buffer> {
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "pulumi-airbyte against the engine's floor (no-op dynamic resources)",
    width: 560,
    height: 340,
    background: "white",
    data: {
      values: results.map((r) => ({
        resources: r.resources,
        seconds: r.seconds,
        step: r.step,
        who: r.who === "ours" ? "pulumi-airbyte" : "floor",
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
        scale: {
          domain: ["pulumi-airbyte", "floor"],
          range: [
            [1, 0],
            [5, 4],
          ],
        },
        legend: { symbolType: "stroke", symbolStrokeWidth: 2, symbolSize: 400 },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white" }).render().asPng();
}
