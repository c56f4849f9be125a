/* Start: mapgen.start(id, map) runs one map once its Leaflet map exists. */
(function () {
  "use strict";

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
      v.embedded = window.self !== window.top;
      if (v.embedded) root.classList.remove("mg-fullpage");
      root.querySelector(".mg-tools").hidden = false;
      map.attributionControl.setPrefix(false);
      // Leaflet sets attribution as HTML: escape the boundary file's credit so it shows as typed.
      map.attributionControl.addAttribution(mg.format.html(data.attribution));

      v.arcs = mg.topology.decodeArcs(data.topology);
      v.drawNeighbours();
      v.drawCities();
      v.addLabels();
      v.bindPanel();
      v.bindList();
      v.bindLanguages();
      v.bindSearch();
      v.bindHash();

      var initial = v.readHash();
      v.showView("map");
      v.setLang(initial.lang, false);
      v.fit();
      v.declutter();
      map.on("zoomend", function () { v.declutter(); });
      if (initial.city) v.select(initial.city, false);
      if (window.ResizeObserver) new window.ResizeObserver(function () { v.postHeight(); }).observe(root);
      v.postHeight();
      root.setAttribute("data-ready", "true");
      // Label sizes change when the CJK font arrives: place them again then.
      if (document.fonts && document.fonts.ready) {
        document.fonts.ready.then(function () { v.declutter(); root.setAttribute("data-settled", "true"); });
      } else {
        root.setAttribute("data-settled", "true");
      }
    },

    // On a phone the legend sits over the bottom of the map: keep the region clear of it.
    fit: function () {
      var root = this.root;
      if (root.classList.contains("mg-fullpage")) {  // the map fills the window below the header
        var top = root.querySelector(".mg-stage").getBoundingClientRect().top - root.getBoundingClientRect().top;
        root.style.setProperty("--mg-top", Math.round(top) + "px");
      }
      var legend = root.querySelector(".mg-legend");
      var bottom = this.narrow() && legend ? legend.offsetHeight + 12 : 8;
      this.map.invalidateSize(false);
      this.map.fitBounds(this.data.bounds, { paddingTopLeft: [8, 8], paddingBottomRight: [8, bottom], animate: false });
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
