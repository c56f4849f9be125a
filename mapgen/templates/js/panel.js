/* The city panel (a side panel, a bottom sheet on a phone): selecting and
   closing a city, and keeping the selected city in view. */
(function () {
  "use strict";

  mg.View.include({
    fill: function (c) {
      var v = this, el = mg.el, T = v.T, body = v.panelBody;
      var here = mg.i18n.language(v.data.languages, v.lang);
      body.textContent = "";
      var head = el("div", "mg-phead");
      var h = el("h2", "mg-pname", v.tx(c.name));
      h.id = v.data.mapId + "-title";
      head.appendChild(h);
      head.appendChild(el("div", "mg-pname2", c.name[here.otherName]));
      body.appendChild(head);
      var r = c.record;
      if (!r) {
        body.appendChild(el("p", "mg-none", v.tx(T.ui.noRecord)));
        return;
      }
      var tag = el("span", "mg-tag");
      tag.appendChild(el("span", "mg-sw mg-th-" + r.themeIndex));
      tag.appendChild(document.createTextNode(v.tx(v.data.themes[r.themeIndex])));
      body.appendChild(tag);
      body.appendChild(el("p", "mg-headline", v.tx(r.headline)));
      body.appendChild(el("p", "mg-summary", v.tx(r.summary)));
      if (r.figures.length === 0) {
        body.appendChild(el("p", "mg-none", v.tx(T.ui.noFigures)));
      } else {
        body.appendChild(el("h3", "mg-sr", v.tx(T.ui.keyFigures)));
        var grid = el("ul", "mg-cards");
        r.figures.forEach(function (f) {
          var li = el("li", "mg-card");
          li.appendChild(el("div", "mg-value", v.tx(f.text)));
          li.appendChild(el("div", "mg-flabel", v.tx(f.label)));
          if (f.period) li.appendChild(el("div", "mg-period", v.tx(f.period)));
          grid.appendChild(li);
        });
        body.appendChild(grid);
      }
      body.appendChild(el("p", "mg-psource", v.tx(T.sourceLine)));
    },

    // Keep the selected city well inside the part of the map the panel leaves
    // visible: if its label point is near or under the panel, centre it there.
    reveal: function (c) {
      var L = this.L, map = this.map, panel = this.panel;
      var size = map.getSize();
      var max = this.narrow() ? L.point(size.x, size.y - panel.offsetHeight) : L.point(size.x - panel.offsetWidth - 20, size.y);
      var visible = L.bounds(L.point(0, 0), max);
      var inner = L.bounds(visible.min.add([50, 50]), visible.max.subtract([50, 50]));
      var p = map.latLngToContainerPoint([c.label[1], c.label[0]]);
      if (!inner.contains(p)) map.panBy(p.subtract(visible.getCenter()));
    },

    // `push`: the reader chose the city here (not the URL). Opening a city adds
    // one history entry; moving from one city to another replaces it.
    select: function (c, push) {
      var v = this, opening = !v.selected;
      if (v.selected && v.selected !== c) v.layers[v.selected.adcode].setStyle(v.baseStyle(v.selected));
      var active = document.activeElement;
      if (push && opening) v.lastFocus = active && active !== document.body ? active : v.layers[c.adcode].getElement();
      // where the reader was, to return there on closing
      if (opening) v.before = { center: v.map.getCenter(), zoom: v.map.getZoom() };
      v.hideTip();
      v.selected = c;
      v.outlineCity(c);
      v.fill(c);
      v.panel.hidden = false;
      v.root.classList.add("mg-open");
      v.markRow(c);
      v.announce.textContent = mg.format.fill(v.tx(v.T.ui.opened), { name: v.tx(c.name) });
      v.reveal(c);
      if (push) v.writeHash(c, !opening);
      v.root.dispatchEvent(new CustomEvent("mapgen:select", { detail: { adcode: c.adcode } }));
    },

    close: function (push) {
      var v = this;
      if (!v.selected) return;
      v.layers[v.selected.adcode].setStyle(v.baseStyle(v.selected));
      v.outlineCity(null);
      v.selected = null;
      v.panel.hidden = true;
      v.root.classList.remove("mg-open");
      v.markRow(null);
      v.announce.textContent = "";
      if (push) v.writeHash(null, true);
      // back to the view before the city was opened, or to the whole region
      var b = v.before, map = v.map;
      // exactly there, not rounded to a pixel; unless already there (a reset projects every shape again)
      if (b && !(map.getZoom() === b.zoom && map.getCenter().equals(b.center))) map.setView(b.center, b.zoom, { reset: true });
      else if (!b) v.fit();
      v.before = null;
      if (v.lastFocus && document.contains(v.lastFocus) && v.lastFocus.focus) v.lastFocus.focus();
      v.lastFocus = null;
    },

    bindPanel: function () {
      var v = this, root = v.root;
      v.panel = root.querySelector(".mg-panel");
      v.panelBody = root.querySelector(".mg-panel-body");
      v.announce = root.querySelector(".mg-announce");
      root.querySelector(".mg-close").addEventListener("click", function () { v.close(true); });
      // Esc closes this map's panel when focus is in this map or nowhere in particular.
      document.addEventListener("keydown", function (e) {
        if (e.key !== "Escape" || !v.selected) return;
        if (root.contains(e.target) || e.target === document.body || e.target === document.documentElement) {
          e.preventDefault();
          v.close(true);
        }
      });
    }
  });
})();
