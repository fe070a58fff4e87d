/*
 * Statistics charts (Apache ECharts, vendored as echarts.min.js).
 *
 * Each chart is an element with data-chart="<kind>" and data-source="<id>", where <id> is a
 * <script type="application/json"> block written by Django's json_script: data, not code, so
 * the page's Content Security Policy (no inline scripts) holds. The same figures are on the page
 * as tables, so nothing depends on this file.
 */
(function () {
  "use strict";

  var PALETTE = ["#1d4ed8", "#059669", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#64748b"];

  function readData(id) {
    var node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  function months(data) {
    return {
      color: PALETTE,
      title: { text: "按月收到和办结", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: ["收到", "办结"] },
      grid: { left: 40, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.months.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "收到", type: "bar", data: data.months.received },
        { name: "办结", type: "line", data: data.months.closed }
      ]
    };
  }

  function pie(title, items) {
    return {
      color: PALETTE,
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          radius: ["30%", "55%"],
          center: ["50%", "48%"],
          data: items.filter(function (i) { return i.value > 0; }),
          label: { formatter: "{b} {c}件", overflow: "none" }
        }
      ]
    };
  }

  function units(data) {
    return {
      color: PALETTE,
      title: { text: "各承办单位", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: ["收到", "办结", "按时办结率"] },
      grid: { left: 50, right: 50, top: 40, bottom: 80 },
      xAxis: { type: "category", data: data.units.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [
        { type: "value", name: "件", minInterval: 1 },
        { type: "value", name: "%", min: 0, max: 100 }
      ],
      series: [
        { name: "收到", type: "bar", data: data.units.received },
        { name: "办结", type: "bar", data: data.units.closed },
        { name: "按时办结率", type: "line", yAxisIndex: 1, data: data.units.on_time_rate }
      ]
    };
  }

  var BUILDERS = {
    months: months,
    outcomes: function (data) { return pie("办理结果", data.outcomes); },
    channels: function (data) { return pie("申请方式", data.channels); },
    units: units
  };

  function draw() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    var charts = [];
    var nodes = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(nodes, function (node) {
      var build = BUILDERS[node.getAttribute("data-chart")];
      var data = readData(node.getAttribute("data-source"));
      if (!build || !data) {
        return;
      }
      var chart = window.echarts.init(node, null, { renderer: "canvas" });
      chart.setOption(build(data));
      node.setAttribute("data-drawn", "true");
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
