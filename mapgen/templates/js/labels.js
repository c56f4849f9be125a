/* City labels (the name and the headline figure, at the pole of inaccessibility),
   kept clear of each other and of the map's controls, and the tooltip. */
(function () {
  "use strict";

  // Where a label may move, in px, tried in this order.
  var SHIFTS = [[0, 0], [0, -8], [0, 8], [-14, 0], [14, 0], [0, -16], [0, 16], [-14, -10], [14, 10],
                [-14, 10], [14, -10], [-28, 0], [28, 0]];

  function move(r, d) { return { l: r.l + d[0], r: r.r + d[0], t: r.t + d[1], b: r.b + d[1] }; }
  function hit(r, o) { return r.l < o.r && r.r > o.l && r.t < o.b && r.b > o.t; }
  function overlaps(r, list) { return list.some(function (o) { return o && hit(r, o); }); }
  function inside(r, box) { return !box || (r.l >= box.l && r.r <= box.r && r.t >= box.t && r.b <= box.b); }

  // The name's box when the figure is dropped: the name alone, centred where the label was.
  function compactBox(it) {
    var cx = (it.full.l + it.full.r) / 2, cy = (it.full.t + it.full.b) / 2;
    var w = it.name.r - it.name.l, h = it.name.b - it.name.t;
    return { l: cx - w / 2, r: cx + w / 2, t: cy - h / 2, b: cy + h / 2 };
  }

  // The box a label takes as laid out (`p` from layout): the whole label, or its name
  // centred where the label was, moved by its shift. What the page shows, without asking it.
  function placedBox(it, p) {
    return move(p.mode === "full" ? it.full : compactBox(it), p.shift);
  }

  // A uniform grid of boxes: which placed boxes a new one would touch, without
  // testing every box placed (thousands of labels on a county map). `cell` in px.
  function Grid(cell) { this.cell = cell || 64; this.cells = Object.create(null); this.boxes = []; }
  Grid.prototype.keys = function (r) {
    var c = this.cell, out = [];
    for (var x = Math.floor(r.l / c); x <= Math.floor(r.r / c); x++)
      for (var y = Math.floor(r.t / c); y <= Math.floor(r.b / c); y++) out.push(x + ":" + y);
    return out;
  };
  // Put box `r` under `id` (replacing that id's earlier box); null removes it.
  Grid.prototype.set = function (id, r) {
    this.boxes[id] = r;
    if (!r) return;
    var cells = this.cells;
    this.keys(r).forEach(function (k) { (cells[k] = cells[k] || []).push(id); });
  };
  // Whether `r` touches a box other than `skip`'s.
  Grid.prototype.hits = function (r, skip) {
    var keys = this.keys(r);
    for (var i = 0; i < keys.length; i++) {
      var ids = this.cells[keys[i]] || [];
      for (var j = 0; j < ids.length; j++) {
        var o = this.boxes[ids[j]];
        if (ids[j] !== skip && o && hit(r, o)) return true;
      }
    }
    return false;
  };

  // The first shift of `box` that clears the grid's boxes (but `skip`'s) and stays in `bounds`, or -1.
  function firstFit(box, grid, bounds, shifts, skip) {
    for (var k = 0; k < shifts.length; k++) {
      var r = move(box, shifts[k]);
      if (inside(r, bounds) && !grid.hits(r, skip)) return k;
    }
    return -1;
  }

  // The collision pass. Labels come most important first, each with the box of
  // the whole label (`full`) and of its name alone (`name`), as {l, r, t, b}.
  // `o.obstacles` are boxes no label may touch (controls, legend, attribution),
  // `o.bounds` the box every label must stay inside (the map).
  // Names first: each name takes the first shift that clears the names placed
  // before it and the obstacles, or is hidden at this zoom. Then figures: a
  // label shows its figure where the whole label, at some shift, clears every
  // other label and the obstacles; so figures drop before any name does.
  // Returns, per label, {mode: "full" | "compact" | "hidden", shift: [dx, dy]}.
  function layout(items, shifts, o) {
    shifts = shifts || SHIFTS;
    o = o || {};
    var obstacles = o.obstacles || [], bounds = o.bounds || null, n = items.length;
    var grid = new Grid(64), out = [];
    obstacles.forEach(function (r, i) { grid.set(n + i, r); });
    items.forEach(function (it, i) {
      var base = compactBox(it), k = firstFit(base, grid, bounds, shifts, -1);
      grid.set(i, k < 0 ? null : move(base, shifts[k]));
      out[i] = k < 0 ? { mode: "hidden", shift: [0, 0] } : { mode: "compact", shift: shifts[k] };
    });
    items.forEach(function (it, i) {
      if (out[i].mode === "hidden") return;
      if (it.full.b - it.full.t <= it.name.b - it.name.t + 0.5) { out[i].mode = "full"; return; }  // no figure
      // the label's own shift first, so a figure does not move its name without need
      var order = [out[i].shift].concat(shifts);
      var k = firstFit(it.full, grid, bounds, order, i);
      if (k >= 0) {
        grid.set(i, move(it.full, order[k]));
        out[i] = { mode: "full", shift: order[k] };
      }
    });
    return out;
  }

  // On a map of many units a label waits until its unit is big enough on the
  // screen to hold its name (`unit` and `name` are {w, h} in px): a name over
  // a unit smaller than itself covers its neighbours, which then cannot be
  // clicked. Zooming in brings it back.
  // Both the unit's box and its area count: islands spread over a sea have a big
  // box and almost no land (`unit.area` in px², optional).
  function fits(unit, name) {
    return unit.w >= 0.8 * name.w && unit.h >= name.h && (unit.area === undefined || unit.area >= name.w * name.h);
  }

  // A name's size before it is measured: CJK characters are about 1 em, others half.
  function guessSize(text, em) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) > 0x2e80 ? em : em * 0.55;
    return { w: w, h: em * 1.15 };
  }

  // Where the tooltip goes: above the pointer `pt` (both in map pixels) with a
  // gap, so the point under the pointer stays visible, else below it; clamped
  // inside the map of size `map` ({x, y}). `tip` is the tooltip's {w, h}.
  function place(pt, tip, map, gap) {
    gap = gap === undefined ? 14 : gap;
    var m = 4;
    var left = Math.max(m, Math.min(pt.x - tip.w / 2, map.x - tip.w - m));
    var top = pt.y - gap - tip.h;
    if (top < m) top = pt.y + gap + 6;  // below the pointer (and the cursor's tip)
    if (top + tip.h > map.y - m) top = Math.max(m, map.y - m - tip.h);
    return { left: Math.round(left), top: Math.round(top) };
  }

  mg.labels = { SHIFTS: SHIFTS, layout: layout, overlaps: overlaps, Grid: Grid, fits: fits, guessSize: guessSize,
                placedBox: placedBox };
  mg.tip = { place: place };

  function rect(node) { var b = node.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, b: b.bottom }; }
  function pad(r, p) { return { l: r.l - p, r: r.r + p, t: r.t - p, b: r.b + p }; }

  mg.View.include({
    // Labels are made when first shown: a county map does not build thousands
    // of labels it cannot show at once.
    addLabels: function () {
      var v = this;
      v.dense = v.data.cities.length > v.data.crowd.denseUnits;  // mapgen/payload.py CROWD
      v.labelOrder = v.data.cities.slice().sort(function (a, b) { return b.area - a.area || a.adcode - b.adcode; });
      v.unitBounds = {};
      v.data.cities.forEach(function (c) { v.unitBounds[c.adcode] = v.layers[c.adcode].getBounds(); });
      if (!v.dense) v.data.cities.forEach(function (c) { v.label(c); });
    },

    // The city's label marker, made on first use.
    label: function (c) {
      var v = this, el = mg.el, L = v.L;
      if (v.labels[c.adcode]) return v.labels[c.adcode];
      var box = el("div", "mg-label");
      box.setAttribute("data-unit", c.adcode);
      box.appendChild(el("span", "mg-lname", v.tx(c.short)));
      if (c.record && c.record.marker) box.appendChild(el("span", "mg-chip", v.tx(c.record.marker)));
      box.addEventListener("click", function () { v.select(c, true); });
      box.addEventListener("mouseenter", function (e) { v.showTip(c, e); });
      box.addEventListener("mousemove", function (e) { v.showTip(c, e); });
      box.addEventListener("mouseleave", function () { v.hideTip(); });
      var m = v.labels[c.adcode] = L.marker([c.label[1], c.label[0]], {
        keyboard: false, interactive: !v.dense,  // dense: a click goes to the unit under the label
        icon: L.divIcon({ className: "mg-icon", html: box, iconSize: null })
      }).addTo(v.map);
      m.getElement().setAttribute("aria-hidden", "true");
      return m;
    },

    // The cities that may show a label in this view: on a dense map, those whose
    // label point is in view and whose shape is big enough for the name.
    labelCandidates: function () {
      var v = this, map = v.map;
      if (!v.dense) return v.labelOrder;
      var view = map.getBounds(), em = 13, zoom = map.getZoom();
      return v.labelOrder.filter(function (c) {
        if (!view.contains([c.label[1], c.label[0]])) return false;
        var b = v.unitBounds[c.adcode];
        var p = map.latLngToContainerPoint(b.getSouthWest()), q = map.latLngToContainerPoint(b.getNorthEast());
        var size = v.labelSizes[c.adcode + v.lang] || guessSize(v.tx(c.short), em);
        // metres per px at the label's latitude (Web Mercator, 256 px tiles)
        var mpp = 40075016.686 * Math.cos(c.label[1] * Math.PI / 180) / Math.pow(2, zoom + 8);
        return fits({ w: Math.abs(q.x - p.x), h: Math.abs(p.y - q.y), area: c.area * 1e6 / (mpp * mpp) }, size);
      });
    },

    // The boxes labels keep clear of: the map's controls, the legend and the
    // attribution, with a few px to spare.
    obstacles: function () {
      var out = [];
      this.each(".leaflet-control, .mg-legend", function (n) {
        if (n.offsetParent !== null && n.offsetWidth) out.push(pad(rect(n), 3));
      });
      return out;
    },

    // Largest city first. All boxes are read in one layout pass and written
    // after, so the cost stays flat with a hundred labels; on a dense map only
    // the labels that may show are laid out, the others are taken off the page.
    // The same view laid out again is skipped (a page load asks several times).
    // Nothing is read after the first write: where a label ends up follows from
    // its box and its shift (placedBox), and a neighbour's name is measured with
    // the labels (hiding it changes no box), so a layout costs one layout pass.
    declutter: function () {
      var v = this, map = v.map;
      if (v.starting || !map.getContainer().offsetWidth) return;  // starting, or not shown (the list view)
      var obstacles = v.obstacles(), size = map.getSize(), centre = map.getCenter();
      var key = [map.getZoom(), centre.lat, centre.lng, size.x, size.y, v.lang, v.fontsReady,
                 JSON.stringify(obstacles)].join("|");
      if (key === v.laidOut) return;
      v.laidOut = key;
      v.labelSizes = v.labelSizes || {};
      var order = v.labelCandidates(), on = {};
      order.forEach(function (c) { on[c.adcode] = true; });
      Object.keys(v.labels).forEach(function (code) {
        var icon = v.labels[code].getElement();
        if (icon.classList.contains("mg-off") === !on[code]) return;
        icon.classList.toggle("mg-off", !on[code]);
      });
      // each label whole and unshifted while it is measured (untouched when it already is)
      var shifts = v.labelShifts = v.labelShifts || {};
      var nodes = order.map(function (c) {
        var label = v.label(c).getElement().firstChild, icon = label.parentNode;
        if (icon.classList.contains("mg-compact")) icon.classList.remove("mg-compact");
        if (shifts[c.adcode] !== "0,0") label.style.margin = "0px";
        shifts[c.adcode] = "0,0";
        return label;
      });
      var boxes = nodes.map(function (label) { return { full: rect(label), name: rect(label.firstChild) }; });
      var nboxes = v.nlabels.map(function (p) { return rect(p[0]); });
      var bounds = pad(rect(map.getContainer()), -2);
      boxes.forEach(function (b, i) {
        v.labelSizes[order[i].adcode + v.lang] = { w: b.name.r - b.name.l, h: b.name.b - b.name.t };
      });
      if (v.dense) {  // a name measured bigger than its guess may not fit its unit after all
        var still = {};
        v.labelCandidates().forEach(function (c) { still[c.adcode] = true; });
        var keep = order.map(function (c) { return !!still[c.adcode]; });
        order.forEach(function (c, i) { if (!keep[i]) v.labels[c.adcode].getElement().classList.add("mg-off"); });
        order = order.filter(function (c, i) { return keep[i]; });
        nodes = nodes.filter(function (n, i) { return keep[i]; });
        boxes = boxes.filter(function (b, i) { return keep[i]; });
      }
      var placed = layout(boxes, SHIFTS, { obstacles: obstacles, bounds: bounds });
      var taken = obstacles.slice();
      placed.forEach(function (p, i) {
        var icon = nodes[i].parentNode, code = order[i].adcode;
        if (icon.classList.contains("mg-hidden") !== (p.mode === "hidden")) icon.classList.toggle("mg-hidden");
        if (p.mode === "compact") icon.classList.add("mg-compact");
        if (shifts[code] !== String(p.shift)) nodes[i].style.margin = p.shift[1] + "px 0 0 " + p.shift[0] + "px";
        shifts[code] = String(p.shift);
        if (p.mode !== "hidden") taken.push(placedBox(boxes[i], p));
      });
      // Neighbouring provinces' names are context: they give way to the cities' labels and the controls.
      v.nlabels.forEach(function (p, i) {
        var hide = overlaps(nboxes[i], taken) || !inside(nboxes[i], bounds);
        if (p[0].classList.contains("mg-hidden") !== hide) p[0].classList.toggle("mg-hidden");
      });
    },

    // The tooltip: the name and the headline, at the pointer (or above the
    // label of the focused city), inside the map.
    showTip: function (c, e) {
      var v = this, tip = v.tip, map = v.map.getContainer();
      if (!tip) {
        tip = v.tip = mg.el("div", "mg-tip");
        tip.setAttribute("aria-hidden", "true");
        tip.hidden = true;
        v.root.querySelector(".mg-stage").appendChild(tip);
      }
      if (tip.cityCode !== c.adcode) {
        tip.cityCode = c.adcode;
        tip.textContent = "";
        tip.appendChild(mg.el("strong", null, v.tx(c.name)));
        if (c.record) tip.appendChild(mg.el("span", null, v.tx(c.record.headline)));
      }
      var box = map.getBoundingClientRect(), pt;
      if (e && e.clientX !== undefined) {
        pt = { x: e.clientX - box.left, y: e.clientY - box.top };
      } else {
        var marker = v.labels[c.adcode], icon = marker && marker.getElement();
        if (icon && !icon.classList.contains("mg-off") && !icon.classList.contains("mg-hidden")) {
          var lb = icon.firstChild.getBoundingClientRect();
          pt = { x: (lb.left + lb.right) / 2 - box.left, y: lb.top - box.top + 4 };
        } else {  // no label shown: at the label point
          var at = v.map.latLngToContainerPoint([c.label[1], c.label[0]]);
          pt = { x: at.x, y: at.y - 8 };
        }
      }
      tip.hidden = false;
      var at = place(pt, { w: tip.offsetWidth, h: tip.offsetHeight }, { x: box.width, y: box.height });
      tip.style.left = at.left + "px";
      tip.style.top = at.top + "px";
    },

    hideTip: function () { if (this.tip) { this.tip.hidden = true; this.tip.cityCode = null; } }
  });
})();
