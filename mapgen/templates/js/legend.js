/* The legend: collapsible (a button with aria-expanded), collapsed at first
   where it would cover more than a quarter of the map, and kept above the
   attribution so no row is hidden under it. */
(function () {
  "use strict";

  // Collapse at first when the open legend covers more than a quarter of the
  // map, or more than a third of its height (the region is fitted above it).
  function startCollapsed(legend, map) {
    return legend.w * legend.h > 0.25 * map.w * map.h || legend.h > map.h / 3;
  }

  mg.legend = { startCollapsed: startCollapsed };

  mg.View.include({
    bindLegend: function () {
      var v = this;
      v.legend = v.root.querySelector(".mg-legend");
      if (!v.legend) return;
      v.legendButton = v.legend.querySelector(".mg-legend-toggle");
      v.legendButton.addEventListener("click", function () {
        v.userLegend = true;  // the reader's choice stays through resizes
        v.setLegend(v.legend.classList.contains("mg-collapsed"));
        v.declutter();
      });
    },

    // Changes the page only where the state changes (an unchanged legend costs no layout).
    setLegend: function (open) {
      if (this.legend.classList.contains("mg-collapsed") === !open) return;
      this.legend.classList.toggle("mg-collapsed", !open);
      this.legendButton.setAttribute("aria-expanded", String(open));
    },

    // Above the attribution, no taller than the map leaves; open or collapsed by size.
    placeLegend: function () {
      var v = this, legend = v.legend;
      if (!legend) return;
      var map = v.map.getContainer(), attr = v.root.querySelector(".leaflet-control-attribution");
      var bottom = (attr && attr.offsetHeight ? attr.offsetHeight : 16) + 6;
      var size = { w: map.clientWidth, h: map.clientHeight }, max = Math.max(40, size.h - bottom - 10) + "px";
      if (legend.style.bottom !== bottom + "px") legend.style.bottom = bottom + "px";
      if (legend.style.maxHeight !== max) legend.style.maxHeight = max;
      if (v.userLegend) return;
      v.setLegend(true);
      var open = { w: legend.offsetWidth, h: legend.offsetHeight };
      v.setLegend(!startCollapsed(open, size) && legend.scrollHeight <= legend.clientHeight + 1);
    }
  });
})();
