/* Always-visible map labels, placed so that none overlaps another label, a marker or a map
 * control (title, legend, zoom buttons, layer control, credit, attribution, inset).
 *
 * imLabels(map, labels, groups) takes labels as arrays
 *   [text, kind, priority, groupIndex, anchors, radius, zmin, zmax]
 * where anchors are [lat, lon] pairs: one point for a place, points along a line for a
 * distance, candidate points on a ring, a label point for an area. Lower priority places
 * first. Each label tries positions around (or on) its anchors; when none is free a point
 * label tries the same directions further out with a leader line; else it is dropped.
 * Labels are re-placed after every zoom, pan, resize, layer toggle and legend toggle; pins
 * that would cover each other at that zoom are fanned out first (dodge).
 * Text is set with textContent: story text is never parsed as HTML.
 */
function imLabels(map, labels, groups) {
    "use strict";
    var pane = map.createPane("im-labels");
    pane.style.zIndex = 625;  // above markers (600), under tooltips (650) and popups (700)
    pane.style.pointerEvents = "none";
    var container = map.getContainer();
    var PAD = 2;  // px kept free around every box
    var items = labels.map(function (l) {
        var el = L.DomUtil.create("div", "im-label im-label-" + l[1], pane);
        el.textContent = l[0];
        var item = {text: l[0], kind: l[1], prio: l[2], group: l[3], anchors: l[4],
                    r: l[5], zmin: l[6], zmax: l[7], el: el, dot: null, leader: null};
        if (l[1] === "town") {  // a basemap town's dot shows only with its name
            item.dot = L.DomUtil.create("div", "im-town-dot", pane);
        }
        if (l[1] === "place" || l[1] === "town") {
            item.leader = L.DomUtil.create("div", "im-leader", pane);
        }
        return item;
    });
    var order = items.slice().sort(function (a, b) { return a.prio - b.prio; });

    function rectOf(el, origin) {
        var r = el.getBoundingClientRect();
        return {x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height};
    }
    function hits(a, b) {
        return a.x < b.x + b.w + PAD && b.x < a.x + a.w + PAD &&
               a.y < b.y + b.h + PAD && b.y < a.y + a.h + PAD;
    }
    function free(box, taken, size) {
        if (box.x < PAD || box.y < PAD || box.x + box.w > size.x - PAD ||
            box.y + box.h > size.y - PAD) { return false; }
        for (var i = 0; i < taken.length; i++) { if (hits(box, taken[i])) { return false; } }
        return true;
    }
    function hide(item) {
        item.el.style.display = "none";
        if (item.dot) { item.dot.style.display = "none"; }
        if (item.leader) { item.leader.style.display = "none"; }
    }
    function visible(item, zoom) {
        if (item.group >= 0 && !map.hasLayer(groups[item.group])) { return false; }
        return zoom >= item.zmin && zoom <= item.zmax;
    }
    // Candidate boxes around a mark of half-size ``s`` (a dot, a pin), ``gap`` px off it, in
    // the cartographer's order: right, left, above right, above left, below right, below
    // left, above, below.
    function around(p, w, h, s, gap) {
        var d = s + gap, k = s * 0.4;
        return [
            [p.x + d, p.y - h / 2], [p.x - d - w, p.y - h / 2],
            [p.x + k, p.y - d - h], [p.x - k - w, p.y - d - h],
            [p.x + k, p.y + d], [p.x - k - w, p.y + d],
            [p.x - w / 2, p.y - d - h], [p.x - w / 2, p.y + d]
        ];
    }
    function setLeader(item, p, box) {
        var cx = Math.max(box.x, Math.min(p.x, box.x + box.w));
        var cy = Math.max(box.y, Math.min(p.y, box.y + box.h));
        var dx = cx - p.x, dy = cy - p.y, len = Math.sqrt(dx * dx + dy * dy) - item.r;
        var a = Math.atan2(dy, dx);
        var start = map.containerPointToLayerPoint(
            L.point(p.x + Math.cos(a) * item.r, p.y + Math.sin(a) * item.r));
        var s = item.leader.style;
        s.display = "block";
        s.width = Math.max(len, 0) + "px";
        s.transform = "translate3d(" + start.x + "px," + start.y + "px,0) rotate(" + a + "rad)";
    }

    // Pins that would cover each other at this zoom (two towns 20 km apart on a map of a
    // whole country) are fanned out on a small circle around their middle, kept in their
    // compass order; a CSS ``translate`` composes with the transform Leaflet positions them
    // by, so the marker keeps its place and every zoom starts again from the true spots.
    function dodge() {
        var pins = [].slice.call(container.querySelectorAll(".im-marker"));
        pins.forEach(function (el) { el.style.translate = ""; });
        pins = pins.filter(function (el) { return el.offsetParent !== null; });
        var c = pins.map(function (el) {
            var r = el.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2,
                    s: Math.max(r.width, r.height)};
        });
        var root = c.map(function (_, i) { return i; });
        function find(i) { while (root[i] !== i) { i = root[i] = root[root[i]]; } return i; }
        for (var i = 0; i < c.length; i++) {  // a story's pins: a few dozen at most
            for (var j = i + 1; j < c.length; j++) {
                var apart = Math.hypot(c[i].x - c[j].x, c[i].y - c[j].y);
                if (apart < (c[i].s + c[j].s) / 2 + PAD) { root[find(i)] = find(j); }
            }
        }
        var groups = {};
        c.forEach(function (_, i) { (groups[find(i)] = groups[find(i)] || []).push(i); });
        Object.keys(groups).forEach(function (key) {
            var g = groups[key], k = g.length;
            if (k < 2) { return; }
            var mx = 0, my = 0, s = 0;
            g.forEach(function (i) { mx += c[i].x / k; my += c[i].y / k; s = Math.max(s, c[i].s); });
            var radius = (s / 2 + PAD) / Math.sin(Math.PI / Math.max(k, 2));
            g.sort(function (a, b) {
                return Math.atan2(c[a].y - my, c[a].x - mx) - Math.atan2(c[b].y - my, c[b].x - mx);
            });
            var start = Math.atan2(c[g[0]].y - my, c[g[0]].x - mx);
            if (c[g[0]].x === mx && c[g[0]].y === my) { start = -Math.PI / 2; }
            g.forEach(function (i, m) {
                var a = start + 2 * Math.PI * m / k;
                var dx = mx + radius * Math.cos(a) - c[i].x, dy = my + radius * Math.sin(a) - c[i].y;
                pins[i].style.translate = dx.toFixed(1) + "px " + dy.toFixed(1) + "px";
            });
        });
    }

    function place() {
        var size = map.getSize(), zoom = map.getZoom();
        dodge();
        var origin = container.getBoundingClientRect();
        var taken = [];
        // Controls, incident pins and the dots where a distance ends off a named place (a
        // border point): no label covers them. (SVG dots have no offsetParent.)
        container.querySelectorAll(".leaflet-control, .im-marker, .im-endpoint").forEach(function (el) {
            if (el.offsetParent !== null) { taken.push(rectOf(el, origin)); }
        });
        var live = [];
        items.forEach(function (item) {
            if (!visible(item, zoom)) { hide(item); return; }
            item.el.style.display = "block";
            item.w = item.el.offsetWidth;
            item.h = item.el.offsetHeight;
            item.pts = item.anchors.map(function (a) {
                return map.latLngToContainerPoint(a);
            });
            live.push(item);
            if (item.kind === "place") {  // the dot of every named place stays uncovered
                var p = item.pts[0];
                taken.push({x: p.x - 4, y: p.y - 4, w: 8, h: 8});
            }
        });
        order.forEach(function (item) {
            if (live.indexOf(item) < 0) { return; }
            var w = item.w, h = item.h, boxes = [], leader = [];
            item.pts.forEach(function (p) {
                if (item.kind === "place" || item.kind === "town") {
                    boxes = boxes.concat(around(p, w, h, item.r, 3).map(function (c) {
                        return [c, p, false];
                    }));
                    if (item.kind === "place") {
                        leader = leader.concat(around(p, w, h, item.r, 28).map(function (c) {
                            return [c, p, true];
                        }));
                    }
                } else if (item.kind === "ring") {
                    boxes.push([[p.x - w / 2, p.y - h - 2], p, false]);
                } else {  // distance, area, country, sea: centred on the anchor
                    boxes.push([[p.x - w / 2, p.y - h / 2], p, false]);
                }
            });
            if (item.kind === "distance") {  // then beside the line: above, below, left, right
                item.pts.forEach(function (p) {
                    boxes.push([[p.x - w / 2, p.y - h - 4], p, false]);
                    boxes.push([[p.x - w / 2, p.y + 4], p, false]);
                    boxes.push([[p.x - w - 6, p.y - h / 2], p, false]);
                    boxes.push([[p.x + 6, p.y - h / 2], p, false]);
                });
            }
            var all = boxes.concat(leader), chosen = null;
            for (var i = 0; i < all.length && !chosen; i++) {
                var box = {x: all[i][0][0], y: all[i][0][1], w: w, h: h};
                if (free(box, taken, size)) { chosen = [box, all[i][1], all[i][2]]; }
            }
            if (!chosen) { hide(item); return; }
            var box = chosen[0];
            taken.push(box);
            L.DomUtil.setPosition(item.el, map.containerPointToLayerPoint(L.point(box.x, box.y)));
            if (item.dot) {
                var p = item.pts[0];
                item.dot.style.display = "block";
                L.DomUtil.setPosition(item.dot, map.containerPointToLayerPoint(p));
                taken.push({x: p.x - 3, y: p.y - 3, w: 6, h: 6});
            }
            if (item.leader) {
                if (chosen[2]) { setLeader(item, chosen[1], box); }
                else { item.leader.style.display = "none"; }
            }
        });
        pane.style.visibility = "";
    }
    map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
    map.on("zoomend moveend resize overlayadd overlayremove", place);
    container.addEventListener("toggle", place, true);  // the legend's <details>
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(place); }
    window.addEventListener("load", place);
    map.whenReady(place);
    container.imLabels = {place: place};  // for the PNG snapshot, once it hides controls
    return container.imLabels;
}
