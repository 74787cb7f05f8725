/**
 * A picture of a workspace's pipelines: sources on the left, one box per connection (schedule and
 * stream count) in the middle, destinations on the right. As Mermaid text for a README, and as a
 * self-contained SVG image, laid out here so no tool is needed to draw it.
 */
import type { ConnectionModel, WorkspaceModel } from "./model.js";

/** How a connection runs, in a few words. */
export function scheduleText(c: ConnectionModel): string {
  const when = c.schedule === undefined ? "manual" : `cron ${c.schedule.cronExpression}`;
  const streams = `${c.streams.length} stream${c.streams.length === 1 ? "" : "s"}`;
  return `${when} · ${streams}${c.status === "inactive" ? " · inactive" : ""}`;
}

const mermaidText = (s: string) => s.replace(/"/g, "#quot;");

/** The pipelines as a Mermaid flowchart. */
export function mermaid(model: WorkspaceModel): string {
  const lines = ["flowchart LR"];
  const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
  for (const s of model.sources)
    lines.push(
      `  ${id("s", s.resourceName)}["${mermaidText(s.name)}<br/><small>${mermaidText(s.connectorName)}</small>"]`,
    );
  for (const d of model.destinations)
    lines.push(
      `  ${id("d", d.resourceName)}[("${mermaidText(d.name)}<br/><small>${mermaidText(d.connectorName)}</small>")]`,
    );
  for (const c of model.connections) {
    lines.push(
      `  ${id("s", c.source)} -->|"${mermaidText(c.name)}<br/>${mermaidText(scheduleText(c))}"| ${id("d", c.destination)}`,
    );
  }
  return lines.join("\n");
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Cuts a label to fit a box of `chars` characters. */
const clip = (s: string, chars: number) => (s.length <= chars ? s : `${s.slice(0, chars - 1)}…`);

/** The pipelines as an SVG image. */
export function svg(model: WorkspaceModel): string {
  const box = { w: 220, h: 44 };
  const gap = 14;
  const cols = { source: 20, connection: 330, destination: 640 };
  const rowY = (i: number) => 60 + i * (box.h + gap);
  const rows = Math.max(model.sources.length, model.connections.length, model.destinations.length, 1);
  const width = cols.destination + box.w + 20;
  const height = rowY(rows) + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(clip(model.workspace.name, 80))}</text>`,
    `<text x="${cols.source + box.w / 2}" y="48" text-anchor="middle" font-size="12" fill="#555">sources</text>`,
    `<text x="${cols.connection + box.w / 2}" y="48" text-anchor="middle" font-size="12" fill="#555">connections</text>`,
    `<text x="${cols.destination + box.w / 2}" y="48" text-anchor="middle" font-size="12" fill="#555">destinations</text>`,
  ];
  const drawBox = (x: number, y: number, fill: string, title: string, sub: string) => {
    parts.push(
      `<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="6" fill="${fill}" stroke="#333"/>`,
      `<text x="${x + 8}" y="${y + 18}" font-size="13">${escapeXml(clip(title, 30))}</text>`,
      `<text x="${x + 8}" y="${y + 35}" font-size="11" fill="#444">${escapeXml(clip(sub, 36))}</text>`,
    );
  };
  const sourceRow = new Map(model.sources.map((s, i) => [s.resourceName, i]));
  const destinationRow = new Map(model.destinations.map((d, i) => [d.resourceName, i]));
  model.connections.forEach((c, i) => {
    const y = rowY(i) + box.h / 2;
    const sy = rowY(sourceRow.get(c.source) ?? 0) + box.h / 2;
    const dy = rowY(destinationRow.get(c.destination) ?? 0) + box.h / 2;
    parts.push(
      `<path d="M${cols.source + box.w},${sy} C${cols.source + box.w + 45},${sy} ${cols.connection - 45},${y} ${cols.connection},${y}" fill="none" stroke="#888"/>`,
      `<path d="M${cols.connection + box.w},${y} C${cols.connection + box.w + 45},${y} ${cols.destination - 45},${dy} ${cols.destination},${dy}" fill="none" stroke="#888" marker-end="url(#arrow)"/>`,
    );
  });
  parts.splice(
    2,
    0,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>`,
  );
  for (const [i, s] of model.sources.entries()) {
    drawBox(cols.source, rowY(i), "#e8f1fb", s.name, s.connectorName);
  }
  for (const [i, c] of model.connections.entries()) {
    drawBox(cols.connection, rowY(i), "#fff6e0", c.name, scheduleText(c));
  }
  for (const [i, d] of model.destinations.entries()) {
    drawBox(cols.destination, rowY(i), "#e9f7ec", d.name, d.connectorName);
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/**
 * The pipelines as text for a terminal, one line per connection:
 * `orders db [Postgres] ──( orders → warehouse · cron 0 0 2 * * ? · 3 streams )──▶ warehouse [BigQuery]`.
 */
export function text(model: WorkspaceModel): string {
  const named = (list: WorkspaceModel["sources"], resourceName: string) => {
    const found = list.find((a) => a.resourceName === resourceName);
    return found === undefined ? resourceName : `${found.name} [${found.connectorName}]`;
  };
  const lines = [`workspace "${model.workspace.name}"`];
  for (const c of model.connections) {
    lines.push(
      `  ${named(model.sources, c.source)} ──( ${c.name} · ${scheduleText(c)} )──▶ ${named(model.destinations, c.destination)}`,
    );
  }
  if (model.connections.length === 0) lines.push("  (no connections)");
  return lines.join("\n");
}
