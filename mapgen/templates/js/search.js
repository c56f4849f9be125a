/* Search: 合肥, 合肥市, 合肥 in Traditional script, Hefei, hefei, pinyin and its initials (hf). */
(function () {
  "use strict";

  function norm(s) { return String(s).toLowerCase().replace(/[\s'’\-·.]+/g, ""); }

  // Everything a reader may type for a city, normalised: its full and short
  // names in every language of the page, slug, pinyin and pinyin initials.
  function keys(c, languages) {
    var out = [];
    languages.forEach(function (l) { out.push(c.name[l.key], c.short[l.key]); });
    return out.concat([c.slug, c.pinyin, c.initials]).filter(function (k) { return k !== undefined && k !== null; }).map(norm);
  }

  // The cities one of whose keys starts with what was typed, in their order.
  function match(index, typed) {
    var k = norm(typed);
    if (!k) return [];
    return index.filter(function (e) { return e.keys.some(function (x) { return x.indexOf(k) === 0; }); })
      .map(function (e) { return e.city; });
  }

  mg.search = { norm: norm, keys: keys, match: match };

  mg.View.include({
    bindSearch: function () {
      var v = this, el = mg.el, root = v.root, data = v.data;
      var q = root.querySelector(".mg-q"), hits = root.querySelector(".mg-hits"), found = [], active = -1;
      var index = null;  // made on the first search, not while the map is starting (thousands of units)
      function hitId(c) { return data.mapId + "-hit-" + c.adcode; }
      function hide() { hits.hidden = true; q.setAttribute("aria-expanded", "false"); }
      function showHits() {
        index = index || data.cities.map(function (c) { return { city: c, keys: keys(c, data.languages) }; });
        var all = match(index, q.value);
        found = all.slice(0, data.crowd.searchHits);  // a county map matches hundreds for one letter
        active = found.length ? 0 : -1;
        hits.textContent = "";
        if (!q.value.trim()) { hide(); return; }
        if (!found.length) hits.appendChild(el("li", "mg-nohit", v.tx(v.T.ui.noMatch)));
        found.forEach(function (c, i) {
          var li = el("li", "mg-hit", v.tx(c.name));
          li.id = hitId(c);
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", String(i === active));
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(c); });
          hits.appendChild(li);
        });
        if (all.length > found.length) {
          var more = el("li", "mg-nohit", mg.format.fill(v.tx(v.T.ui.moreMatches), { n: all.length - found.length }));
          more.setAttribute("aria-disabled", "true");
          hits.appendChild(more);
        }
        hits.hidden = false;
        q.setAttribute("aria-expanded", "true");
        q.setAttribute("aria-activedescendant", active >= 0 ? hitId(found[active]) : "");
      }
      function choose(c) {
        q.value = v.tx(c.name);
        hide();
        v.showView("map");
        v.select(c, true);
      }
      q.addEventListener("input", showHits);
      q.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          if (!found.length) return;
          e.preventDefault();
          active = (active + (e.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
          Array.prototype.forEach.call(hits.children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
          q.setAttribute("aria-activedescendant", hitId(found[active]));
          var li = hits.children[active];
          if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
        } else if (e.key === "Enter" && active >= 0) {
          e.preventDefault();
          choose(found[active]);
        } else if (e.key === "Escape" && !hits.hidden) {
          e.stopPropagation();
          hide();
        }
      });
      q.addEventListener("blur", hide);
    }
  });
})();
