// Charts for strikewatch pages, drawn with plotly.js (served by the app from the plotly package).
function readData(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : [];
}

function drawByMonth(target, dataId) {
  // a date axis: one bar per month at its first day (empty months are zeros, sent by the server)
  const series = readData(dataId);
  const n = series.length ? series[0].x.length : 0;
  const traces = series.map(s => ({
    type: "bar", name: s.label, x: s.x, y: s.counts, marker: { color: s.color },
    hovertemplate: "%{x|%b %Y}: %{y} " + s.label + "<extra></extra>",
  }));
  // counts are whole numbers: a tick each event while the tallest month is small
  const maxCount = Math.max(0, ...Array.from({ length: n }, (_, i) => series.reduce((t, s) => t + s.counts[i], 0)));
  const dtick = n <= 12 ? "M1" : n <= 36 ? "M3" : n <= 72 ? "M6" : n <= 180 ? "M12" : "M24";
  Plotly.newPlot(target, traces, {
    barmode: "stack", bargap: 0.15, margin: { t: 10, r: 10, b: 40, l: 40 }, legend: { orientation: "h", y: -0.2 },
    xaxis: { type: "date", dtick: dtick, tickformat: dtick === "M1" || dtick === "M3" ? "%b %Y" : "%Y",
             hoverformat: "%b %Y", automargin: true },
    yaxis: { title: { text: "events" }, rangemode: "tozero", tickformat: ",d", tick0: 0, ...(maxCount <= 10 ? { dtick: 1 } : {}) },
  }, { displayModeBar: false, responsive: true });
}

function drawTimeline(target, dataId) {
  const points = readData(dataId);
  const types = [...new Set(points.map(p => p.type))];
  const traces = types.map(t => {
    const ps = points.filter(p => p.type === t);
    return {
      type: "scatter", mode: "markers", name: t.replace(/_/g, " "),
      x: ps.map(p => p.date), y: ps.map(p => t.replace(/_/g, " ")),
      text: ps.map(p => p.status), customdata: ps.map(p => p.id),
      marker: { size: 14, color: ps.length ? ps[0].color : "#444" },
      hovertemplate: "%{y} (%{text})<br>%{x}<extra></extra>",
    };
  });
  Plotly.newPlot(target, traces, {
    margin: { t: 10, r: 10, b: 30, l: 130 }, showlegend: false, xaxis: { type: "date" },
  }, { displayModeBar: false, responsive: true });
  document.getElementById(target).on("plotly_click", ev => {
    const id = ev.points[0].customdata;
    if (id) window.location.href = "/events/" + encodeURIComponent(id);
  });
}

// no inline scripts (the Content-Security-Policy forbids them): draw what the page holds
document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("by-month-data")) drawByMonth("by-month", "by-month-data");
  if (document.getElementById("timeline-data")) drawTimeline("timeline", "timeline-data");
});
