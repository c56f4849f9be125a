/* Languages. The table (code, key, htmlLang, label) is Python's
   (mapgen/i18n.py LANGUAGES, sent as payload.languages); every text of the
   data comes as {key: text} with one entry per row. */
(function () {
  "use strict";

  function language(languages, code) {
    for (var i = 0; i < languages.length; i++) if (languages[i].code === code) return languages[i];
    return null;
  }

  // A text in the language with `key`, else in the first (default) language.
  function text(value, key, fallback) {
    if (value === null || value === undefined) return "";
    return value[key] !== undefined ? value[key] : value[fallback];
  }

  // "ui.noRecord" -> obj.ui.noRecord
  function lookup(obj, path) {
    return path.split(".").reduce(function (o, k) { return o === undefined || o === null ? o : o[k]; }, obj);
  }

  mg.i18n = { language: language, text: text, lookup: lookup };

  // A text or attribute set only where it changes: the page comes with its texts in the
  // default language, and an unchanged node costs no style or layout work.
  function setText(n, value) { if (n.textContent !== value) n.textContent = value; }
  function setAttr(n, name, value) { if (n.getAttribute(name) !== value) n.setAttribute(name, value); }

  mg.View.include({
    tx: function (value) {
      var langs = this.data.languages;
      return text(value, language(langs, this.lang).key, langs[0].key);
    },

    bindLanguages: function () {
      var v = this;
      v.each(".mg-lang", function (b) {
        b.addEventListener("click", function () { v.setLang(b.getAttribute("data-lang"), true); });
      });
    },

    // Every visible text is re-set from the data.
    setLang: function (next, push) {
      var v = this, root = v.root, T = v.T;
      v.lang = next;
      var htmlLang = language(v.data.languages, next).htmlLang;
      root.setAttribute("lang", htmlLang);
      root.setAttribute("data-lang", next);
      if (root.classList.contains("mg-fullpage")) document.documentElement.setAttribute("lang", htmlLang);
      v.each("[data-t]", function (n) { setText(n, v.tx(lookup(T, n.getAttribute("data-t")))); });
      v.each("[data-t-label]", function (n) { setAttr(n, "aria-label", v.tx(lookup(T, n.getAttribute("data-t-label")))); });
      v.each("[data-t-placeholder]", function (n) { setAttr(n, "placeholder", v.tx(lookup(T, n.getAttribute("data-t-placeholder")))); });
      v.each(".mg-lang", function (b) { setAttr(b, "aria-pressed", String(b.getAttribute("data-lang") === next)); });
      if (root.classList.contains("mg-fullpage") && document.title !== v.tx(T.title)) document.title = v.tx(T.title);
      v.nlabels.forEach(function (p) { setText(p[0], v.tx(p[1].short)); });
      v.data.cities.forEach(function (c) {
        var marker = v.labels[c.adcode];  // labels not made yet take the language when made
        if (marker) {
          var box = marker.getElement().firstChild;
          setText(box.firstChild, v.tx(c.short));
          if (box.childNodes[1]) setText(box.childNodes[1], v.tx(c.record.marker));
        }
        setAttr(v.layers[c.adcode].getElement(), "aria-label", v.tx(c.name) + ": " +
          (c.record ? v.tx(c.record.headline) : v.tx(T.ui.noRecord)));
      });
      v.renderList();
      if (v.selected) v.fill(v.selected);
      v.declutter();
      v.hideTip();
      if (push) v.writeHash(v.selected, true);
    }
  });
})();
