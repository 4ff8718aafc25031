/* IncidentCanvas: draw the incident payload of maps/layers/scale.py on one Leaflet canvas.
 * Points: the draw block (IncidentData) in typed arrays, drawn per view into one ImageData,
 * filtered by day range and type, picked on click through a sorted grid index; a popup's row
 * is inflated then, its text put in with textContent only.
 * Density: a view of the same shown points, counted per lat/lon cell in view (the cell size
 * follows the zoom), counts on hover. */
(function () {
  "use strict";
  if (window.IncidentCanvas) { return; }
  var GRID = 4096;          // pick index: cells per side of the Web Mercator square
  var PICK_PX = 8;          // how close a click must be to a point
  var MAX_LAT = 85.0511287798;

  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out;
  }
  // Zigzag LEB128 varints; with sum=true the running total (values are deltas).
  function varints(b64, sum) {
    var b = bytes(b64), n = 0, i;
    for (i = 0; i < b.length; i++) { if (b[i] < 128) { n++; } }
    var out = new Float64Array(n), v = 0, mul = 1, k = 0, acc = 0;
    for (i = 0; i < b.length; i++) {
      v += (b[i] & 127) * mul;
      if (b[i] < 128) {
        var d = (v % 2) ? -(v + 1) / 2 : v / 2;
        acc = sum ? acc + d : d;
        out[k++] = acc; v = 0; mul = 1;
      } else { mul *= 128; }
    }
    return out;
  }
  function codes(b64, width) {
    var b = bytes(b64);
    if (width === 1) { return b; }
    return width === 2 ? new Uint16Array(b.buffer) : new Uint32Array(b.buffer);
  }
  function mercX(lon) { return (lon + 180) / 360; }
  function mercY(lat) {
    var s = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  // Dates and counts are formatted by hand ("2 Mar 2024", "12,345", as the story maps
  // write them): the first toLocaleString of a page loads ICU's locale data, 30-40 ms
  // before the first draw (the legend's counts, the time slider's range).
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function utcText(ms) {
    var d = new Date(ms);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function grouped(v) {  // a whole number (or its digits) with thousands separators
    return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function dayText(code, day0) {
    if (!code) { return "undated"; }
    return utcText((day0 + code - 1) * 864e5);
  }
  function el(tag, cls, parent, text) {
    var node = L.DomUtil.create(tag, cls || "", parent);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  // A cell as a popup shows it: whole numbers with thousands separators (not ids, years,
  // codes or numbers written with leading zeros), decimals rounded (coordinates to 4
  // places, others to 2, or 2 significant digits under 1), ISO dates of the date column
  // as "2 Mar 2024"; any other text as it is.
  var PLAIN_NUMBER = /(^|[^a-z])(id|year|code|iso|iso3|timestamp|zip|postcode|fips|phone)([^a-z]|$)/i;
  var COORD = /(^|[^a-z])(lat|lon|lng|latitude|longitude|x|y|easting|northing)([^a-z]|$)/i;
  function cellText(name, text, isDate) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (isDate && m) {
      return utcText(Date.UTC(+m[1], m[2] - 1, +m[3]));
    }
    if (/^-?\d+$/.test(text)) {
      if (PLAIN_NUMBER.test(name) || /^-?0\d/.test(text) || text.length > 15) { return text; }
      return grouped(Number(text));
    }
    if (/^-?\d+\.\d+$/.test(text)) {
      var v = Number(text), coord = COORD.test(name);
      return v.toLocaleString("en-GB", coord ? { maximumFractionDigits: 4, useGrouping: false }
        : Math.abs(v) >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 2 });
    }
    return text;
  }
  function isWebUrl(text) {
    try { var u = new URL(text); return u.protocol === "http:" || u.protocol === "https:"; }
    catch (e) { return false; }
  }

  // ---------------------------------------------------------------- points
  // Incidents from the draw block: positions, days, types; details come from IncidentData.
  function Points(data, state) {
    var n = data.n, i;
    this.data = data; this.n = n; this.lat = data.lat; this.lon = data.lon;
    this.day = data.day; this.type = data.type; this.head = data.head;
    this.x = new Float64Array(n); this.y = new Float64Array(n);
    for (i = 0; i < n; i++) { this.x[i] = mercX(this.lon[i]); this.y[i] = mercY(this.lat[i]); }
    this.maxDay = data.head.maxDay;
    this.visible = new Uint8Array(n);
    this.counts = new Array(data.head.types.length).fill(0);
    this.state = state;  // the layer's filter: from, to (day codes), hidden (per type)
    this.filter();
  }
  Points.prototype.filter = function () {
    var st = this.state, from = st.from, to = st.to, hidden = st.hidden, match = st.match;
    var counts = this.counts.fill(0);
    var day = this.day, type = this.type, visible = this.visible;
    for (var i = 0; i < this.n; i++) {
      var d = day[i], t = type[i];
      var on = !hidden[t] && (d === 0 || (d >= from && d <= to)) && (!match || match[i]);
      visible[i] = on ? 1 : 0;
      if (on) { counts[t]++; }
    }
  };
  // The pick index, built on the first click: point ids sorted by grid cell (one typed
  // array sort of cell * 2^24 + id: no object per point).
  Points.prototype._index = function () {
    if (this.keys) { return; }
    var n = this.n, packed = new Float64Array(n), i;
    for (i = 0; i < n; i++) {
      var cell = Math.floor(this.y[i] * GRID) * GRID + Math.floor(this.x[i] * GRID);
      packed[i] = cell * 16777216 + i;
    }
    packed.sort();
    this.keys = new Float64Array(n); this.ids = new Uint32Array(n);
    for (i = 0; i < n; i++) {
      this.keys[i] = Math.floor(packed[i] / 16777216); this.ids[i] = packed[i] % 16777216;
    }
  };
  function lowerBound(a, v) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >>> 1; if (a[mid] < v) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  // The shown incidents nearest global pixel (px, py) at scale s, within PICK_PX: all those
  // drawn at that very spot (incidents often share a location), in payload order.
  Points.prototype.pick = function (px, py, s) {
    this._index();
    var r = PICK_PX / s, bestD = PICK_PX * PICK_PX + 1e-9, found = [];
    var x0 = Math.floor((px / s - r) * GRID), x1 = Math.floor((px / s + r) * GRID);
    var y0 = Math.floor((py / s - r) * GRID), y1 = Math.floor((py / s + r) * GRID);
    for (var gy = y0; gy <= y1; gy++) {
      for (var gx = x0; gx <= x1; gx++) {
        var key = gy * GRID + gx;
        for (var k = lowerBound(this.keys, key); k < this.n && this.keys[k] === key; k++) {
          var i = this.ids[k];
          if (!this.visible[i]) { continue; }
          var dx = this.x[i] * s - px, dy = this.y[i] * s - py, dd = dx * dx + dy * dy;
          if (dd < bestD - 0.25) { bestD = dd; found = [i]; }
          else if (dd <= bestD + 0.25) { found.push(i); }
        }
      }
    }
    return found.sort(function (a, b) { return a - b; });
  };
  // The popup of incident list[at] (list: incidents at one spot), with previous/next: the
  // type as its heading (when shown), then the chosen fields (head.popup, under
  // head.labels), formatted; blank ones left out. The table row is in data-row, not shown.
  Points.prototype.popup = function (list, at, onMove) {
    var i = list[at], head = this.head;
    return this.data.record(i).then(function (rec) {
      var box = el("div", "im-scale-popup"), cells = Object.create(null);
      box.setAttribute("data-row", String(rec.row));
      rec.values.forEach(function (v) { cells[v[0]] = v[1]; });
      var names = head.popup || rec.values.map(function (v) { return v[0]; });
      if (head.title && cells[head.title]) { el("strong", "", box, cells[head.title]); }
      var table = el("table", "", box);
      names.forEach(function (name, k) {
        var text = cells[name];
        if (!text || name === head.title) { return; }
        var tr = el("tr", "", table);
        el("th", "", tr, head.labels ? head.labels[k] : name);
        var td = el("td", "", tr);
        if (isWebUrl(text)) {
          var a = el("a", "", td, text);
          a.href = text; a.target = "_blank"; a.rel = "noopener noreferrer";
        } else { td.textContent = cellText(name, text, name === head.date); }
      });
      if (list.length > 1) {
        var nav = el("div", "im-scale-nav", box);
        var prev = el("button", "", nav, "‹"), next;
        el("span", "", nav, grouped(at + 1) + " of " + grouped(list.length) +
          " incidents here");
        next = el("button", "", nav, "›");
        prev.type = next.type = "button";
        prev.setAttribute("aria-label", "Previous incident here");
        next.setAttribute("aria-label", "Next incident here");
        prev.disabled = at === 0; next.disabled = at === list.length - 1;
        L.DomEvent.on(prev, "click", function () { onMove(at - 1); });
        L.DomEvent.on(next, "click", function () { onMove(at + 1); });
      }
      return box;
    });
  };

  // ---------------------------------------------------------------- density
  // Counts of the shown incidents per lat/lon cell, for the cells in view; the cell size
  // follows the zoom (at least 8 screen pixels).
  var DEGS = [8, 4, 2, 1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125];
  function density(d, scale, bounds) {
    var deg = DEGS[0];
    DEGS.forEach(function (g) { if (g / 360 * scale >= 8) { deg = g; } });
    var s = Math.max(-90, bounds.getSouth()), nth = Math.min(90, bounds.getNorth());
    var w = Math.max(-180, bounds.getWest()), e = Math.min(180, bounds.getEast());
    var r0 = Math.floor((s + 90) / deg), r1 = Math.floor((nth + 90) / deg);
    var c0 = Math.floor((w + 180) / deg), c1 = Math.floor((e + 180) / deg);
    var rows = Math.max(0, r1 - r0 + 1), cols = Math.max(0, c1 - c0 + 1);
    var counts = new Uint32Array(rows * cols), max = 0;
    for (var i = 0; i < d.n; i++) {
      if (!d.visible[i]) { continue; }
      var r = Math.floor((d.lat[i] + 90) / deg) - r0, c = Math.floor((d.lon[i] + 180) / deg) - c0;
      if (r < 0 || c < 0 || r >= rows || c >= cols) { continue; }
      var v = ++counts[r * cols + c];
      if (v > max) { max = v; }
    }
    return { deg: deg, r0: r0, c0: c0, rows: rows, cols: cols, counts: counts, max: max };
  }
  function cellCount(g, lat, lon) {
    var r = Math.floor((lat + 90) / g.deg) - g.r0, c = Math.floor((lon + 180) / g.deg) - g.c0;
    return r < 0 || c < 0 || r >= g.rows || c >= g.cols ? 0 : g.counts[r * g.cols + c];
  }
  var RAMP = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
  function rampColor(count, max) {
    var t = Math.log(1 + count) / Math.log(1 + max);
    return RAMP[Math.min(RAMP.length - 1, Math.floor(t * RAMP.length))];
  }

  // ---------------------------------------------------------------- the layer
  var Layer = L.Layer.extend({
    // head: the payload's JSON head; id: the element id its blocks are named after.
    initialize: function (head, id, options) {
      var self = this;
      this.payload = head;
      this.options = options || {};
      this.mode = this.options.density ? "density" : "points";
      this.drawn = false;
      this.state = { from: 1, to: head.maxDay, hidden: head.types.map(function () { return false; }) };
      this.data = null;  // Points, once the draw block is inflated
      this.source = new IncidentData.Data(head, id);
      performance.mark("incident-map: decode");  // marks for the benchmark's breakdown
      this.source.load();
      performance.mark("incident-map: project");
      this.data = new Points(this.source, this.state);
      performance.mark("incident-map: points ready");
    },
    onAdd: function (map) {
      this._canvas = el("canvas", "leaflet-zoom-hide im-scale-canvas");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend resize", this._schedule, this);
      map.on("mousemove click", this._pointer, this);
      this._legend = this._legendControl().addTo(map);
      if (this.payload.maxDay) { this._time = this._timeControl().addTo(map); }
      if (this.drawn) { this._schedule(); return; }
      // The first draw right after the page's script (which fits the view after adding the
      // layer), before the parser goes on to the details blocks: no frame to wait for.
      var self = this;
      Promise.resolve().then(function () {
        performance.mark("incident-map: first draw");
        if (self._map) { self._reset(); }
      });
    },
    // Points or density; the filters apply to both.
    setMode: function (mode) {
      this.mode = mode;
      if (this._tip) { this._tip.style.display = "none"; }
      if (this._map) { this._map.closePopup(); }
      this._schedule();
    },
    // One draw per animation frame however many events ask for it (fitBounds fires several).
    _schedule: function () {
      if (!this._frame) {
        this._frame = L.Util.requestAnimFrame(function () {
          this._frame = null;
          // Mid zoom animation the canvas is hidden; the moveend that ends it asks again.
          if (this._map && !this._map._animatingZoom) { this._reset(); }
        }, this);
      }
    },
    onRemove: function (map) {
      map.off("moveend resize", this._schedule, this);
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      map.off("mousemove click", this._pointer, this);
      L.DomUtil.remove(this._canvas);
      this._legend.remove();
      if (this._time) { this._time.remove(); this._stop(); }
      if (this._tip) { L.DomUtil.remove(this._tip); this._tip = null; }
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(this._canvas, map.containerPointToLayerPoint([0, 0]));
      this._canvas.width = size.x * ratio; this._canvas.height = size.y * ratio;
      this._canvas.style.width = size.x + "px"; this._canvas.style.height = size.y + "px";
      this._ratio = ratio;
      this.redraw();
    },
    redraw: function () {
      if (!this._map || !this.data) { return this; }
      var ctx = this._canvas.getContext("2d"), map = this._map;
      var scale = 256 * Math.pow(2, map.getZoom()), min = map.getPixelBounds().min;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
      ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
      if (this.mode === "density") { this._drawDensity(ctx, scale, min); }
      else { this._drawPoints(ctx, scale, min); }
      this._updateLegend();
      if (!this.drawn) {
        this.drawn = true;
        window.incidentCanvasDrawn = performance.now();
        map.fire("incidentcanvasdrawn");
      }
      return this;
    },
    // Each type's dot (white rim) as a list of opaque device pixels: drawing is then plain
    // array writes into one ImageData, far cheaper than 1e5 drawImage calls on a CPU canvas.
    _stamps: function (r) {
      var key = r + "/" + this._ratio;
      if (this._stampKey === key) { return this._stampCache; }
      var ratio = this._ratio, size = Math.ceil((2 * r + 2) * ratio), half = size / 2;
      this._stampCache = this.payload.colors.map(function (color) {
        var c = document.createElement("canvas"), g = c.getContext("2d");
        c.width = c.height = size;
        g.beginPath(); g.arc(half, half, r * ratio, 0, 2 * Math.PI);
        g.fillStyle = color; g.fill();
        g.lineWidth = ratio; g.strokeStyle = "#fff"; g.stroke();
        var px = new Uint32Array(g.getImageData(0, 0, size, size).data.buffer);
        var dx = [], dy = [], val = [];
        for (var k = 0; k < px.length; k++) {
          // Keep pixels at least half covered, made opaque (alpha is the top byte).
          if ((px[k] >>> 24) >= 128) {
            dx.push((k % size) - Math.floor(half)); dy.push(Math.floor(k / size) - Math.floor(half));
            val.push((px[k] | 0xff000000) >>> 0);
          }
        }
        return { dx: dx, dy: dy, val: new Uint32Array(val) };
      });
      this._stampKey = key;
      return this._stampCache;
    },
    _drawPoints: function (ctx, scale, min) {
      var d = this.data, zoom = this._map.getZoom(), r = zoom < 5 ? 2.5 : zoom < 8 ? 3.5 : 5;
      var stamps = this._stamps(r), ratio = this._ratio, off = r + 2;
      var W = this._canvas.width, H = this._canvas.height;
      var w = Math.round(W / ratio), h = Math.round(H / ratio);
      var image = ctx.createImageData(W, H), buf = new Uint32Array(image.data.buffer);
      // Incidents share locations: draw each type once per pixel (a bit per type).
      var seen = new Uint32Array(w * h), ox = Math.round(min.x), oy = Math.round(min.y);
      for (var i = 0; i < d.n; i++) {
        if (!d.visible[i]) { continue; }
        var px = Math.round(d.x[i] * scale) - ox, py = Math.round(d.y[i] * scale) - oy;
        if (px < -off || py < -off || px >= w + off || py >= h + off) { continue; }
        var t = d.type[i];
        if (t < 32 && px >= 0 && py >= 0 && px < w && py < h) {
          var bit = 1 << t, at = py * w + px;
          if (seen[at] & bit) { continue; }
          seen[at] |= bit;
        }
        var st = stamps[t], X = Math.round(px * ratio), Y = Math.round(py * ratio);
        for (var k = 0; k < st.dx.length; k++) {
          var x = X + st.dx[k], y = Y + st.dy[k];
          if (x >= 0 && y >= 0 && x < W && y < H) { buf[y * W + x] = st.val[k]; }
        }
      }
      ctx.putImageData(image, 0, 0);
    },
    _drawDensity: function (ctx, scale, min) {
      var map = this._map, g = density(this.data, scale, map.getBounds());
      var w = this._canvas.width, h = this._canvas.height;
      this._grid = g;
      ctx.globalAlpha = 0.75;
      for (var r = 0; r < g.rows; r++) {
        for (var c = 0; c < g.cols; c++) {
          var count = g.counts[r * g.cols + c];
          if (!count) { continue; }
          var lat = (g.r0 + r) * g.deg - 90, lon = (g.c0 + c) * g.deg - 180;
          var x0 = mercX(lon) * scale - min.x, x1 = mercX(lon + g.deg) * scale - min.x;
          var y0 = mercY(lat + g.deg) * scale - min.y, y1 = mercY(lat) * scale - min.y;
          if (x1 < 0 || y1 < 0 || x0 > w || y0 > h) { continue; }
          ctx.fillStyle = rampColor(count, g.max);
          ctx.fillRect(x0, y0, Math.max(1, x1 - x0 - 0.5), Math.max(1, y1 - y0 - 0.5));
        }
      }
      ctx.globalAlpha = 1;
    },
    _pointer: function (e) {
      if (!this.data) { return; }
      if (this.mode === "density") { if (e.type === "mousemove") { this._hover(e); } return; }
      if (e.type !== "click") { return; }
      var map = this._map, scale = 256 * Math.pow(2, map.getZoom());
      var g = map.getPixelBounds().min.add(e.containerPoint);
      var list = this.data.pick(g.x, g.y, scale);
      if (list.length) { this.openPopup(list, 0); }
    },
    // Open the popup of list[at] (incidents drawn at one spot); resolves when it shows.
    openPopup: function (list, at) {
      var self = this, d = this.data, i = list[at];
      return d.popup(list, at, function (k) { self.openPopup(list, k); }).then(function (box) {
        if (!self._map) { return; }
        // One popup, its content replaced: stepping through a spot's incidents does not
        // fade one popup out while the next fades in.
        if (!self._popup || !self._map.hasLayer(self._popup)) {
          self._popup = L.popup({ maxWidth: 340, className: "im-scale" });
          self._popup.setLatLng([d.lat[i], d.lon[i]]).setContent(box).openOn(self._map);
        } else { self._popup.setLatLng([d.lat[i], d.lon[i]]).setContent(box); }
      });
    },
    _hover: function (e) {
      var g = this._grid;
      if (!g) { return; }
      var count = cellCount(g, e.latlng.lat, L.Util.wrapNum(e.latlng.lng, [-180, 180]));
      if (!this._tip) { this._tip = el("div", "im-scale-tip", this._map.getContainer()); }
      this._tip.style.display = count ? "block" : "none";
      this._tip.style.left = (e.containerPoint.x + 12) + "px";
      this._tip.style.top = (e.containerPoint.y + 12) + "px";
      this._tip.textContent = grouped(count) + " incidents in this " +
        g.deg + "° cell";
    },
    // -------------------------------------------------------------- controls
    _legendControl: function () {
      var self = this, p = this.payload;
      var ctl = L.control({ position: "bottomright" });
      ctl.onAdd = function () {
        var box = el("div", "im-scale-legend leaflet-bar");
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        el("strong", "", box, self.options.name || "Incidents");
        self._summary = el("div", "im-scale-summary", box, "Loading incidents…");
        var search = el("input", "im-scale-search", box);
        search.type = "search"; search.placeholder = "Search the text…";
        search.setAttribute("aria-label", "Search incidents");
        var timer = null;
        L.DomEvent.on(search, "input", function () {
          clearTimeout(timer);
          timer = setTimeout(function () { self.search(search.value); }, 300);
        });
        var views = el("div", "im-scale-views", box);
        ["points", "density"].forEach(function (mode) {
          var label = el("label", "", views), radio = el("input", "", label);
          radio.type = "radio"; radio.name = "im-scale-view-" + L.stamp(self);
          radio.value = mode; radio.checked = self.mode === mode;
          el("span", "", label, mode === "points" ? " Points" : " Density");
          L.DomEvent.on(radio, "change", function () { if (radio.checked) { self.setMode(mode); } });
        });
        self._counts = p.types.map(function (t, k) {
          var label = el("label", "im-scale-type", box);
          var tick = el("input", "", label);
          tick.type = "checkbox"; tick.checked = true;
          L.DomEvent.on(tick, "change", function () {
            self.state.hidden[k] = !tick.checked; self._refilter();
          });
          var swatch = el("span", "im-scale-swatch", label);
          swatch.style.background = p.colors[k];
          el("span", "", label, t || "(no type)");
          return el("span", "im-scale-count", label);
        });
        return box;
      };
      return ctl;
    },
    _updateLegend: function () {
      if (!this._counts) { return; }
      var p = this.payload, fmt = grouped;
      var lost = p.total - p.n ? " (" + fmt(p.total - p.n) + " rows not placed)" : "";
      var counts = this.data.counts, shown = counts.reduce(function (a, b) { return a + b; }, 0);
      this._summary.textContent = fmt(shown) + " of " + fmt(p.n) + " shown" + lost +
        (this._query ? " matching “" + this._query + "”" : "") +
        (this.mode === "density" && this._grid ? "; cells of " + this._grid.deg +
          "°, darker = more" : "");
      this._counts.forEach(function (node, k) { node.textContent = fmt(counts[k]); });
    },
    _timeControl: function () {
      var self = this, d = this.payload;
      var ctl = L.control({ position: "bottomleft" });
      ctl.onAdd = function () {
        var box = el("div", "im-scale-time leaflet-bar");
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        var label = el("div", "im-scale-range", box);
        var inputs = ["from", "to"].map(function (which) {
          var input = el("input", "im-scale-" + which, box);
          input.type = "range"; input.min = 1; input.max = d.maxDay; input.step = 1;
          input.value = which === "from" ? 1 : d.maxDay;
          input.setAttribute("aria-label", which === "from" ? "First day" : "Last day");
          L.DomEvent.on(input, "input", function () { self._setRange(+inputs[0].value, +inputs[1].value, which); });
          return input;
        });
        self._inputs = inputs; self._rangeLabel = label;
        if (self.options.play) {
          var button = el("button", "im-scale-play", box, "▶ Play");
          button.type = "button";
          L.DomEvent.on(button, "click", function () { self._toggle(button); });
        }
        self._showRange();
        return box;
      };
      return ctl;
    },
    _setRange: function (from, to, moved) {
      if (from > to) { if (moved === "from") { to = from; } else { from = to; } }
      this.state.from = from; this.state.to = to;
      this._inputs[0].value = from; this._inputs[1].value = to;
      this._showRange(); this._refilter();
    },
    // Show only incidents whose text holds `query` ("" shows all again); the details are
    // inflated chunk by chunk for it. Resolves to the number of matches.
    search: function (query) {
      var self = this, q = (query || "").trim(), token = {};
      this._searching = token;
      if (!q) { this.state.match = null; this._query = ""; this._refilter(); return Promise.resolve(null); }
      return this.source.search(q, function (done, total) {
        if (self._searching === token && self._summary) {
          self._summary.textContent = "Searching… " + Math.round(100 * done / total) + "%";
        }
      }).then(function (match) {
        if (self._searching !== token) { return null; }  // a newer query took over
        self.state.match = match; self._query = q; self._refilter();
        var count = 0;
        for (var i = 0; i < match.length; i++) { count += match[i]; }
        return count;
      });
    },
    _refilter: function () {
      if (this.data) { this.data.filter(); }
      if (this._map) { this._map.closePopup(); }
      this._schedule();
    },
    _showRange: function () {
      var day0 = this.payload.day0;
      this._rangeLabel.textContent = dayText(this.state.from, day0) + " – " +
        dayText(this.state.to, day0);
    },
    _toggle: function (button) {
      if (this._timer) { this._stop(); button.textContent = "▶ Play"; return; }
      var self = this, d = this.state, width = Math.max(0, d.to - d.from);
      d.maxDay = this.payload.maxDay;
      var step = Math.max(1, Math.round(d.maxDay / 120));
      if (d.to >= d.maxDay) { this._setRange(1, 1 + width); }
      button.textContent = "❚❚ Pause";
      this._timer = setInterval(function () {
        if (d.to >= d.maxDay) { self._stop(); button.textContent = "▶ Play"; return; }
        var to = Math.min(d.maxDay, d.to + step);
        self._setRange(Math.max(1, to - width), to);
      }, 150);
    },
    _stop: function () { clearInterval(this._timer); this._timer = null; }
  });

  var CSS = ".im-scale-legend,.im-scale-time{background:#fff;padding:6px 8px;font:12px/1.4 " +
    "system-ui,sans-serif;max-width:280px}.im-scale-type{display:flex;gap:5px;" +
    "align-items:center}.im-scale-swatch{width:10px;height:10px;border-radius:50%;" +
    "flex:none}.im-scale-count{margin-left:auto;padding-left:8px;font-variant-numeric:" +
    "tabular-nums}.im-scale-time input{width:220px;display:block}.im-scale-tip{position:" +
    "absolute;z-index:1000;background:#fff;padding:2px 6px;border:1px solid #999;" +
    "pointer-events:none;font:12px system-ui,sans-serif}.im-scale-popup th{text-align:left;" +
    "padding-right:6px;vertical-align:top;color:#555}.im-scale-row{color:#777;margin-top:4px}" +
    ".im-scale-search{width:100%;box-sizing:border-box;margin:3px 0}.im-scale-nav{display:flex;gap:6px;align-items:center;margin-top:4px}.im-scale-views" +
    "{margin:2px 0 4px}.im-scale-views label{margin-right:8px}" +
    // Phones: the time filter and the legend share the bottom edge side by side.
    "@media (max-width:500px){.im-scale-time input{width:120px}.im-scale-time{max-width:" +
    "140px}.im-scale-legend{max-width:170px;font-size:11px}.im-scale-type span:nth-child(3)" +
    "{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}}";

  window.IncidentCanvas = {
    layers: [],
    layer: function (script, options) {
      if (!document.getElementById("im-scale-css")) {
        var style = document.createElement("style");
        style.id = "im-scale-css"; style.textContent = CSS;
        document.head.appendChild(style);
      }
      var id = script.id.replace(/_data$/, "");
      var layer = new Layer(JSON.parse(script.textContent), id, options);
      window.IncidentCanvas.layers.push(layer);
      return layer;
    }
  };
})();
