// Query results: a sortable table, a chart when the shape fits (a time series as a line, a
// category by measures as bars) with a toggle to the table, and a CSV download.
import { el } from "./dom.js";

function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

function isTime(column, rows, index) {
  const type = (column.type || "").toUpperCase();
  if (type.includes("DATE") || type.includes("TIME")) return true;
  return rows.every((r) => typeof r[index] === "string" && /^\d{4}(-\d{2}){0,2}([ T].*)?$/.test(r[index]));
}

/** "line" for a time series, "bar" for a category by measures, null when no chart fits. */
function chartKind(columns, rows) {
  if (columns.length < 2 || rows.length < 2) return null;
  const measures = columns.slice(1).every((c, i) => rows.every((r) => isNumber(r[i + 1])));
  if (!measures) return null;
  if (isTime(columns[0], rows, 0)) return "line";
  return rows.length <= 60 && rows.every((r) => typeof r[0] === "string") ? "bar" : null;
}

export function renderResults(answer) {
  const columns = answer.columns;
  const rows = answer.rows.slice();
  const wrap = el("div", { class: "results" });
  const tools = el("div", { class: "tools", role: "group", "aria-label": "Result views" });
  const tableView = el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Result table" },
    renderTable(columns, rows));
  const kind = chartKind(columns, rows);
  let chartView = null;
  if (kind) {
    const canvas = el("canvas", { role: "img", "aria-label": kind + " chart of " + columns.map((c) => c.name).join(", ") });
    chartView = el("div", { class: "chart", "data-kind": kind }, canvas);
    const showChart = el("button", { type: "button", class: "secondary show-chart", "aria-pressed": "true", text: "Chart" });
    const showTable = el("button", { type: "button", class: "secondary show-table", "aria-pressed": "false", text: "Table" });
    showChart.addEventListener("click", () => toggle(true));
    showTable.addEventListener("click", () => toggle(false));
    const toggle = (chart) => {
      chartView.hidden = !chart;
      tableView.hidden = chart;
      showChart.setAttribute("aria-pressed", String(chart));
      showTable.setAttribute("aria-pressed", String(!chart));
    };
    tools.append(showChart, showTable);
    tableView.hidden = true;
    requestAnimationFrame(() => drawChart(canvas, kind, columns, rows));
  }
  tools.append(el("button", { type: "button", class: "secondary download-csv", text: "Download CSV",
    onclick: () => downloadCsv(columns, answer.rows) }));
  if (answer.truncated) tools.append(el("span", { class: "muted", text: "Only the first rows are shown." }));
  wrap.append(tools);
  if (chartView) wrap.append(chartView);
  wrap.append(tableView);
  return wrap;
}

export function renderTable(columns, rows) {
  const table = el("table", { class: "result-table" });
  const body = el("tbody");
  const head = el("tr");
  let sortIndex = -1;
  let ascending = true;
  const fill = () => {
    body.replaceChildren(...rows.map((r) => el("tr", {}, ...r.map((v) =>
      el("td", { class: isNumber(v) ? "number" : "", text: v === null ? "" : String(v) })))));
  };
  columns.forEach((c, i) => {
    const th = el("th", { scope: "col", "aria-sort": "none" });
    th.append(el("button", { type: "button", text: c.name, onclick: () => {
      ascending = sortIndex === i ? !ascending : true;
      sortIndex = i;
      rows.sort((a, b) => compare(a[i], b[i]) * (ascending ? 1 : -1));
      head.querySelectorAll("th").forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      fill();
    } }));
    head.append(th);
  });
  fill();
  table.append(el("thead", {}, head), body);
  return table;
}

function compare(a, b) {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (isNumber(a) && isNumber(b)) return a - b;
  return String(a).localeCompare(String(b));
}

/** A point's label: a period's first instant without its midnight ("2025-03-01"). */
function label(value) {
  return String(value).replace(/[T ]00:00(:00(\.0+)?)?(Z|[+-]00:?00)?$/, "");
}

function drawChart(canvas, kind, columns, rows) {
  if (typeof Chart === "undefined") return;
  const palette = ["#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490"];
  new Chart(canvas, {
    type: kind,
    data: {
      labels: rows.map((r) => label(r[0])),
      datasets: columns.slice(1).map((c, i) => ({
        label: c.name,
        data: rows.map((r) => r[i + 1]),
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
      })),
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false },
  });
}

function csvCell(v) {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s; // not a formula in a spreadsheet
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function downloadCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.name)).join(",")]
    .concat(rows.map((r) => r.map(csvCell).join(",")));
  const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "sextant-answer.csv" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
