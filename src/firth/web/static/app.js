// firth explorer: plain JavaScript over the JSON API (no framework, no CDN).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) {
    const error = new Error(data.detail || response.statusText);
    error.unknown = data.unknown || {};
    throw error;
  }
  return data;
}

function showError(target, error, retry) {
  target.textContent = error.message;
  // Unknown words: offer the suggestions as buttons that retry with them.
  for (const [word, close] of Object.entries(error.unknown || {})) {
    for (const suggestion of close) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = suggestion;
      button.className = "suggestion";
      button.addEventListener("click", () => retry(word, suggestion));
      target.append(button);
    }
  }
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function scatter(container, points, {xLabel = "", yLabel = "", highlight = null} = {}) {
  const width = 640, height = 420, pad = 40;
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y ?? 0);
  const span = (values) => {
    const low = Math.min(...values), high = Math.max(...values);
    return high > low ? [low, high] : [low - 1, high + 1];
  };
  const [x0, x1] = span(xs), [y0, y1] = span(ys);
  const sx = (x) => pad + (x - x0) / (x1 - x0) * (width - 2 * pad);
  const sy = (y) => height - pad - (y - y0) / (y1 - y0) * (height - 2 * pad);
  const svg = element("svg", {width, height, viewBox: `0 0 ${width} ${height}`});
  svg.append(element("line", {x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: "#999"}));
  svg.append(element("line", {x1: pad, y1: pad, x2: pad, y2: height - pad, stroke: "#999"}));
  svg.append(element("text", {x: width / 2, y: height - 8, "text-anchor": "middle", class: "axis-label"}, xLabel));
  svg.append(element("text", {x: 12, y: height / 2, transform: `rotate(-90 12 ${height / 2})`,
    "text-anchor": "middle", class: "axis-label"}, yLabel));
  container.replaceChildren(svg);  // attached first, so that labels can be measured
  for (const p of points) {
    const circle = element("circle", {cx: sx(p.x), cy: sy(p.y ?? 0), r: 4, class: "point",
      fill: p.word === highlight ? "#c0392b" : "#2c5d8f"});
    circle.append(element("title", {}, p.word));  // the word as a tooltip, labelled or not
    svg.append(circle);
  }
  // Labels do not pile up: one that would overlap a label already drawn is left out, the
  // highlighted word's first.
  const drawn = [];
  const order = [...points].sort((a, b) => (b.word === highlight) - (a.word === highlight));
  for (const p of order) {
    const label = element("text", {x: sx(p.x) + 6, y: sy(p.y ?? 0) - 6, class: "point-label",
      "font-size": 12}, p.word);
    svg.append(label);
    const box = label.getBBox();
    const clear = drawn.every((other) => box.x + box.width <= other.x || other.x + other.width <= box.x ||
      box.y + box.height <= other.y || other.y + other.height <= box.y);
    if (clear) drawn.push(box); else label.remove();
  }
}

function strips(container, data) {
  const cell = Math.max(3, Math.min(12, Math.floor(520 / data.vectors[0].length)));
  const rowHeight = 18, labelWidth = 110;
  const width = labelWidth + cell * data.vectors[0].length, height = rowHeight * data.words.length;
  const svg = element("svg", {width, height});
  const limit = data.limit || 1;
  data.words.forEach((word, row) => {
    svg.append(element("text", {x: 0, y: row * rowHeight + 13, class: "strip-label", "font-size": 12}, word));
    data.vectors[row].forEach((value, d) => {
      const t = Math.max(-1, Math.min(1, value / limit));  // diverging scale centred at 0
      const r = t < 0 ? 255 + t * 200 : 255, b = t > 0 ? 255 - t * 200 : 255, g = 255 - Math.abs(t) * 200;
      svg.append(element("rect", {x: labelWidth + d * cell, y: row * rowHeight + 2, width: cell,
        height: rowHeight - 4, fill: `rgb(${r | 0},${g | 0},${b | 0})`, class: "cell"}));
    });
  });
  container.replaceChildren(svg);
}

