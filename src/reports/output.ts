// Report output for people: CSV of the full rows, a self-contained HTML page with inline SVG charts, and the one
// safe way to write them to disk. Okta data is attacker-influenced (profile fields, app labels): HTML is escaped,
// the page allows no script and loads nothing, and CSV cells that a spreadsheet would run as a formula are defused.
import { constants, closeSync, openSync, realpathSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentsError } from "../runtime/errors.js";
import type { Cell, Chart, ReportOutput, ReportTable } from "./types.js";

// ---------------------------------------------------------------- CSV

function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = String(value);
  // =, +, -, @, tab and CR start a formula in Excel and LibreOffice (CSV injection); a leading quote defuses it.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: ReportTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------- HTML

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);

const COLORS = ["#2563eb", "#dc2626", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d"];

function barChart(chart: Extract<Chart, { kind: "bars" }>): string {
  const bars = chart.bars.slice(0, 20);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const width = 640;
  const label = 200;
  const height = bars.length * row + 10;
  const items = bars
    .map((b, i) => {
      const w = Math.round(((width - label - 60) * b.value) / max);
      const y = i * row + 5;
      return (
        `<text x="${label - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(b.label.slice(0, 40))}</text>` +
        `<rect x="${label}" y="${y}" width="${w}" height="${row - 6}" fill="${COLORS[i % COLORS.length]}"/>` +
        `<text x="${label + w + 6}" y="${y + 14}">${b.value}</text>`
      );
    })
    .join("");
  return `<svg role="img" aria-label="${escapeHtml(chart.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${items}</svg>`;
}

function seriesChart(chart: Extract<Chart, { kind: "series" }>): string {
  const values = chart.values;
  const max = Math.max(1, ...values);
  const width = 720;
  const height = 200;
  const left = 40;
  const bottom = 30;
  const slot = (width - left) / Math.max(1, values.length);
  const start = Date.parse(chart.start);
  const bars = values
    .map((v, i) => {
      const h = Math.round(((height - bottom - 10) * v) / max);
      const x = left + i * slot;
      const when = new Date(start + i * chart.bucketMinutes * 60_000).toISOString().slice(0, 16).replace("T", " ");
      return `<rect x="${x.toFixed(1)}" y="${height - bottom - h}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h}" fill="${COLORS[1]}"><title>${escapeHtml(when)}: ${v}</title></rect>`;
    })
    .join("");
  const labelEvery = Math.max(1, Math.ceil(values.length / 6));
  const labels = values
    .map((_, i) => (i % labelEvery === 0 ? `<text x="${(left + i * slot).toFixed(1)}" y="${height - 10}">${escapeHtml(new Date(start + i * chart.bucketMinutes * 60_000).toISOString().slice(5, 16).replace("T", " "))}</text>` : ""))
    .join("");
  const axis = `<text x="0" y="14">${max}</text><line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#888"/>`;
  return `<svg role="img" aria-label="${escapeHtml(chart.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${axis}${bars}${labels}</svg>`;
}

function summaryList(value: unknown, depth = 0): string {
  if (value === null || typeof value !== "object") return escapeHtml(value);
  if (Array.isArray(value)) {
    if (!value.length) return "none";
    if (value.every((v) => v === null || typeof v !== "object")) return escapeHtml(value.join(", "));
    return `<ol>${value.map((v) => `<li>${summaryList(v, depth + 1)}</li>`).join("")}</ol>`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (depth > 0 && entries.every(([, v]) => v === null || typeof v !== "object")) return escapeHtml(entries.map(([k, v]) => `${k}: ${v}`).join(", "));
  return `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${summaryList(v, depth + 1)}</dd>`).join("")}</dl>`;
}

/** Rows shown in the page; the CSV has all of them. */
const HTML_ROWS = 2_000;

export function toHtml(title: string, generatedAt: string, org: string, output: ReportOutput): string {
  const charts = output.charts.map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${c.kind === "bars" ? barChart(c) : seriesChart(c)}</figure>`).join("");
  const tables = output.tables
    .map((t) => {
      const shown = t.rows.slice(0, HTML_ROWS);
      const more = t.rows.length > shown.length ? `<p>${t.rows.length - shown.length} more rows in the CSV (${t.rows.length} in all).</p>` : "";
      return (
        `<h2>${escapeHtml(t.title)} (${t.rows.length})</h2><table><thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
        shown.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c ?? "")}</td>`).join("")}</tr>`).join("") +
        `</tbody></table>${more}`
      );
    })
    .join("");
  const notes = output.notes?.length ? `<ul>${output.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}h1{font-size:1.5em}figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}svg text{font:12px system-ui,sans-serif;fill:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}th{background:#f3f4f6}dt{font-weight:600;margin-top:.4em}dd{margin-left:1.2em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(org)}, ${escapeHtml(generatedAt)}. ${escapeHtml(output.headline)}</p>
${notes}${charts}<h2>Summary</h2>${summaryList(output.summary)}${tables}
</body></html>
`;
}

// ---------------------------------------------------------------- files

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Writes a new file in the report directory the operator named (--report-dir). The name is a plain file name with
 * the expected extension (no directories, no leading dot); the file is created exclusively, without following a
 * symlink, mode 0600: nothing outside the directory is written and nothing is ever overwritten.
 */
export function writeReportFile(reportDir: string | undefined, name: string, extension: ".html" | ".csv", text: string): string {
  if (!reportDir) {
    throw new InvalidArgumentsError("This server writes no report files: the operator has not named a directory (start it with --report-dir DIR or OKTA_MCP_REPORT_DIR). The full rows are in the resource named in the result.");
  }
  if (!FILE_NAME.test(name) || name.includes("..") || !name.toLowerCase().endsWith(extension)) {
    throw new InvalidArgumentsError(`"${name.slice(0, 120)}" is not a plain file name ending in ${extension} (letters, digits, . _ -; no directories). It is created in the server's report directory.`);
  }
  const dir = realpathSync(reportDir);
  const path = join(dir, name);
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new InvalidArgumentsError(`${name} already exists in the report directory: choose another name (report files are never overwritten).`);
    throw new InvalidArgumentsError(`Could not create ${name} in the report directory (${code ?? "error"}).`);
  }
  try {
    const bytes = Buffer.from(text, "utf8");
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
  return path;
}
