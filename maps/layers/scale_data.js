/* IncidentData: the payload of maps/layers/scale_payload.py, decoded in the page.
 * The draw block (coordinates, days, types) is inflated first, with the browser's own
 * DecompressionStream; the details (row numbers and popup columns) chunk by chunk, only when
 * a popup, the search or the export asks for rows, and kept once inflated. */
(function () {
  "use strict";
  if (window.IncidentData) { return; }
  var BLANK = -2147483648;
  var SEGMENTS = { int: 1, dict: 1, text: 2, day: 0, type: 0 };

  function fromBase64(text) {
    if (Uint8Array.fromBase64) { return Uint8Array.fromBase64(text); }
    var s = atob(text), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out;
  }
  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  // [uint32 count][uint32 sizes][segments padded to 4 bytes], as views into one buffer.
  function segments(buf) {
    var dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    var count = dv.getUint32(0, true), at = 4 + 4 * count, out = [];
    for (var k = 0; k < count; k++) {
      var size = dv.getUint32(4 + 4 * k, true);
      out.push(new Uint8Array(buf.buffer, buf.byteOffset + at, size));
      at += size + ((4 - size % 4) % 4);
    }
    return out;
  }
  function view(seg, Type) {
    return new Type(seg.buffer, seg.byteOffset, seg.byteLength / Type.BYTES_PER_ELEMENT);
  }
  // Strings: UTF-16 lengths and the UTF-8 text; decoded once, sliced per row.
  function Texts(lengths, utf8) {
    var len = view(lengths, Uint32Array), start = new Float64Array(len.length + 1);
    for (var i = 0; i < len.length; i++) { start[i + 1] = start[i] + len[i]; }
    this.text = new TextDecoder().decode(utf8); this.start = start; this.n = len.length;
  }
  Texts.prototype.get = function (i) { return this.text.slice(this.start[i], this.start[i + 1]); };
  function isoDay(code, day0) {
    return code ? new Date((day0 + code - 1) * 864e5).toISOString().slice(0, 10) : "";
  }

  function Data(head, id) {
    this.head = head; this.id = id; this.n = head.n;
    this.chunks = new Array(head.chunks);
  }
  // The draw block, decoded at once (not compressed: no waiting): positions once per run
  // of incidents there (int32 deltas, uint32 runs), then uint16 days and uint8/16 types.
  Data.prototype.load = function () {
    var head = this.head, n = this.n, q = head.quantum;
    var segs = segments(fromBase64(document.getElementById(this.id + "_draw").textContent));
    var dlat = view(segs[0], Int32Array), dlon = view(segs[1], Int32Array);
    var runs = view(segs[2], Uint32Array);
    var lat = new Float64Array(n), lon = new Float64Array(n), a = 0, b = 0, i = 0;
    for (var r = 0; r < runs.length; r++) {
      a += dlat[r]; b += dlon[r];
      var la = a * q, lo = b * q;
      for (var end = i + runs[r]; i < end; i++) { lat[i] = la; lon[i] = lo; }
    }
    this.lat = lat; this.lon = lon; this.runs = runs;
    this.day = view(segs[3], Uint16Array);
    this.type = view(segs[4], head.tw === 1 ? Uint8Array : Uint16Array);
    return this;
  };
  // Details block k (0: the dictionaries, if any), once the parser has put it in the page:
  // the blocks come after the page's scripts.
  Data.prototype._block = function (k) {
    var self = this;
    return new Promise(function (resolve) {
      function read() { resolve(document.getElementById(self.id + "_d" + k).textContent); }
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", read);
      } else { read(); }
    }).then(function (text) { return inflate(fromBase64(text)); });
  };
  Data.prototype._dicts = function () {
    if (!this._dictsP) {
      this._dictsP = this.head.dicts ? this._block(0).then(function (buf) {
        var segs = segments(buf), out = [];
        for (var k = 0; k < segs.length; k += 2) { out.push(new Texts(segs[k], segs[k + 1])); }
        return out;
      }) : Promise.resolve([]);
    }
    return this._dictsP;
  };
  // Chunk k: {rows: Uint32Array, get(column index, i within chunk) -> text}.
  Data.prototype.chunk = function (k) {
    var self = this, head = this.head;
    if (!this.chunks[k]) {
      this.chunks[k] = Promise.all([this._dicts(), this._block(k + (head.dicts ? 1 : 0))]).then(
        function (got) {
          var dicts = got[0], segs = segments(got[1]), at = 1, d = 0, raw = [];
          var readers = head.columns.map(function (c) {
            var r;
            raw.push(null);
            if (c.kind === "int") {
              var v = view(segs[at], Int32Array);
              r = function (i) { return v[i] === BLANK ? "" : String(v[i]); };
            } else if (c.kind === "dict") {
              var codes = view(segs[at], c.w === 1 ? Uint8Array : c.w === 2 ? Uint16Array : Uint32Array);
              var words = dicts[d++];
              r = function (i) { return words.get(codes[i]); };
              raw[raw.length - 1] = { codes: codes, words: words };
            } else if (c.kind === "text") {
              var texts = new Texts(segs[at], segs[at + 1]);
              r = function (i) { return texts.get(i); };
              raw[raw.length - 1] = { texts: texts };
            } else { r = null; }  // day, type: from the draw block
            at += SEGMENTS[c.kind];
            return r;
          });
          return { rows: view(segs[0], Uint32Array), readers: readers, raw: raw };
        });
    }
    return this.chunks[k];
  };
  // Incident i: its table row and [column name, text] pairs in the table's order.
  Data.prototype.record = function (i) {
    var self = this, head = this.head, size = head.chunk;
    return this.chunk(Math.floor(i / size)).then(function (ch) {
      var j = i % size;
      return {
        row: ch.rows[j],
        values: head.columns.map(function (c, k) {
          var text = c.kind === "day" ? isoDay(self.day[i], head.day0)
            : c.kind === "type" ? head.types[self.type[i]] : ch.readers[k](j);
          return [c.name, text];
        })
      };
    });
  };

  // Incidents whose text holds `query` (any case): a Uint8Array of 0/1 per incident. Each
  // chunk is inflated in turn (progress(done, total) after each); a dictionary's words are
  // tested once, a chunk's text searched as one string and the hits mapped to rows.
  Data.prototype.search = function (query, progress) {
    var self = this, head = this.head, n = this.n, size = head.chunk;
    var match = new Uint8Array(n), total = head.chunks, done = 0;
    var pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
    var hit = function (text) { pattern.lastIndex = 0; return pattern.test(text); };
    var typeHit = head.types.map(hit);
    var typed = head.columns.some(function (c) { return c.kind === "type"; });
    if (typed) { for (var i = 0; i < n; i++) { if (typeHit[this.type[i]]) { match[i] = 1; } } }
    var dictHits = new Map();
    function step(k) {
      if (k >= total) { return Promise.resolve(match); }
      return self.chunk(k).then(function (ch) {
        var base = k * size, m = ch.rows.length;
        ch.raw.forEach(function (col) {
          if (!col) { return; }
          if (col.codes) {
            var flags = dictHits.get(col.words);
            if (!flags) {
              flags = new Uint8Array(col.words.n);
              for (var w = 0; w < col.words.n; w++) { flags[w] = hit(col.words.get(w)) ? 1 : 0; }
              dictHits.set(col.words, flags);
            }
            for (var j = 0; j < m; j++) { if (flags[col.codes[j]]) { match[base + j] = 1; } }
            return;
          }
          var t = col.texts, found, row = 0;
          pattern.lastIndex = 0;
          while ((found = pattern.exec(t.text)) !== null) {
            while (row < m - 1 && t.start[row + 1] <= found.index) { row++; }
            if (found.index + found[0].length > t.start[row + 1]) {  // across two rows
              pattern.lastIndex = found.index + 1;
              continue;
            }
            match[base + row] = 1;
            pattern.lastIndex = t.start[row + 1];  // on to the next row
            row++;
            if (row >= m) { break; }
          }
        });
        done++;
        if (progress) { progress(done, total); }
        return step(k + 1);
      });
    }
    return step(0);
  };

  window.IncidentData = { Data: Data, inflate: inflate, fromBase64: fromBase64 };
})();
