// The review desk's page: every string from the article or the story goes in as text
// (textContent, value), never as HTML. No framework, no build step: this file is the page.
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("token") || "";
  const $ = (id) => document.getElementById(id);
  let state = null;
  let shown = -1; // the story version the map frame shows
  let shownMap = null; // the map key (state.map) of the frame's page
  let loading = false; // the frame is loading a map
  let view = null; // the reader's own view of the map ({center, zoom}) once they moved it
  let dragPlace = null; // the place whose handle is on the map
  let handle = null; // that handle (a Leaflet marker of the map frame)
  const candidates = {}; // place id -> last list of candidates

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) node.append(kid); // text stays text
    return node;
  }

  async function call(path, body) {
    const opts = { headers: { "X-Desk-Token": token } };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    // A desk that was stopped (Ctrl+C) or a request that never ends must not leave the page
    // at "checking..." for ever: say so, and what to do. Publishing draws a PNG: it may take long.
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), path === "/api/publish" ? 300_000 : 90_000);
    let r;
    try {
      r = await fetch(path, { ...opts, signal: ctl.signal });
    } catch (e) {
      const error = ctl.signal.aborted ? "the desk did not answer in time; try again"
        : "the desk is not running: start incident-map desk again (your last change was not made)";
      return { status: 0, data: { error } };
    } finally {
      clearTimeout(timer);
    }
    let data = {};
    try { data = await r.json(); } catch (e) { data = { error: "the desk answered " + r.status }; }
    return { status: r.status, data };
  }

  function say(text, kind) {
    const s = $("status");
    s.textContent = text;
    s.className = kind || "";
  }

  function mapWindow() {
    const w = $("map").contentWindow;
    try {
      if (!w || !w.L) return null;
    } catch (e) {
      return null; // the frame holds the browser's own error page: the desk did not answer
    }
    for (const k of Object.keys(w)) {
      if (k.startsWith("map_") && w[k] instanceof w.L.Map) return { w, map: w[k] };
    }
    return null;
  }

  function addHandle() {
    const found = mapWindow();
    if (handle) { handle.remove(); handle = null; }
    if (!found || !dragPlace || !state) return;
    const pos = state.resolved.places[dragPlace];
    if (!pos) return;
    const { w, map } = found;
    const doc = $("map").contentDocument;
    if (!doc.getElementById("desk-style")) {
      const st = doc.createElement("style");
      st.id = "desk-style";
      st.textContent = ".desk-handle{background:#1f5fae;border:3px solid #fff;border-radius:50%;" +
        "box-shadow:0 0 0 2px #1f5fae,0 2px 6px rgba(0,0,0,.4);cursor:move}";
      doc.head.append(st);
    }
    const icon = w.L.divIcon({ className: "desk-handle", iconSize: [20, 20] });
    const name = (state.items.places.find((p) => p.id === dragPlace) || {}).name || dragPlace;
    const marker = handle = w.L.marker([pos.lat, pos.lon], {
      draggable: true, icon, zIndexOffset: 1000, title: "Drag to move " + name, autoPan: true,
    }).addTo(map);
    marker.on("dragend", () => {
      const ll = marker.getLatLng();
      edit("places", dragPlace, { lat: ll.lat.toFixed(5), lon: ll.lng.toFixed(5) });
    });
    if (!map.getBounds().contains(marker.getLatLng())) map.panTo(marker.getLatLng());
  }

  // The frame reloads only when what the map is drawn from changed (state.map); an accept
  // mark changes the story file, not the map. data-ready names the version shown.
  function refreshMap() {
    if (!state || shown === state.version) return;
    shown = state.version;
    if (state.map === shownMap) {
      if (!loading) $("map").dataset.ready = String(shown);
      return;
    }
    shownMap = state.map;
    loading = true;
    keepView();
    $("map").dataset.ready = "";
    $("map").src = "/map?token=" + encodeURIComponent(token) + "&m=" + state.map;
  }

  // A change reloads the frame, and the page fits the story again. Once the reader has
  // zoomed or panned (a pointer, the wheel or a key in the frame), the next page opens on
  // their view instead: checking one street-level detail after another keeps its place.
  function keepView() {
    const found = mapWindow();
    if (found && found.map.imDeskMoved) {
      const c = found.map.getCenter();
      view = { center: [c.lat, c.lng], zoom: found.map.getZoom() };
    }
  }

  function restoreView() {
    const found = mapWindow();
    if (!found) return;
    const { map } = found;
    if (view) {
      map.setView(view.center, view.zoom, { animate: false });
      map.imDeskMoved = true;
    }
    const moved = () => { map.imDeskMoved = true; };
    const box = map.getContainer();
    for (const kind of ["pointerdown", "wheel", "keydown"]) box.addEventListener(kind, moved);
  }

  // -- the article ------------------------------------------------------------------------
  function renderArticle() {
    const box = $("article");
    box.replaceChildren();
    const text = state.article || "";
    let at = 0;
    state.spans.forEach((sp, i) => {
      if (sp.start > at) box.append(text.slice(at, sp.start));
      const m = el("mark", {
        class: "k-" + sp.kind + (sp.items.length ? "" : " unlinked"),
        "data-span": i,
        title: sp.items.length ? sp.kind + ": " + sp.items.join(", ") : sp.kind + ": not in the draft",
        onclick: () => focusItems(sp.items, i),
      }, text.slice(sp.start, sp.end));
      box.append(m);
      at = sp.end;
    });
    box.append(text.slice(at));
  }

  function focusItems(keys, spanIndex) {
    document.querySelectorAll(".on").forEach((n) => n.classList.remove("on"));
    if (spanIndex !== undefined) document.querySelector(`mark[data-span="${spanIndex}"]`).classList.add("on");
    let first = null;
    for (const k of keys) {
      const card = document.querySelector(`.card[data-key="${CSS.escape(k)}"]`);
      if (card) { card.classList.add("on"); first = first || card; }
    }
    if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function focusText(key) {
    document.querySelectorAll(".on").forEach((n) => n.classList.remove("on"));
    let first = null;
    state.spans.forEach((sp, i) => {
      if (!sp.items.includes(key)) return;
      const m = document.querySelector(`mark[data-span="${i}"]`);
      m.classList.add("on");
      first = first || m;
    });
    const card = document.querySelector(`.card[data-key="${CSS.escape(key)}"]`);
    if (card) card.classList.add("on");
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // -- the items ----------------------------------------------------------------------------
  async function edit(section, id, fields, errBox) {
    say("checking…");
    const { status, data } = await call("/api/edit", { op: "set", section, id, fields });
    if (status !== 200) {
      say("not changed: see the message", "error");
      if (errBox) errBox.textContent = data.error;
      if (!errBox || status === 0) say(data.error, "error");
      return false;
    }
    update(data);
    return true;
  }

  async function drop(section, id) {
    const { status, data } = await call("/api/edit", { op: "drop", section, id });
    if (status !== 200) { say(data.error, "error"); return; }
    if (dragPlace === id) dragPlace = null;
    update(data);
  }

  async function accept(key, yes) {
    const { status, data } = await call("/api/accept", { key, accepted: yes });
    if (status === 200) update(data);
  }

  function tools(section, id, extra) {
    const key = section + "/" + id;
    const yes = state.accepted.includes(key);
    return el("div", { class: "tools" },
      el("button", { type: "button", class: "ok", "aria-pressed": String(yes),
        onclick: () => accept(key, !yes) }, yes ? "✓ Accepted" : "Accept"),
      el("button", { type: "button", class: "drop", onclick: () => drop(section, id) }, "Drop"),
      el("button", { type: "button", onclick: () => focusText(key) }, "Show in text"), extra);
  }

  function field(label, input) {
    const id = "f" + Math.random().toString(36).slice(2);
    const target = input.matches("input, select, textarea") ? input : input.querySelector("input");
    target.id = id;
    return [el("label", { for: id }, label), input];
  }

  function select(options, value, onchange, name) {
    const s = el("select", { onchange, name });
    for (const [v, text] of options) {
      const o = el("option", { value: v }, text);
      if (String(v) === String(value ?? "")) o.selected = true;
      s.append(o);
    }
    return s;
  }

  function placeCard(p) {
    const key = "places/" + p.id;
    const where = state.resolved.places[p.id];
    const err = el("p", { class: "err", role: "alert" });
    const list = el("ul", { class: "cands" });
    const search = el("input", { type: "search", placeholder: "another name", size: 14, value: "",
      "aria-label": "search the gazetteer for " + p.name });
    const show = async (q) => {
      const url = "/api/candidates?place=" + encodeURIComponent(p.id) + (q ? "&q=" + encodeURIComponent(q) : "");
      const { status, data } = await call(url);
      if (status !== 200) { err.textContent = data.error; return; }
      candidates[p.id] = data;
      fillCandidates(p, list, err);
    };
    search.addEventListener("keydown", (e) => { if (e.key === "Enter") show(search.value); });
    const card = el("div", { class: "card" + (state.accepted.includes(key) ? " accepted" : ""), "data-key": key },
      el("h3", {}, p.name, el("span", { class: "meta" },
        [p.kind, p.country, p.id].filter(Boolean).join(" · "))),
      el("p", { class: "quote" }, where ? `${where.label} — ${where.lat.toFixed(4)}, ${where.lon.toFixed(4)}` +
        (p.lat !== null ? " (pinned)" : "") : "not placed"),
      tools("places", p.id, el("button", { type: "button", class: "move", "aria-pressed": String(dragPlace === p.id),
        title: "Put a handle on the map; drag it to set the coordinates",
        onclick: () => { dragPlace = dragPlace === p.id ? null : p.id; addHandle(); render(); } },
        dragPlace === p.id ? "Stop moving" : "Move on map")),
      el("div", { class: "tools" },
        el("button", { type: "button", onclick: () => show("") }, "Candidates"),
        search,
        el("button", { type: "button", onclick: () => show(search.value) }, "Search")),
      list, err);
    if (candidates[p.id]) fillCandidates(p, list, err);
    return card;
  }

  function fillCandidates(p, list, err) {
    list.replaceChildren();
    const rows = candidates[p.id] || [];
    if (!rows.length) list.append(el("li", {}, "no match in the gazetteer"));
    for (const c of rows) {
      const current = p.lat === null ? c.name === p.name && c.country === p.country && c.kind === p.kind
        : Math.abs(c.lat - p.lat) < 1e-4 && Math.abs(c.lon - p.lon) < 1e-4;
      const pop = c.population ? " · pop. " + c.population.toLocaleString("en") : "";
      const km = c.km !== null ? " · " + c.km.toLocaleString("en") + " km from centre" : "";
      list.append(el("li", {}, el("button", {
        type: "button", class: current ? "current" : "", "aria-pressed": String(current),
        onclick: () => edit("places", p.id, { name: c.name, country: c.country, kind: c.kind,
          lat: String(c.lat), lon: String(c.lon) }, err),
      }, [c.name, c.admin1, c.country].filter(Boolean).join(", ") + " · " + c.kind + pop + km)));
    }
  }

  function incidentCard(i) {
    const key = "incidents/" + i.id;
    const err = el("p", { class: "err", role: "alert" });
    const on = (name) => (e) => edit("incidents", i.id, { [name]: e.target.value }, err);
    const types = Object.entries(state.types);
    if (!state.types[i.type]) types.unshift([i.type, i.type]);
    const places = state.items.places.map((p) => [p.id, p.name + " (" + p.id + ")"]);
    if (!places.some(([v]) => v === i.place)) places.unshift([i.place, i.place]);
    const sources = [["", "—"], ...state.sources.map((s) => [s.id, s.name])];
    const own = state.event_types[i.own_event_type] || i.own_event_type;
    const events = [["", "the type's own: " + own], ...Object.entries(state.event_types)];
    const atLeast = (name) => el("label", { class: "check" },
      el("input", { type: "checkbox", name: name + "_at_least", checked: i[name + "_at_least"],
        onchange: (e) => edit("incidents", i.id, { [name + "_at_least"]: e.target.checked ? "true" : "" }, err) }),
      " at least");
    const toll = (name) => el("span", { class: "toll" },
      el("input", { value: i[name] ?? "", name, inputmode: "numeric", size: 5, onchange: on(name) }), atLeast(name));
    const grid = el("div", { class: "grid" },
      ...field("type", select(types, i.type, on("type"), "type")),
      ...field("event type", select(events, i.event_type, on("event_type"), "event_type")),
      ...field("date", el("input", { value: i.date, name: "date", placeholder: "YYYY-MM-DD or start/end", onchange: on("date") })),
      ...field("place", select(places, i.place, on("place"), "place")),
      ...field("count", el("input", { value: i.count ?? "", name: "count", inputmode: "numeric", size: 5, onchange: on("count") })),
      ...field("unit", el("input", { value: i.unit, name: "unit", onchange: on("unit") })),
      ...field("killed", toll("killed")),
      ...field("injured", toll("injured")),
      ...field("status", select(state.statuses.map((s) => [s, s]), i.status, on("status"), "status")),
      ...field("source", select(sources, i.source, on("source"), "source")),
      ...field("summary", el("textarea", { rows: 3, name: "summary", onchange: on("summary") }, i.summary)));
    return el("div", { class: "card" + (state.accepted.includes(key) ? " accepted" : ""), "data-key": key },
      el("h3", {}, state.types[i.type] || i.type, el("span", { class: "meta" }, i.id)),
      tools("incidents", i.id), grid, err);
  }

  function distanceCard(d) {
    const key = "distances/" + d.id;
    const got = state.resolved.distances[d.id] || {};
    return el("div", { class: "card" + (state.accepted.includes(key) ? " accepted" : ""), "data-key": key },
      el("h3", {}, d.label || d.id, el("span", { class: "meta" }, d.from + " → " + d.to)),
      el("p", { class: "verdict" }, (got.km !== undefined && got.km !== null ? "measured " + Math.round(got.km) + " km" : "not measured") +
        (d.claimed_km !== null ? " · claimed " + d.claimed_km + " km" : "") + (got.verdict ? " · " + got.verdict : "")),
      tools("distances", d.id));
  }

  function render() {
    const box = $("items");
    const scroll = $("items-pane").scrollTop;
    box.replaceChildren();
    const parts = [["Places", state.items.places, placeCard], ["Incidents", state.items.incidents, incidentCard],
      ["Distances", state.items.distances, distanceCard]];
    for (const [title, list, card] of parts) {
      box.append(el("h3", { class: "section-title" }, `${title} (${list.length})`));
      for (const item of list) box.append(card(item));
    }
    $("items-pane").scrollTop = scroll;
    const all = parts.reduce((n, p) => n + p[1].length, 0);
    $("progress").textContent = `${state.accepted.length} of ${all} accepted`;
    $("title").textContent = state.title;
    $("file").textContent = state.file;
    document.title = state.title + " — incident-map desk";
    const warn = $("warnings");
    warn.replaceChildren(...[state.resolved.error, ...state.resolved.warnings].filter(Boolean).map((w) => el("li", {}, w)));
  }

  function update(data) {
    state = data;
    document.body.dataset.version = String(state.version); // what the page shows, for tests
    renderArticle();
    render();
    const unsaved = state.opened || state.saved_once ? "unsaved changes" : "draft, not saved yet";
    say(state.dirty ? unsaved : "saved", state.dirty ? "dirty" : "");
    refreshMap();
  }

  async function save(replace) {
    say("saving…");
    const { status, data } = await call("/api/save", { replace: !!replace });
    if (status === 409) { if (confirm(data.ask)) return save(true); say("not saved", "error"); return; }
    if (status !== 200) { say(data.error, "error"); return; }
    say("saved to " + data.saved);
    const fresh = await call("/api/state");
    update(fresh.data);
  }

  async function publish(replace) {
    say("publishing… (drawing the PNG takes a few seconds)");
    $("publish").disabled = true;
    const body = { name: $("pubname").value, url: $("puburl").value, replace: !!replace };
    const { status, data } = await call("/api/publish", body);
    $("publish").disabled = false;
    if (status === 409) { if (confirm(data.ask)) return publish(true); say("not published", "error"); return; }
    if (status !== 200) { say(data.error, "error"); return; }
    $("published").hidden = false;
    $("written").textContent = "Wrote " + data.written.join(", ") + " beside the story.";
    $("snippet").value = data.snippet;
    say("published");
  }

  async function addFromSelection() {
    const text = String(window.getSelection() || "");
    const { status, data } = await call("/api/add", { text });
    if (status !== 200) { say(data.error, "error"); return; }
    update(data);
    focusItems(["incidents/" + data.added]);
  }

  document.addEventListener("DOMContentLoaded", async () => {
    $("save").addEventListener("click", () => save(false));
    $("publish").addEventListener("click", () => publish(false));
    $("add").addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    $("add").addEventListener("click", addFromSelection);
    $("map").addEventListener("load", () => {
      loading = false; handle = null; restoreView(); addHandle();
      $("map").dataset.ready = String(shown);
    });
    window.addEventListener("beforeunload", (e) => { if (state && state.dirty) e.preventDefault(); });
    const { status, data } = await call("/api/state");
    if (status !== 200) { say(data.error || "the desk did not answer", "error"); return; }
    $("pubname").value = data.file.replace(/\.ya?ml$/i, "");
    update(data);
    $("save").disabled = false;
    $("publish").disabled = false;
    document.body.dataset.ready = "1";
  });
})();
