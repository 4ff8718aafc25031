/* IncidentCanvas: draw the compact incident payload of maps/scale.py on one Leaflet canvas.
 * Points: decoded once into typed arrays, drawn per view from one sprite per type, picked on
 * click through a grid index; popups are built from the columns then, with textContent only.
 * Density: counts per lat/lon cell, the cell size chosen by zoom, counts on hover. */
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
  function dayText(code, day0) {
    if (!code) { return "undated"; }
    return new Date((day0 + code - 1) * 864e5).toLocaleDateString("en-GB",
      { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }
  function el(tag, cls, parent, text) {
    var node = L.DomUtil.create(tag, cls || "", parent);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function isWebUrl(text) {
    try { var u = new URL(text); return u.protocol === "http:" || u.protocol === "https:"; }
    catch (e) { return false; }
  }

  // ---------------------------------------------------------------- points
  function Points(p) {
    var q = p.quantum, n = p.n, i;
    this.p = p; this.n = n;
    this.lat = varints(p.lat, true); this.lon = varints(p.lon, true);
    this.row = varints(p.row, true);
    this.x = new Float64Array(n); this.y = new Float64Array(n);
    for (i = 0; i < n; i++) {
      this.lat[i] *= q; this.lon[i] *= q;
      this.x[i] = mercX(this.lon[i]); this.y[i] = mercY(this.lat[i]);
    }
    this.day = codes(p.days, 2);
    this.type = codes(p.type, p.tw);
    this.maxDay = 0;
    for (i = 0; i < n; i++) { if (this.day[i] > this.maxDay) { this.maxDay = this.day[i]; } }
    this.grid = new Map();
    for (i = 0; i < n; i++) {
      var key = Math.floor(this.y[i] * GRID) * GRID + Math.floor(this.x[i] * GRID);
      var cell = this.grid.get(key);
      if (cell) { cell.push(i); } else { this.grid.set(key, [i]); }
    }
    this.cols = p.columns.map(function (c) {
      return { name: c.name, dict: c.dict, codes: codes(c.codes, c.w) };
    });
    this.visible = new Uint8Array(n);
    this.counts = new Array(p.types.length).fill(0);
    this.from = 1; this.to = this.maxDay;
    this.hidden = new Array(p.types.length).fill(false);
    this.filter();
  }
  Points.prototype.filter = function () {
    var from = this.from, to = this.to, counts = this.counts.fill(0);
    for (var i = 0; i < this.n; i++) {
      var d = this.day[i], t = this.type[i];
      var on = !this.hidden[t] && (d === 0 || (d >= from && d <= to));
      this.visible[i] = on ? 1 : 0;
      if (on) { counts[t]++; }
    }
  };
  Points.prototype.value = function (col, i) {
    return this.p.strings[col.dict[col.codes[i]]];
  };
  Points.prototype.popup = function (i) {
    var box = el("div", "im-scale-popup"), p = this.p, self = this;
    var title = this.cols.filter(function (c) { return c.name === p.title; })[0];
    el("strong", "", box, title ? this.value(title, i) : "Incident");
    var table = el("table", "", box);
    this.cols.forEach(function (c) {
      var text = self.value(c, i);
      if (!text || c === title) { return; }
      var tr = el("tr", "", table);
      el("th", "", tr, c.name);
      var td = el("td", "", tr);
      if (isWebUrl(text)) {
        var a = el("a", "", td, text);
        a.href = text; a.target = "_blank"; a.rel = "noopener noreferrer";
      } else { td.textContent = text; }
    });
    el("div", "im-scale-row", box, "Row " + this.row[i] + " of the table");
    return box;
  };
  // Nearest shown point within PICK_PX of global pixel (px, py) at scale s, or -1.
  Points.prototype.pick = function (px, py, s) {
    var r = PICK_PX / s, best = -1, bestD = PICK_PX * PICK_PX;
    var x0 = Math.floor((px / s - r) * GRID), x1 = Math.floor((px / s + r) * GRID);
    var y0 = Math.floor((py / s - r) * GRID), y1 = Math.floor((py / s + r) * GRID);
    for (var gy = y0; gy <= y1; gy++) {
      for (var gx = x0; gx <= x1; gx++) {
        var cell = this.grid.get(gy * GRID + gx);
        if (!cell) { continue; }
        for (var k = 0; k < cell.length; k++) {
          var i = cell[k];
          if (!this.visible[i]) { continue; }
          var dx = this.x[i] * s - px, dy = this.y[i] * s - py, dd = dx * dx + dy * dy;
          if (dd <= bestD) { bestD = dd; best = i; }
        }
      }
    }
    return best;
  };

  // ---------------------------------------------------------------- density
  function Density(p) {
    this.p = p;
    this.levels = p.levels.map(function (lv) {
      var keys = varints(lv.keys, true), counts = varints(lv.counts, false), max = 1;
      var index = new Map();
      for (var i = 0; i < keys.length; i++) {
        index.set(keys[i], counts[i]);
        if (counts[i] > max) { max = counts[i]; }
      }
      return { deg: lv.deg, cols: lv.cols, keys: keys, counts: counts, index: index, max: max };
    });
  }
  Density.prototype.level = function (scale) {
    var pick = this.levels[0];
    this.levels.forEach(function (lv) { if (lv.deg / 360 * scale >= 6) { pick = lv; } });
    return pick;
  };
  var RAMP = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
  function rampColor(count, max) {
    var t = Math.log(1 + count) / Math.log(1 + max);
    return RAMP[Math.min(RAMP.length - 1, Math.floor(t * RAMP.length))];
  }

  // ---------------------------------------------------------------- the layer
  var Layer = L.Layer.extend({
    initialize: function (payload, options) {
      this.payload = payload;
      this.options = options || {};
      this.data = payload.kind === "density" ? new Density(payload) : new Points(payload);
      this.drawn = false;
    },
    onAdd: function (map) {
      this._canvas = el("canvas", "leaflet-zoom-hide im-scale-canvas");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend resize", this._schedule, this);
      map.on(this.payload.kind === "density" ? "mousemove" : "click", this._pointer, this);
      this._legend = this._legendControl().addTo(map);
      if (this.data.maxDay) { this._time = this._timeControl().addTo(map); }
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
      if (!this._map) { return this; }
      var ctx = this._canvas.getContext("2d"), map = this._map;
      var scale = 256 * Math.pow(2, map.getZoom()), min = map.getPixelBounds().min;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
      ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
      if (this.payload.kind === "density") { this._drawDensity(ctx, scale, min); }
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
      var lv = this.data.level(scale), w = this._canvas.width, h = this._canvas.height;
      this._level = lv;
      ctx.globalAlpha = 0.75;
      for (var i = 0; i < lv.keys.length; i++) {
        var row = Math.floor(lv.keys[i] / lv.cols), col = lv.keys[i] - row * lv.cols;
        var lat = row * lv.deg - 90, lon = col * lv.deg - 180;
        var x0 = mercX(lon) * scale - min.x, x1 = mercX(lon + lv.deg) * scale - min.x;
        var y0 = mercY(lat + lv.deg) * scale - min.y, y1 = mercY(lat) * scale - min.y;
        if (x1 < 0 || y1 < 0 || x0 > w || y0 > h) { continue; }
        ctx.fillStyle = rampColor(lv.counts[i], lv.max);
        ctx.fillRect(x0, y0, Math.max(1, x1 - x0 - 0.5), Math.max(1, y1 - y0 - 0.5));
      }
      ctx.globalAlpha = 1;
    },
    _pointer: function (e) {
      if (this.payload.kind === "density") { return this._hover(e); }
      var map = this._map, scale = 256 * Math.pow(2, map.getZoom());
      var g = map.getPixelBounds().min.add(e.containerPoint);
      var i = this.data.pick(g.x, g.y, scale);
      if (i < 0) { return; }
      L.popup({ maxWidth: 340, className: "im-scale" })
        .setLatLng([this.data.lat[i], this.data.lon[i]])
        .setContent(this.data.popup(i))
        .openOn(map);
    },
    _hover: function (e) {
      var lv = this._level;
      if (!lv) { return; }
      var row = Math.floor((e.latlng.lat + 90) / lv.deg);
      var col = Math.floor((L.Util.wrapNum(e.latlng.lng, [-180, 180]) + 180) / lv.deg);
      var count = lv.index.get(row * lv.cols + col) || 0;
      if (!this._tip) { this._tip = el("div", "im-scale-tip", this._map.getContainer()); }
      this._tip.style.display = count ? "block" : "none";
      this._tip.style.left = (e.containerPoint.x + 12) + "px";
      this._tip.style.top = (e.containerPoint.y + 12) + "px";
      this._tip.textContent = count.toLocaleString("en-GB") + " incidents in this " +
        lv.deg + "° cell";
    },
    // -------------------------------------------------------------- controls
    _legendControl: function () {
      var self = this, p = this.payload;
      var ctl = L.control({ position: "bottomright" });
      ctl.onAdd = function () {
        var box = el("div", "im-scale-legend leaflet-bar");
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        el("strong", "", box, self.options.name || "Incidents");
        self._summary = el("div", "im-scale-summary", box);
        self._counts = p.types.map(function (t, k) {
          var label = el("label", "im-scale-type", box);
          if (p.kind !== "density") {
            var tick = el("input", "", label);
            tick.type = "checkbox"; tick.checked = true;
            L.DomEvent.on(tick, "change", function () {
              self.data.hidden[k] = !tick.checked; self.data.filter(); self._schedule();
            });
          }
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
      var p = this.payload, fmt = function (v) { return v.toLocaleString("en-GB"); };
      var lost = p.total - p.n ? " (" + fmt(p.total - p.n) + " rows not placed)" : "";
      if (p.kind === "density") {
        this._summary.textContent = fmt(p.n) + " incidents" + lost + "; cells of " +
          (this._level ? this._level.deg : "") + "°, darker = more";
        this._counts.forEach(function (node, k) { node.textContent = fmt(p.typeCounts[k]); });
        return;
      }
      var counts = this.data.counts, shown = counts.reduce(function (a, b) { return a + b; }, 0);
      this._summary.textContent = fmt(shown) + " of " + fmt(p.n) + " shown" + lost;
      this._counts.forEach(function (node, k) { node.textContent = fmt(counts[k]); });
    },
    _timeControl: function () {
      var self = this, d = this.data, day0 = this.payload.day0;
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
      this.data.from = from; this.data.to = to;
      this._inputs[0].value = from; this._inputs[1].value = to;
      this._showRange(); this.data.filter(); this._schedule();
    },
    _showRange: function () {
      var day0 = this.payload.day0;
      this._rangeLabel.textContent = dayText(this.data.from, day0) + " – " +
        dayText(this.data.to, day0);
    },
    _toggle: function (button) {
      if (this._timer) { this._stop(); button.textContent = "▶ Play"; return; }
      var self = this, d = this.data, width = Math.max(0, d.to - d.from);
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
    "padding-right:6px;vertical-align:top;color:#555}.im-scale-row{color:#777;margin-top:4px}";

  window.IncidentCanvas = {
    layers: [],
    layer: function (script, options) {
      if (!document.getElementById("im-scale-css")) {
        var style = document.createElement("style");
        style.id = "im-scale-css"; style.textContent = CSS;
        document.head.appendChild(style);
      }
      var layer = new Layer(JSON.parse(script.textContent), options);
      window.IncidentCanvas.layers.push(layer);
      return layer;
    }
  };
})();
