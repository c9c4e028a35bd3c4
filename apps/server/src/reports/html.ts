// The report page: one self-contained HTML document (inline CSS and SVG, no scripts, nothing fetched).

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A number for people: four significant digits, integers as they are. */
export function num(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value))
    return value === null || value === undefined ? "—" : esc(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(4);
}

/** A table from a header row and body rows (cells are already HTML). */
export function table(head: string[], rows: string[][], numericFrom = 1): string {
  const cls = (i: number) => (i >= numericFrom ? ' class="n"' : "");
  return `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** A chart figure: the SVG and its caption. */
export function figure(id: string, svg: string, caption?: string): string {
  return `<figure class="chart" data-chart="${esc(id)}">${svg}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ""}</figure>`;
}

const CSS = `
:root { --ink: #1b1f24; --muted: #5b636b; --line: #e1e4e8; --accent: #3b6ea8; --soft: #f5f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 40px 32px 64px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 28px; }
h1 { font-size: 30px; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 44px 0 12px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; color: var(--muted); }
p.lead { color: var(--muted); margin: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 18px 0 0; }
.fact { background: var(--soft); border-radius: 6px; padding: 10px 12px; }
.fact b { display: block; font-size: 19px; }
.fact span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
nav ol { columns: 2; padding-left: 20px; color: var(--muted); }
nav a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 18px; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: 14px 0 22px; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.row { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.note { color: var(--muted); font-style: italic; }
.warn { background: #fff6e5; border-left: 3px solid #e0a030; padding: 8px 12px; margin: 8px 0; }
.dag { display: grid; grid-template-columns: 1fr 40px 1.4fr 40px 1fr; align-items: start; gap: 6px; margin: 12px 0; }
.dag .col { display: flex; flex-direction: column; gap: 6px; }
.dag .arrow { align-self: center; text-align: center; color: var(--muted); font-size: 22px; }
.chip { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 3px 8px; font-size: 13px; }
.step { border: 1px solid var(--accent); border-radius: 6px; padding: 6px 10px; font-size: 13px; background: #f0f5fb; }
.step b { color: var(--accent); }
code { background: var(--soft); padding: 1px 4px; border-radius: 3px; font-size: 12.5px; }
footer { margin-top: 56px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 12px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: auto; break-after: avoid; }
  figure.chart, table, .dag { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** One rendered section of the report. */
export interface SectionHtml {
  id: string;
  title: string;
  body: string;
}

/** Assembles the page: title, headline facts, contents, sections, footer. */
export function page(input: {
  title: string;
  subtitle: string;
  facts: { label: string; value: string }[];
  sections: SectionHtml[];
  footer: string;
}): string {
  const facts = input.facts
    .map((f) => `<div class="fact"><span>${esc(f.label)}</span><b>${esc(f.value)}</b></div>`)
    .join("");
  const toc = input.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join("");
  const body = input.sections
    .map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.body}</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title><style>${CSS}</style></head>
<body><main>
<header><h1>${esc(input.title)}</h1><p class="lead">${esc(input.subtitle)}</p><div class="facts">${facts}</div></header>
<nav><h3>Contents</h3><ol>${toc}</ol></nav>
${body}
<footer>${esc(input.footer)}</footer>
</main></body></html>
`;
}
