/* Text formatting. Figures come formatted from Python (mapgen/units.py);
   the script only escapes and fills in. */
(function () {
  "use strict";

  // For the one place Leaflet takes HTML (the attribution): show the text as typed.
  function html(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // "已打开：{name}" + {name: "合肥市"}; values are inserted literally ("$&" stays "$&").
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  mg.format = { html: html, fill: fill };
})();
