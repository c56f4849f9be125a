// What a reader can reach on a mapgen page as it is now, measured in the page:
// the labels shown (and how many overlap), and which units have a pixel a
// pointer can click. Each unit's shape as Leaflet drew it (its clipped,
// projected rings) is filled on an offscreen canvas in a colour of its own;
// the shown labels that take clicks, the controls and the legend are painted
// over it in black; a unit is reachable if at least 2 of its pixels are left.
// Works for Leaflet's SVG and canvas renderers alike. Used by benchmarks/scale.py
// and tests/test_scale.py.
(() => {
  const root = document.querySelector(".mg-root");
  const map = mapgen.maps[root.id];
  const box = map.getContainer().getBoundingClientRect();
  const W = Math.round(box.width), H = Math.round(box.height);
  const canvas = document.createElement("canvas");
  canvas.width = W; canvas.height = H;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const ids = [];
  const colour = (i) => (i + 1) * 5881 & 0xffffff;  // spread out: an edge's blend is rarely another unit's colour
  map.eachLayer((layer) => {
    const f = layer.feature;
    if (!f || !f.properties || f.properties.adcode === undefined || !layer._parts || !layer.options.interactive) return;
    const i = ids.length, c = colour(i);
    ids.push(f.properties.adcode);
    ctx.fillStyle = "#" + c.toString(16).padStart(6, "0");
    ctx.beginPath();
    layer._parts.forEach((ring) => ring.forEach((p, k) => {
      const q = map.layerPointToContainerPoint(p);
      if (k === 0) ctx.moveTo(q.x, q.y); else ctx.lineTo(q.x, q.y);
    }));
    ctx.fill("evenodd");
  });
  const shownLabels = Array.from(root.querySelectorAll(".mg-label")).filter((l) => {
    const s = getComputedStyle(l);
    return s.visibility !== "hidden" && s.display !== "none" && l.offsetWidth > 0;
  });
  const labelBox = (l) => (l.parentNode.classList.contains("mg-compact") ? l.firstChild : l).getBoundingClientRect();
  ctx.fillStyle = "#000";
  const covers = shownLabels.filter((l) => getComputedStyle(l).pointerEvents !== "none").map(labelBox)
    .concat(Array.from(root.querySelectorAll(".leaflet-control, .mg-legend, .mg-panel:not([hidden])"))
      .filter((n) => n.offsetWidth).map((n) => n.getBoundingClientRect()));
  covers.forEach((r) => ctx.fillRect(r.left - box.left, r.top - box.top, r.width, r.height));
  const data = ctx.getImageData(0, 0, W, H).data, byColour = new Map(), count = new Map();
  ids.forEach((code, i) => byColour.set(colour(i), code));
  for (let k = 0; k < data.length; k += 4) {
    const code = byColour.get((data[k] << 16) | (data[k + 1] << 8) | data[k + 2]);
    if (code !== undefined) count.set(code, (count.get(code) || 0) + 1);
  }
  const reachable = ids.filter((code) => (count.get(code) || 0) >= 2);
  const inMap = shownLabels.map(labelBox).filter((b) => b.right > box.left && b.left < box.right && b.bottom > box.top && b.top < box.bottom);
  let overlaps = 0;
  for (let i = 0; i < inMap.length; i++) for (let j = i + 1; j < inMap.length; j++) {
    const a = inMap[i], b = inMap[j];
    if (a.left < b.right - 0.5 && a.right > b.left + 0.5 && a.top < b.bottom - 0.5 && a.bottom > b.top + 0.5) overlaps++;
  }
  const units = root.querySelectorAll(".mg-table tbody tr").length;
  return { units, zoom: map.getZoom(), labels_shown: inMap.length, label_overlaps: overlaps,
           labelled: shownLabels.map((l) => +l.getAttribute("data-unit")).filter((x) => x),
           reachable_by_pointer: reachable.length, reachable };
})()
