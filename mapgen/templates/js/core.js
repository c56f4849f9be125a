/* mapgen page script: the core every feature file extends.

   The files of this folder are joined, in the order mapgen/jsbundle.py lists,
   into the page's one inline script; inside it `mg` is window.mapgen, the only
   global that several maps on one page share. As in Leaflet.markercluster,
   each feature adds its methods to the per-map View with View.include({...})
   and keeps its pure functions on a namespace of its own (mg.labels,
   mg.search, ...) that tests/js loads with node --test.
   Every text from the data reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  mg.maps = mg.maps || {};

  mg.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  };

  // One map: its root element, payload and Leaflet map, and the state its
  // features share (layers and labels by adcode, the selected city).
  function View(root, data, map, L) {
    var v = this;
    v.root = root;
    v.data = data;
    v.map = map;
    v.L = L;
    v.T = data.text;
    v.lang = data.lang;
    v.prefix = data.hashPrefix || "";
    // Maps without a prototype: a hash such as #constructor finds no city.
    v.byCode = Object.create(null);
    v.bySlug = Object.create(null);
    v.layers = {};
    v.labels = {};
    v.nlabels = [];
    v.nlayers = [];  // [adcode, layer] of the grey context
    v.selected = null;
    v.lastFocus = null;
    v.outline = null;
    data.cities.forEach(function (c) { v.byCode[c.adcode] = c; v.bySlug[c.slug] = c; });
  }

  View.include = function (methods) {
    Object.keys(methods).forEach(function (k) { View.prototype[k] = methods[k]; });
    return View;
  };

  View.include({
    // Phone layout: the panel is a bottom sheet and the legend sits over the map.
    narrow: function () { return this.root.clientWidth <= 600; },
    each: function (selector, fn) { Array.prototype.forEach.call(this.root.querySelectorAll(selector), fn); }
  });

  mg.View = View;
})();
