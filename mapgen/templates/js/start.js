/* Start: mapgen.start(id, map) runs one map once its Leaflet map exists. */
(function () {
  "use strict";

  // The root as the map will show it, set before Leaflet first measures its container:
  // the first layout of the page is then the map's, not the no-script list's (a county
  // map's list has thousands of rows), and the map is made at its final size.
  function stage(root) {
    var embedded = window.self !== window.top && location.href !== "about:srcdoc";
    if (embedded) root.classList.remove("mg-fullpage");
    root.querySelector(".mg-tools").hidden = false;
    if (!root.hasAttribute("data-view")) root.setAttribute("data-view", "map");
    return embedded;
  }

  mg.prepare = function (id) { stage(document.getElementById(id)); };

  mg.start = function (id, map) {
    var root = document.getElementById(id);
    var data = JSON.parse(root.querySelector('script[data-mapgen="' + id + '"]').textContent);
    data.topology = JSON.parse(root.querySelector('script[data-mapgen-topology="' + id + '"]').textContent);
    mg.maps[id] = map;
    new mg.View(root, data, map, mg.L).init();
  };

  mg.View.include({
    init: function () {
      var v = this, root = v.root, map = v.map, data = v.data;
      // In a frame (but not a notebook's srcdoc frame, which has a fixed height
      // and no listener): the host sizes the frame by our height messages.
      v.embedded = stage(root);
      map.attributionControl.setPrefix(false);
      // Leaflet sets attribution as HTML: escape the boundary file's credit so it shows as typed.
      map.attributionControl.addAttribution(mg.format.html(data.attribution));

      // The view first, so Leaflet projects the shapes once, at the zoom they are shown at
      // (a county map's thousands of shapes cost seconds to project again).
      v.starting = true;  // no label layout until the view is final
      v.bindLegend();
      v.showView("map");
      v.reframe();
      v.detail(map.getZoom());  // the borders with the points this view shows
      map.on("zoomend", function () { v.refine(); });  // and the rest as the reader zooms in
      v.drawNeighbours();
      v.drawCities();
      if (data.inset && v.drawInset) v.drawInset();
      v.addLabels();
      v.bindPanel();
      v.bindList();
      v.bindLanguages();
      v.bindSearch();
      v.bindHash();

      var initial = v.readHash();
      v.setLang(initial.lang, false);
      // another language than the page's: its legend and header have other sizes
      if (initial.lang !== data.lang) v.reframe();
      // Fonts the page already has (no web font to wait for) are the ones labels are measured in.
      var fonts = document.fonts && document.fonts.ready && document.fonts.status !== "loaded";
      v.fontsReady = !fonts;
      v.starting = false;
      v.declutter();
      // a face the labels themselves started loading (a host page's web font) counts too
      if (!fonts && document.fonts && document.fonts.ready && document.fonts.status !== "loaded") {
        fonts = true;
        v.fontsReady = false;
      }
      // a dense map labels what is in view: panning brings other labels
      map.on(v.dense ? "moveend" : "zoomend", function () { v.declutter(); });
      // a new size (rotating a phone, a host resizing the frame): legend, then labels
      map.on("resize", function () { v.placeLegend(); v.declutter(); });
      if (initial.city) {
        v.select(initial.city, false);
        v.before = null;  // opened by the link: closing shows the whole region
      }
      if (window.ResizeObserver) new window.ResizeObserver(function () { v.postHeight(); }).observe(root);
      v.postHeight();
      root.setAttribute("data-ready", "true");
      // Label sizes change when a font still loading arrives: place them again then.
      if (fonts) {
        var first = map.getCenter(), zoom = map.getZoom();
        document.fonts.ready.then(function () {
          v.fontsReady = true;
          // the legend's size changes too: fit the region again if the reader has not moved the map
          if (!v.selected && map.getZoom() === zoom && map.getCenter().equals(first)) v.reframe();
          v.declutter();
          root.setAttribute("data-settled", "true");
        });
      } else {
        root.setAttribute("data-settled", "true");
      }
    },

    // The map's final height, then the legend sized to it, then the region fitted.
    reframe: function () {
      this.top();
      this.placeLegend();
      this.fit();
    },

    // A whole page's map fills the window below the header.
    top: function () {
      var root = this.root;
      if (!root.classList.contains("mg-fullpage")) return;
      var top = Math.round(root.querySelector(".mg-stage").getBoundingClientRect().top - root.getBoundingClientRect().top) + "px";
      if (root.style.getPropertyValue("--mg-top") !== top) root.style.setProperty("--mg-top", top);
    },

    // On a phone the legend sits over the bottom of the map: keep the region clear of it.
    fit: function () {
      var root = this.root;
      this.top();
      // On a phone the region is fitted above the legend where that costs no zoom
      // (a tall map); on a short one only above the attribution (labels keep
      // clear of the legend either way).
      var map = this.map, L = this.L, legend = root.querySelector(".mg-legend");
      var attr = root.querySelector(".leaflet-control-attribution");
      var low = (attr ? attr.offsetHeight : 16) + 4, bottom = low;
      map.invalidateSize(false);
      if (this.narrow() && legend) {
        var v = this, bounds = L.latLngBounds(this.data.bounds);
        var free = function () {  // the padding for the legend costs no zoom
          var high = legend.offsetHeight + parseFloat(legend.style.bottom || 18) + 4;
          return map.getBoundsZoom(bounds, false, L.point(16, 8 + high)) >=
            map.getBoundsZoom(bounds, false, L.point(16, 8 + low)) - 0.01 ? high : 0;
        };
        // an open legend that would lie over the region starts collapsed
        if (!free() && !v.userLegend && !legend.classList.contains("mg-collapsed")) v.setLegend(false);
        bottom = free() || low;
      }
      var options = { paddingTopLeft: [8, 8], paddingBottomRight: [8, bottom], reset: true };
      // Already there (a second fit at start): moving to the same view would project every shape again.
      // (_getBoundsCenterZoom is what fitBounds itself computes, in Leaflet 1.x.)
      var target = map._getBoundsCenterZoom(L.latLngBounds(this.data.bounds), options);
      if (map._loaded && target.zoom === map.getZoom() && map.latLngToContainerPoint(target.center)
          .distanceTo(map.latLngToContainerPoint(map.getCenter())) < 0.5) return;
      map.fitBounds(this.data.bounds, options);
    },

    // Inside an iframe, tell the host page our height so it can size the frame.
    postHeight: function () {
      if (this.embedded && window.parent) {
        window.parent.postMessage({ type: "mapgen:height", id: this.data.mapId,
          height: Math.ceil(this.root.getBoundingClientRect().height) }, "*");
      }
    }
  });
})();
