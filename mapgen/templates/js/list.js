/* The list view: a sortable table of all cities (also the no-JS and
   screen-reader fallback), and the map/list switch. */
(function () {
  "use strict";

  var COLUMNS = ["name", "theme", "headline", "figure"];

  // Values compare as numbers or strings; arrays element by element.
  function compare(x, y) {
    if (Array.isArray(x) && Array.isArray(y)) {
      for (var i = 0; i < Math.min(x.length, y.length); i++) {
        var d = compare(x[i], y[i]);
        if (d) return d;
      }
      return x.length - y.length;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // Rows sorted by `value(city)`, ties by adcode; dir 1 ascending, -1 descending.
  // A value of null (a city without the figure) sorts last either way.
  function order(cities, value, dir) {
    return cities.slice().sort(function (a, b) {
      var x = value(a), y = value(b);
      if (x === null || y === null) return (x === null) - (y === null) || a.adcode - b.adcode;
      return (compare(x, y) || a.adcode - b.adcode) * dir;
    });
  }

  // Units ranked by how many cities' figures use them (then by name), so
  // sorting by figure keeps like with like: 4个 < 21个 < ... < 5条 < 83%.
  function unitRanks(cities) {
    var n = {};
    cities.forEach(function (c) { if (c.record && c.record.markerUnit) n[c.record.markerUnit] = (n[c.record.markerUnit] || 0) + 1; });
    var units = Object.keys(n).sort(function (a, b) { return n[b] - n[a] || compare(a, b); });
    var rank = {};
    units.forEach(function (u, i) { rank[u] = i; });
    return rank;
  }

  mg.list = { COLUMNS: COLUMNS, order: order, compare: compare, unitRanks: unitRanks };

  mg.View.include({
    // Names sort as the language's row says (by pinyin in Chinese); cities
    // without a record sort last ("~", -1). Figures sort within their unit,
    // then by theme and name.
    sortValue: function (c, key) {
      if (key === "figure") {
        var r = c.record;
        if (!r || r.markerAmount === null || r.markerAmount === undefined) return null;
        this.unitRank = this.unitRank || unitRanks(this.data.cities);  // made when first sorted by figure
        var u = this.unitRank[r.markerUnit];
        return [u === undefined ? Infinity : u, r.markerAmount, r.themeIndex, this.sortValue(c, "name")];
      }
      if (key === "name") return mg.i18n.language(this.data.languages, this.lang).sortNames === "pinyin" ? c.pinyin : this.tx(c.name);
      if (key === "theme") return c.record ? this.tx(this.data.themes[c.record.themeIndex]) : "~";
      if (key === "headline") return c.record ? this.tx(c.record.headline) : "~";
      return c.record && c.record.markerAmount !== null ? c.record.markerAmount : -1;
    },

    // The rows are made when the list is shown (a county map has thousands):
    // until then the page's own rows stand, and a change marks them stale.
    renderList: function () {
      var v = this, el = mg.el, T = v.T, tbody = v.tbody;
      v.listStale = v.root.getAttribute("data-view") !== "list";
      if (v.listStale) return;
      var rows = order(v.data.cities, function (c) { return v.sortValue(c, v.sortKey); }, v.sortDir);
      tbody.textContent = "";
      rows.forEach(function (c) {
        var tr = el("tr");
        tr.setAttribute("data-adcode", c.adcode);
        if (v.selected === c) tr.setAttribute("aria-selected", "true");
        var th = el("th");
        th.setAttribute("scope", "row");
        var btn = el("button", "mg-rowbtn", v.tx(c.name));
        btn.type = "button";
        btn.addEventListener("click", function () { v.select(c, true); v.showView("map"); });
        th.appendChild(btn);
        tr.appendChild(th);
        if (c.record) {
          tr.appendChild(el("td", null, v.tx(v.data.themes[c.record.themeIndex])));
          var td = el("td");
          td.appendChild(el("span", "mg-rhead", v.tx(c.record.headline)));
          td.appendChild(el("span", "mg-rsum", v.tx(c.record.summary)));
          tr.appendChild(td);
          tr.appendChild(el("td", "mg-num", v.tx(c.record.marker)));
        } else {
          var none = el("td", null, v.tx(T.ui.noRecord));
          none.colSpan = 3;
          tr.appendChild(none);
        }
        tbody.appendChild(tr);
      });
    },

    // Only the rows that change are touched (a county map has thousands).
    markRow: function (c) {
      Array.prototype.forEach.call(this.tbody.querySelectorAll("tr[aria-selected]"), function (tr) {
        tr.removeAttribute("aria-selected");
      });
      var row = c && this.tbody.querySelector('tr[data-adcode="' + c.adcode + '"]');
      if (row) row.setAttribute("aria-selected", "true");
    },

    bindList: function () {
      var v = this, root = v.root;
      v.tbody = root.querySelector(".mg-table tbody");
      v.sortKey = "name";
      v.sortDir = 1;
      var heads = root.querySelectorAll(".mg-table thead th");
      COLUMNS.forEach(function (key, i) {
        var th = heads[i], label = th.firstElementChild;
        var btn = mg.el("button", "mg-sort");
        btn.type = "button";
        th.replaceChild(btn, label);
        btn.appendChild(label);
        btn.addEventListener("click", function () {
          v.sortDir = v.sortKey === key ? -v.sortDir : 1;
          v.sortKey = key;
          Array.prototype.forEach.call(heads, function (h, j) {
            if (j === i) h.setAttribute("aria-sort", v.sortDir > 0 ? "ascending" : "descending");
            else h.removeAttribute("aria-sort");
          });
          v.renderList();
        });
      });
      v.each(".mg-view", function (b) {
        b.addEventListener("click", function () { v.showView(b.getAttribute("data-view")); });
      });
    },

    showView: function (view) {
      this.root.setAttribute("data-view", view);
      this.each(".mg-view", function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view));
      });
      // labels are measured while visible: place them again on the way back to the map
      if (view === "map") { this.map.invalidateSize(false); this.declutter(); }
      if (view === "list" && this.listStale) this.renderList();
    }
  });
})();
