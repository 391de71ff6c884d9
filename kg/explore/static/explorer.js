/*
 * sahel-kg explorer: graph (vis-network), side panel, search, filters, timeline and map.
 *
 * Two sources of data, one page: served by `kg serve` it asks the JSON API (the server
 * chooses what to draw, capped); written by `kg viz` it reads the JSON block #kg-data and
 * filters in the browser. Text from documents is untrusted: every piece goes into the page
 * through textContent or an attribute set by the DOM API, never through innerHTML.
 *
 * Tests read window.kgExplorer.nodeIds() and #graph[data-state] ("drawn" once the physics
 * has stabilised and stopped).
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var embedded = document.getElementById("kg-data");
  var DATA = embedded ? JSON.parse(embedded.textContent) : null;
  var graphBox = document.getElementById("graph");
  var panel = document.getElementById("panel");
  var statusBox = document.getElementById("status");
  var filtersForm = document.getElementById("filters");
  var timelineBox = document.getElementById("timeline");
  var mapBox = document.getElementById("map");
  var network = null;
  var drawnIds = [];
  var drawnNodes = [];
  var drawnEdges = [];
  var lastIncidents = [];

  // ---- small DOM helpers (text only) -------------------------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function setStatus(text) { statusBox.textContent = text; }

  // ---- data sources ------------------------------------------------------------------
  function getJSON(path, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) { if (params[k] !== "" && params[k] != null) query.set(k, params[k]); });
    var url = path + (query.toString() ? "?" + query.toString() : "");
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) { throw new Error(text.trim() || response.statusText); });
      }
      return response.json();
    });
  }

  var serverApi = {
    graph: function (f) { return getJSON("/api/graph", f); },
    node: function (iri) { return getJSON("/api/node", { iri: iri }); },
    search: function (q) { return getJSON("/api/search", { q: q }).then(function (r) { return r.results; }); },
    incidents: function (f) { return getJSON("/api/timeline", incidentFilters(f)).then(function (r) { return r.incidents; }); },
    map: function (f) { return getJSON("/api/map", incidentFilters(f)); },
    legend: function () { return getJSON("/api/legend").then(function (r) { return r.legend; }); }
  };

  function incidentFilters(f) {
    var copy = {};
    ["from", "to", "country", "actor", "type"].forEach(function (k) { copy[k] = f[k]; });
    return copy;
  }

  // In a kg viz file: the same answers, computed from the embedded data.
  function fileApi(data) {
    var byId = {};
    data.graph.nodes.forEach(function (n) { byId[n.id] = n; });
    var incidentById = {};
    data.incidents.forEach(function (i) { incidentById[i.id] = i; });
    function lower(s) { return String(s || "").toLowerCase(); }
    function actorNames(incident) {
      var names = incident.attackers.map(lower);
      (incident.attackerIds || []).forEach(function (id) {
        if (byId[id]) { names.push(lower(byId[id].label)); names.push(lower(byId[id].title)); }
      });
      return names;
    }
    function passes(incident, f) {
      if (!incident) return true;
      if (f.from && !(incident.date && incident.date >= f.from)) return false;
      if (f.to && !(incident.date && incident.date <= f.to)) return false;
      if (f.country && [incident.country, incident.region].map(lower).indexOf(lower(f.country)) < 0) return false;
      if (f.actor && actorNames(incident).indexOf(lower(f.actor)) < 0) return false;
      if (f.type && [incident.type, incident.eventType].map(lower).indexOf(lower(f.type)) < 0) return false;
      return true;
    }
    return {
      graph: function (f) {
        var keep = {};
        data.graph.nodes.forEach(function (n) { keep[n.id] = n.kind !== "event" || passes(incidentById[n.id], f); });
        // As on the server: while filtering, a claim is kept when it is about a kept incident,
        // a document when it reports one; the focused node always is.
        var filtering = ["from", "to", "country", "actor", "type"].some(function (k) { return f[k]; });
        if (filtering) {
          var backed = {};
          data.graph.edges.forEach(function (e) {
            if (e.label === "about" && byId[e.to] && byId[e.to].kind === "event" && keep[e.to]) backed[e.from] = true;
            if (e.label === "reported in" && byId[e.from] && byId[e.from].kind === "event" && keep[e.from]) backed[e.to] = true;
          });
          data.graph.nodes.forEach(function (n) {
            if ((n.kind === "claim" || n.kind === "document") && n.id !== f.focus) keep[n.id] = !!backed[n.id];
          });
        }
        if (!f.claims) {
          data.graph.nodes.forEach(function (n) { if (n.kind === "claim" && n.id !== f.focus) keep[n.id] = false; });
        }
        if (f.focus) keep[f.focus] = true;
        var edges = data.graph.edges.filter(function (e) { return keep[e.from] && keep[e.to]; });
        var adjacency = {};
        edges.forEach(function (e) {
          (adjacency[e.from] = adjacency[e.from] || []).push(e.to);
          (adjacency[e.to] = adjacency[e.to] || []).push(e.from);
        });
        var chosen = {};
        var seeds = f.focus && byId[f.focus] ? [f.focus]
          : data.graph.nodes.filter(function (n) { return n.kind === "event" && keep[n.id]; }).map(function (n) { return n.id; });
        var depth = f.depth === "" || f.depth == null ? 2 : Number(f.depth);
        var level = seeds;
        level.forEach(function (id) { chosen[id] = true; });
        for (var d = 0; d < depth; d++) {
          var next = [];
          level.forEach(function (id) {
            (adjacency[id] || []).forEach(function (other) {
              if (!chosen[other]) { chosen[other] = true; next.push(other); }
            });
          });
          level = next;
        }
        var nodes = data.graph.nodes.filter(function (n) { return chosen[n.id]; });
        return Promise.resolve({
          nodes: nodes, truncated: data.graph.truncated,
          edges: edges.filter(function (e) { return chosen[e.from] && chosen[e.to]; })
        });
      },
      node: function (iri) {
        var found = data.details[iri];
        return found ? Promise.resolve(found) : Promise.reject(new Error("no details for this node in the file"));
      },
      search: function (q) {
        var needle = lower(q);
        return Promise.resolve(data.graph.nodes.filter(function (n) {
          return lower(n.label).indexOf(needle) >= 0 || lower(n.title).indexOf(needle) >= 0;
        }).slice(0, 20));
      },
      incidents: function (f) { return Promise.resolve(data.incidents.filter(function (i) { return passes(i, f); })); },
      map: function (f) {
        return Promise.resolve({
          incidents: data.incidents.filter(function (i) { return i.position && passes(i, f); }),
          outlines: data.outlines, box: data.box
        });
      },
      legend: function () { return Promise.resolve(data.legend); }
    };
  }

  var api = DATA ? fileApi(DATA) : serverApi;

  function currentFilters() {
    var f = {};
    new FormData(filtersForm).forEach(function (value, key) { f[key] = String(value).trim(); });
    return f;
  }

  // ---- the graph ---------------------------------------------------------------------
  function tooltip(text) {
    // An element, not a string: vis-network shows it as is, so no markup is ever parsed.
    return el("div", text, "tooltip");
  }

  function draw(result) {
    drawnIds = result.nodes.map(function (n) { return n.id; });
    drawnNodes = result.nodes;
    drawnEdges = result.edges;
    graphBox.dataset.state = "drawing";
    graphBox.dataset.nodeCount = String(result.nodes.length);
    var nodes = new vis.DataSet(result.nodes.map(function (n) {
      // Incidents and actors carry the larger labels; the smaller ones (documents, claims) are
      // drawn only once zoomed in far enough to read them (scaling.label.drawThreshold).
      var big = n.kind === "event" || n.kind === "actor";
      return { id: n.id, label: n.label, title: tooltip(n.title), shape: n.shape, color: n.color, kind: n.kind,
               size: n.kind === "event" ? 20 : big ? 15 : 10,
               font: { size: big ? 18 : n.kind === "place" ? 15 : 12, strokeWidth: 4, strokeColor: "#ffffff" },
               scaling: { label: { enabled: true, min: 10, max: 30, drawThreshold: 8 } } };
    }));
    var edges = new vis.DataSet(result.edges.map(function (e, i) {
      var role = EDGE_ROLES[e.role];  // attacker → incident → target: coloured, thick, dashed for targets
      return { id: "e" + i, from: e.from, to: e.to, title: tooltip(e.label), role: e.role || "",
               arrows: { to: { enabled: true, scaleFactor: role ? 0.8 : 0.5 } },
               color: { color: role ? role.color : "#c4c4c4", highlight: role ? role.color : "#888" },
               width: role ? 2.5 : 1, dashes: role ? role.dashes : false };
    }));
    if (network) network.destroy();
    network = new vis.Network(graphBox, { nodes: nodes, edges: edges }, {
      interaction: { hover: true, tooltipDelay: 150 },
      physics: { solver: "forceAtlas2Based", stabilization: { enabled: true, iterations: 400, fit: true } },
      // vis-network's improved layout gives up (and says so) on large graphs; physics places them anyway.
      layout: { improvedLayout: result.nodes.length <= 150, randomSeed: 7 },  // the same drawing every time
      nodes: { borderWidth: 1 }, edges: { smooth: false }
    });
    network.once("stabilizationIterationsDone", function () {
      // Stabilise, then stop: the drawing holds still while the analyst reads it.
      network.setOptions({ physics: false });
      graphBox.dataset.state = "drawn";
    });
    network.on("click", function (params) {
      if (params.nodes.length) openPanel(params.nodes[0]);
    });
    var note = result.nodes.length + " nodes, " + result.edges.length + " links";
    if (result.truncated) note += " — more match: narrow the filters or focus on a node";
    setStatus(note);
    if (!result.nodes.length) graphBox.dataset.state = "drawn";
  }

  // ---- the view in the address: bookmarkable, and Back returns to the previous view --------
  var STATE_KEYS = ["focus", "from", "to", "country", "actor", "type", "depth", "claims"];
  function stateQuery(f) {
    var query = new URLSearchParams();
    STATE_KEYS.forEach(function (k) {
      if (f[k] && !(k === "depth" && f[k] === filtersForm.elements.depth.defaultValue)) query.set(k, f[k]);
    });
    var text = query.toString();
    return text ? "?" + text : "";
  }
  function readAddress() {
    // The form from the address (server mode only: a kg viz file keeps its own view).
    var query = new URLSearchParams(window.location.search);
    STATE_KEYS.forEach(function (k) {
      var input = filtersForm.elements[k];
      if (input.type === "checkbox") input.checked = query.get(k) === "1";
      else input.value = query.get(k) || (k === "depth" ? input.defaultValue : "");
    });
  }
  function showFocusPanel() {
    var focus = filtersForm.elements.focus.value;
    if (focus) { openPanel(focus); return; }
    clear(panel);
    delete panel.dataset.node;
    panel.appendChild(el("p", "Click a node, or search, to see its properties, the claims about it and the sentences " +
      "that support them.", "hint"));
  }
  if (!DATA) {
    window.addEventListener("popstate", function () { readAddress(); refresh(false); showFocusPanel(); });
  }

  function refresh(remember) {
    var f = currentFilters();
    if (!DATA && remember !== false && stateQuery(f) !== window.location.search) {
      window.history.pushState(null, "", window.location.pathname + stateQuery(f));
    }
    setStatus("loading…");
    graphBox.dataset.state = "loading";
    timelineBox.dataset.state = "loading";
    mapBox.dataset.state = "loading";
    api.graph(f).then(draw).catch(showError);
    api.incidents(f).then(drawTimeline).then(function () { timelineBox.dataset.state = "drawn"; }).catch(showError);
    api.map(f).then(drawMap).then(function () { mapBox.dataset.state = "drawn"; }).catch(showError);
  }

  function focusOn(iri) {
    filtersForm.elements.focus.value = iri;
    refresh();
    openPanel(iri);
  }

  function showError(err) {
    setStatus("error: " + (err && err.message ? err.message : String(err)));
    if (graphBox.dataset.state !== "drawn") graphBox.dataset.state = "error";
  }

  // ---- the side panel ----------------------------------------------------------------
  function evidenceList(items) {
    var list = el("ul", null, "evidence");
    items.forEach(function (ev) {
      var item = el("li");
      item.appendChild(el("q", ev.quote));
      item.appendChild(document.createTextNode(" "));
      var where = ev.file + " [" + ev.start + "–" + ev.end + "]";
      if (DATA) {
        var button = el("button", where, "link");
        button.type = "button";
        button.addEventListener("click", function () { showDocument(ev); });
        item.appendChild(button);
      } else {
        var link = el("a", where);
        link.href = ev.link;  // built by the server from the document id and two integers
        item.appendChild(link);
      }
      list.appendChild(item);
    });
    return list;
  }

  function openPanel(iri) {
    api.node(iri).then(function (d) {
      clear(panel);
      panel.dataset.node = d.id;
      panel.appendChild(el("h2", d.title || d.label));
      panel.appendChild(el("p", d.kind + " · " + d.id, "kind"));
      var focus = el("button", "Show its neighbourhood", "focus");
      focus.type = "button";
      focus.addEventListener("click", function () { focusOn(d.id); });
      panel.appendChild(focus);
      panel.appendChild(el("h3", "Claims (" + d.claims.length + ")"));
      var claims = el("ol", null, "claims");
      d.claims.forEach(function (c) {
        var item = el("li", null, "claim");
        item.appendChild(el("strong", c.claimant));
        item.appendChild(document.createTextNode(" " + c.stance + " · " + c.kind +
          (c.figures.length ? " · " + c.figures.join(", ") : "") + " (" + c.file + ")"));
        if (c.quote) item.appendChild(el("blockquote", c.quote));
        item.appendChild(evidenceList(c.evidence));
        claims.appendChild(item);
      });
      panel.appendChild(claims);
      panel.appendChild(el("h3", "Evidence (" + d.evidence.length + ")"));
      panel.appendChild(evidenceList(d.evidence));
      if (d.properties.length) {
        panel.appendChild(el("h3", "Properties"));
        var dl = el("dl", null, "properties");
        d.properties.forEach(function (p) {
          dl.appendChild(el("dt", p.name));
          var dd = el("dd");
          if (p.iri) {
            var b = el("button", p.value, "link");
            b.type = "button";
            b.addEventListener("click", function () { openPanel(p.iri); });
            dd.appendChild(b);
          } else {
            dd.textContent = p.value;
          }
          dl.appendChild(dd);
        });
        panel.appendChild(dl);
      }
      if (network && drawnIds.indexOf(iri) >= 0) network.selectNodes([iri]);
    }).catch(showError);
  }

  function showDocument(ev) {
    var doc = DATA.documents[ev.document];
    if (!doc) { setStatus("the document's text is not in this file"); return; }
    clear(panel);
    panel.appendChild(el("h2", doc.title || doc.file));
    panel.appendChild(el("p", doc.file + " [" + ev.start + "–" + ev.end + "]", "kind"));
    var pre = el("pre", null, "document-text");
    pre.appendChild(document.createTextNode(doc.text.slice(0, ev.start)));
    var mark = el("mark", doc.text.slice(ev.start, ev.end));
    pre.appendChild(mark);
    pre.appendChild(document.createTextNode(doc.text.slice(ev.end)));
    panel.appendChild(pre);
    mark.scrollIntoView({ block: "center" });
  }

  // ---- search ------------------------------------------------------------------------
  var searchForm = document.getElementById("search-form");
  var searchResults = document.getElementById("search-results");
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = document.getElementById("search").value.trim();
    if (!q) return;
    api.search(q).then(function (hits) {
      clear(searchResults);
      if (!hits.length) searchResults.appendChild(el("li", "nothing found"));
      hits.forEach(function (hit) {
        var item = el("li");
        var b = el("button", hit.label + " (" + hit.kind + ")", "hit");
        b.type = "button";
        b.title = hit.title;
        b.dataset.iri = hit.id;
        b.addEventListener("click", function () { searchResults.hidden = true; focusOn(hit.id); });
        item.appendChild(b);
        searchResults.appendChild(item);
      });
      searchResults.hidden = false;
    }).catch(showError);
  });

  filtersForm.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
  filtersForm.elements.claims.addEventListener("change", function () { refresh(); });
  // The button is not called "reset": a form control with that id would shadow form.reset().
  document.getElementById("reset-view").addEventListener("click", resetView);

  function resetView() {
    // The default view: no filter, no focus, the default depth, an empty panel.
    Array.prototype.forEach.call(filtersForm.elements, function (input) {
      if (input.type === "checkbox") input.checked = false;
      else if (input.name && input.name !== "depth") input.value = "";
    });
    filtersForm.elements.depth.value = filtersForm.elements.depth.defaultValue;
    showFocusPanel();
    refresh();
  }

  // ---- legend ------------------------------------------------------------------------
  var EDGE_ROLES = {};  // role -> {color, dashes}, from the legend
  function drawLegend(entries) {
    var box = document.getElementById("legend");
    clear(box);
    entries.forEach(function (entry) {
      var item = el("li");
      if (entry.shape === "edge") {
        EDGE_ROLES[entry.role] = { color: entry.color, dashes: entry.dashes };
        item.className = "edge-" + entry.role;
        var line = svg("svg", { width: 28, height: 14, viewBox: "0 0 28 14", "aria-hidden": "true" });
        line.appendChild(svg("line", { x1: 1, y1: 7, x2: 21, y2: 7, stroke: entry.color, "stroke-width": 2.5,
                                       "stroke-dasharray": entry.dashes ? "5 3" : "none" }));
        line.appendChild(svg("polygon", { points: "20,2 27,7 20,12", fill: entry.color }));
        item.appendChild(line);
        item.appendChild(el("span", entry.label));
        box.appendChild(item);
        return;
      }
      var mark = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
      var shape = entry.shape === "square" ? svg("rect", { x: 2, y: 2, width: 10, height: 10 })
        : entry.shape === "triangle" ? svg("polygon", { points: "7,1 13,13 1,13" })
        : entry.shape === "diamond" ? svg("polygon", { points: "7,1 13,7 7,13 1,7" })
        : entry.shape === "star" ? svg("polygon", { points: "7,0 9,5 14,5 10,8 12,14 7,10 2,14 4,8 0,5 5,5" })
        : svg("circle", { cx: 7, cy: 7, r: 6 });
      shape.setAttribute("fill", entry.color);
      mark.appendChild(shape);
      item.appendChild(mark);
      item.appendChild(el("span", entry.label));
      box.appendChild(item);
    });
  }

  // ---- timeline ----------------------------------------------------------------------
  var TYPE_COLOURS = ["#d35400", "#2471a3", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];
  function colourOf(types, type) {
    if (types.indexOf(type) < 0) types.push(type);
    return TYPE_COLOURS[types.indexOf(type) % TYPE_COLOURS.length];
  }

  function drawTimeline(incidents) {
    lastIncidents = incidents;
    var box = document.getElementById("timeline");
    clear(box);
    var dated = incidents.filter(function (i) { return i.date; });
    var width = 640, left = 150, right = 16, top = 10, laneHeight = 26;
    var by = document.getElementById("lanes").value;
    var lanes = [];
    dated.forEach(function (i) {
      var lane = by === "region" ? (i.region || i.country || "unplaced") : (i.attackers[0] || "no attacker named");
      if (lanes.indexOf(lane) < 0) lanes.push(lane);
      i._lane = lanes.indexOf(lane);
    });
    var height = top + Math.max(lanes.length, 1) * laneHeight + 30;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!dated.length) {
      var none = svg("text", { x: 10, y: 24 });
      none.textContent = "no dated incident matches";
      box.appendChild(none);
      return;
    }
    var times = dated.map(function (i) { return Date.parse(i.date); });
    var t0 = Math.min.apply(null, times), t1 = Math.max.apply(null, times);
    if (t1 === t0) { t0 -= 864e5 * 15; t1 += 864e5 * 15; }
    function x(t) { return left + (t - t0) / (t1 - t0) * (width - left - right); }
    lanes.forEach(function (lane, n) {
      var y = top + n * laneHeight + laneHeight / 2;
      box.appendChild(svg("line", { x1: left, x2: width - right, y1: y, y2: y, "class": "lane" }));
      var label = svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", "class": "lane-label" });
      label.textContent = lane.length > 24 ? lane.slice(0, 23) + "…" : lane;
      box.appendChild(label);
    });
    var axisY = top + lanes.length * laneHeight + 14;
    [t0, (t0 + t1) / 2, t1].forEach(function (t, n) {
      var tick = svg("text", { x: x(t), y: axisY, "text-anchor": n === 0 ? "start" : n === 2 ? "end" : "middle", "class": "tick" });
      tick.textContent = new Date(t).toISOString().slice(0, 10);
      box.appendChild(tick);
    });
    var types = [];
    dated.forEach(function (i, n) {
      var dot = svg("circle", { cx: x(Date.parse(i.date)), cy: top + i._lane * laneHeight + laneHeight / 2, r: 6,
                                fill: colourOf(types, i.eventType || i.type), "class": "incident", tabindex: 0 });
      dot.dataset.iri = i.id;
      var title = svg("title", {});
      title.textContent = i.date + " · " + i.type + " · " + i.place + (i.attackers.length ? " · " + i.attackers.join(", ") : "");
      dot.appendChild(title);
      dot.addEventListener("click", function () { focusOn(i.id); });
      box.appendChild(dot);
      void n;
    });
  }
  document.getElementById("lanes").addEventListener("change", function () { drawTimeline(lastIncidents); });

  // ---- map ---------------------------------------------------------------------------
  function drawMap(answer) {
    var box = document.getElementById("map");
    clear(box);
    var b = answer.box;  // west, south, east, north
    var scale = 12, width = (b[2] - b[0]) * scale, height = (b[3] - b[1]) * scale;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    function px(lon) { return ((lon - b[0]) * scale).toFixed(1); }
    function py(lat) { return ((b[3] - lat) * scale).toFixed(1); }
    box.appendChild(svg("rect", { x: 0, y: 0, width: width, height: height, "class": "sea" }));
    for (var lon = Math.ceil(b[0] / 5) * 5; lon <= b[2]; lon += 5) {
      box.appendChild(svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: height, "class": "graticule" }));
    }
    for (var lat = Math.ceil(b[1] / 5) * 5; lat <= b[3]; lat += 5) {
      box.appendChild(svg("line", { x1: 0, x2: width, y1: py(lat), y2: py(lat), "class": "graticule" }));
    }
    answer.outlines.forEach(function (country) {
      var d = country.rings.map(function (ring) {
        return "M" + ring.map(function (p) { return px(p[0]) + "," + py(p[1]); }).join("L") + "Z";
      }).join("");
      var path = svg("path", { d: d, "class": "country" });
      var title = svg("title", {});
      title.textContent = country.name;
      path.appendChild(title);
      box.appendChild(path);
    });
    if (!answer.outlines.length) {
      var note = svg("text", { x: 8, y: 16, "class": "tick" });
      note.textContent = "country outlines not installed (make setup): points on a graticule";
      box.appendChild(note);
    }
    answer.incidents.forEach(function (i) {
      var dot = svg("circle", { cx: px(i.position.long), cy: py(i.position.lat), r: 6,
                                "class": i.position.approximate ? "point approximate" : "point" });
      dot.dataset.iri = i.id;
      var title = svg("title", {});
      title.textContent = i.date + " · " + i.type + " · " + i.place + (i.position.approximate ? " (approximate position)" : "");
      dot.appendChild(title);
      dot.addEventListener("click", function () { focusOn(i.id); });
      box.appendChild(dot);
    });
  }

  // ---- start -------------------------------------------------------------------------
  window.kgExplorer = {
    nodeIds: function () { return drawnIds.slice(); },
    nodeIdsOf: function (kind) {
      return drawnNodes.filter(function (n) { return n.kind === kind; }).map(function (n) { return n.id; });
    },
    nodeLabels: function (kind) {
      return drawnNodes.filter(function (n) { return !kind || n.kind === kind; }).map(function (n) { return n.label; });
    },
    state: function () { return graphBox.dataset.state; },
    edges: function () { return drawnEdges.map(function (e) { return { from: e.from, to: e.to, role: e.role || "" }; }); },
    focus: focusOn,
    open: openPanel
  };
  if (!DATA) readAddress();
  // The legend first: it carries the edges' styles.
  api.legend().then(drawLegend).catch(showError).then(function () { refresh(false); });
  if (filtersForm.elements.focus.value && !DATA) openPanel(filtersForm.elements.focus.value);
})();
