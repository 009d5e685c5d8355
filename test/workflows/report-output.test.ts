// What a report writes for people: escaped HTML with no script and nothing loaded, CSV that a spreadsheet does not
// execute, and files created only inside the report directory.
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toCsv, toHtml, writeReportFile } from "../../src/reports/output.js";
import type { ReportOutput } from "../../src/reports/types.js";

const hostile = '<img src=x onerror=alert(1)>"\'&';
const output: ReportOutput = {
  headline: `Headline ${hostile}`,
  summary: { top: [{ login: hostile, count: 3 }], counts: { [hostile]: 1 } },
  tables: [{ name: "rows", title: `Rows ${hostile}`, columns: ["login", "n"], rows: [[hostile, 1], ["=HYPERLINK(\"http://evil\")", 2], ["+1", 3], ["-2", 4], ["@SUM(A1)", 5], ["plain, \"quoted\"", 6]] }],
  charts: [
    { kind: "bars", title: `Bars ${hostile}`, bars: [{ label: hostile, value: 3 }, { label: "b", value: 1 }] },
    { kind: "series", title: "Series", start: "2026-06-15T00:00:00.000Z", bucketMinutes: 60, values: [1, 0, 4] },
  ],
  notes: [hostile],
};

describe("report HTML", () => {
  const html = toHtml(`Title ${hostile}`, "2026-06-15T12:00:00.000Z", "https://example.okta.com", output);

  it("escapes every value from Okta", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain("onerror=alert(1)>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
  });

  it("is self-contained: inline SVG charts, no script, nothing loaded from elsewhere", () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|<iframe|src=["']?http|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});

describe("report CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    const lines = toCsv(output.tables[0]).split("\r\n");
    expect(lines[0]).toBe("login,n");
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil"")",2`);
    expect(lines.slice(3, 6)).toEqual(["'+1,3", "'-2,4", "'@SUM(A1),5"]);
    expect(lines[6]).toBe('"plain, ""quoted""",6');
  });
});

describe("report files", () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "report-dir-"));
    chmodSync(d, 0o700);
    return d;
  };

  it("creates a new file, mode 0600, inside the directory", () => {
    const d = dir();
    const path = writeReportFile(d, "r.html", ".html", "<p>x</p>");
    expect(path).toBe(join(d, "r.html"));
    expect(readFileSync(path, "utf8")).toBe("<p>x</p>");
  });

  it("never overwrites, never follows a symlink, never leaves the directory", () => {
    const d = dir();
    writeFileSync(join(d, "taken.csv"), "keep");
    expect(() => writeReportFile(d, "taken.csv", ".csv", "x")).toThrow(/already exists/);
    expect(readFileSync(join(d, "taken.csv"), "utf8")).toBe("keep");
    const outside = join(dir(), "target.csv");
    symlinkSync(outside, join(d, "link.csv"));
    expect(() => writeReportFile(d, "link.csv", ".csv", "x")).toThrow(/already exists|Could not create/);
    for (const name of ["../x.csv", "sub/x.csv", ".hidden.csv", "x.csv.html", "", "a".repeat(101) + ".csv"]) {
      expect(() => writeReportFile(d, name, ".csv", "x"), name).toThrow(/plain file name/);
    }
  });

  it("without a report directory, refuses and points at the resource", () => {
    expect(() => writeReportFile(undefined, "r.html", ".html", "x")).toThrow(/--report-dir/);
  });
});
