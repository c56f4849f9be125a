/* City labels: the name and the headline figure, at the pole of inaccessibility. */
(function () {
  "use strict";

  // Where a label may move, in px, tried in this order.
  var SHIFTS = [[0, 0], [0, -8], [0, 8], [-14, 0], [14, 0], [0, -16], [0, 16], [-14, -10], [14, 10],
                [-14, 10], [14, -10], [-28, 0], [28, 0]];

  function move(r, d) { return { l: r.l + d[0], r: r.r + d[0], t: r.t + d[1], b: r.b + d[1] }; }
  function overlaps(r, list) {
    return list.some(function (o) { return r.l < o.r && r.r > o.l && r.t < o.b && r.b > o.t; });
  }

  // The collision pass. Labels come most important first, each with the box of
  // the whole label (`full`) and of its name alone (`name`), as {l, r, t, b}.
  // Greedily: a label that would overlap one placed before drops its figure
  // chip (`compact`: only the name's box, centred where the label was), then
  // takes the first shift that clears the others, or none if no shift does.
  function layout(items, shifts) {
    shifts = shifts || SHIFTS;
    var placed = [];
    return items.map(function (it) {
      var cx = (it.full.l + it.full.r) / 2, cy = (it.full.t + it.full.b) / 2;
      var w = it.name.r - it.name.l, h = it.name.b - it.name.t;
      var base = it.full, compact = overlaps(base, placed);
      if (compact) base = { l: cx - w / 2, r: cx + w / 2, t: cy - h / 2, b: cy + h / 2 };
      var r = base, k;
      for (k = 0; k < shifts.length; k++) {
        r = move(base, shifts[k]);
        if (!overlaps(r, placed)) break;
      }
      if (k === shifts.length) { k = 0; r = base; }
      placed.push(r);
      return { compact: compact, shift: shifts[k] };
    });
  }

  mg.labels = { SHIFTS: SHIFTS, layout: layout, overlaps: overlaps };

  function rect(node) { var b = node.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, b: b.bottom }; }

  mg.View.include({
    addLabels: function () {
      var v = this, el = mg.el, L = v.L;
      v.data.cities.forEach(function (c) {
        var box = el("div", "mg-label");
        box.appendChild(el("span", "mg-lname"));
        if (c.record && c.record.marker) box.appendChild(el("span", "mg-chip"));
        box.addEventListener("click", function () { v.select(c, true); });
        v.labels[c.adcode] = L.marker([c.label[1], c.label[0]], {
          keyboard: false,
          icon: L.divIcon({ className: "mg-icon", html: box, iconSize: null })
        }).addTo(v.map);
        v.labels[c.adcode].getElement().setAttribute("aria-hidden", "true");
      });
    },

    // Largest city first. All boxes are read in one layout pass and written
    // after, so the cost stays flat with a hundred labels.
    declutter: function () {
      var v = this;
      var order = v.data.cities.slice().sort(function (a, b) { return b.area - a.area; });
      var nodes = order.map(function (c) {
        var label = v.labels[c.adcode].getElement().firstChild;
        label.parentNode.classList.remove("mg-compact");
        label.style.margin = "0px";
        return label;
      });
      var boxes = nodes.map(function (label) { return { full: rect(label), name: rect(label.firstChild) }; });
      layout(boxes).forEach(function (p, i) {
        if (p.compact) nodes[i].parentNode.classList.add("mg-compact");
        nodes[i].style.margin = p.shift[1] + "px 0 0 " + p.shift[0] + "px";
      });
    }
  });
})();