async function search(word) {
  const message = $("search-message");
  message.textContent = "";
  const body = $("neighbours").querySelector("tbody");
  body.replaceChildren();
  try {
    const neighbours = await api(`/api/neighbours?word=${encodeURIComponent(word)}&k=10`);
    for (const n of neighbours) {
      const row = document.createElement("tr");
      const cell = document.createElement("td");
      const link = document.createElement("a");
      link.href = "#";
      link.textContent = n.word;
      link.addEventListener("click", (event) => { event.preventDefault(); $("search").value = n.word; search(n.word); });
      cell.append(link);
      const score = document.createElement("td");
      score.className = "score";
      score.textContent = n.score.toFixed(3);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = `${Math.max(0, n.score) * 8}rem`;
      score.append(bar);
      row.append(cell, score);
      body.append(row);
    }
    const shown = [word, ...neighbours.slice(0, 5).map((n) => n.word)];
    strips($("strips"), await api("/api/vectors", {words: shown}));
    const points = await api(`/api/map?word=${encodeURIComponent(word)}&k=20`);
    scatter($("map"), points, {xLabel: "first principal axis", yLabel: "second", highlight: word});
  } catch (error) {
    showError(message, error, (_, suggestion) => { $("search").value = suggestion; search(suggestion); });
  }
}

async function complete() {
  const prefix = $("search").value.trim();
  if (!prefix) return;
  try {
    const words = await api(`/api/complete?prefix=${encodeURIComponent(prefix)}&limit=10`);
    $("suggestions").replaceChildren(...words.map((w) => Object.assign(document.createElement("option"), {value: w})));
  } catch (error) { /* a prefix too long: no suggestions */ }
}

async function solve() {
  const [a, b, c] = ["analogy-a", "analogy-b", "analogy-c"].map((id) => $(id).value.trim());
  const message = $("analogy-message"), list = $("analogy-results");
  message.textContent = "";
  list.replaceChildren();
  try {
    const answers = await api(`/api/analogy?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&c=${encodeURIComponent(c)}&k=5`);
    for (const answer of answers) {
      const item = document.createElement("li");
      item.textContent = `${answer.word} (${answer.score.toFixed(3)})`;
      item.dataset.word = answer.word;
      list.append(item);
    }
  } catch (error) {
    showError(message, error, (word, suggestion) => {
      for (const id of ["analogy-a", "analogy-b", "analogy-c"]) if ($(id).value.trim() === word) $(id).value = suggestion;
      solve();
    });
  }
}

function axisOf(from, to) {
  from = from.trim(); to = to.trim();
  if (from && to) return [from, to];
  return from || to || null;
}

async function project() {
  const message = $("project-message");
  message.textContent = "";
  const words = $("project-words").value.split(/\s+/).filter(Boolean);
  const x = axisOf($("x-from").value, $("x-to").value), y = axisOf($("y-from").value, $("y-to").value);
  const label = (axis) => Array.isArray(axis) ? `${axis[0]} → ${axis[1]}` : (axis || "");
  try {
    if (!x) throw new Error("give the x axis: one word, or two words from → to");
    const points = await api("/api/project", {words, x, y});
    scatter($("projection"), points, {xLabel: label(x), yLabel: label(y)});
  } catch (error) {
    showError(message, error, (word, suggestion) => {
      $("project-words").value = words.map((w) => w === word ? suggestion : w).join(" ");
      project();
    });
  }
}

$("search-form").addEventListener("submit", (event) => { event.preventDefault(); search($("search").value.trim()); });
$("search").addEventListener("input", complete);
$("analogy-form").addEventListener("submit", (event) => { event.preventDefault(); solve(); });
$("project-form").addEventListener("submit", (event) => { event.preventDefault(); project(); });
api("/api/info").then((info) => {
  $("info").textContent = `${info.words.toLocaleString()} words, ${info.dim} dimensions` +
    (info.method ? ` (${info.method})` : "") + ` — try ${info.examples.join(", ")}`;
});
