/* Deep links: #340100, #hefei, ?lang=en or #...&lang=en; back and forward work.
   Parts of the hash are this map's when they carry its prefix (fragments on
   one page use different prefixes); other parts are kept as they are. */
(function () {
  "use strict";

  // "#a&b" -> ["a", "b"], percent-escapes decoded (a malformed one is read as typed).
  function parts(hash) {
    var raw = String(hash).replace(/^#/, "");
    try { raw = decodeURIComponent(raw); } catch (e) { /* keep it as typed */ }
    return raw.split("&").filter(Boolean);
  }

  function mine(part, prefix) { return part.indexOf(prefix) === 0; }

  // What the URL asks of the map with `o.prefix`: the city that `o.find(value)`
  // returns for its last part naming one, and a language among `o.languages`
  // (codes) from the hash or else the query, or `o.fallback`.
  function read(hashParts, search, o) {
    var city = null, wanted = null;
    hashParts.filter(function (p) { return mine(p, o.prefix); }).forEach(function (p) {
      var v = p.slice(o.prefix.length);
      if (v.indexOf("lang=") === 0) wanted = v.slice(5);
      else city = o.find(v) || city;
    });
    var query = /[?&]lang=([A-Za-z-]+)/.exec(search || "");
    if (!wanted && query) wanted = query[1];
    return { city: city, lang: o.languages.indexOf(wanted) >= 0 ? wanted : o.fallback };
  }

  // The hash parts after selecting `adcode` (or null) in language `lang`.
  function write(hashParts, prefix, adcode, lang, fallback) {
    var out = hashParts.filter(function (p) { return !mine(p, prefix); });
    if (adcode !== null && adcode !== undefined) out.push(prefix + adcode);
    if (lang !== fallback) out.push(prefix + "lang=" + lang);
    return out;
  }

  mg.hash = { parts: parts, read: read, write: write };

  mg.View.include({
    readHash: function () {
      var v = this;
      return read(parts(location.hash), location.search, {
        prefix: v.prefix, fallback: v.data.lang,
        languages: v.data.languages.map(function (l) { return l.code; }),
        find: function (value) { return v.byCode[value] || v.bySlug[value.toLowerCase()]; }
      });
    },

    // Adds a history entry, or with `replace` changes the current one, so Back
    // takes one step per city opened (language, closing and moving between
    // cities replace). Neither fires hashchange: the map is already there.
    writeHash: function (c, replace) {
      var now = parts(location.hash);
      var hash = write(now, this.prefix, c ? c.adcode : null, this.lang, this.data.lang).join("&");
      if (hash === now.join("&")) return;
      var url = hash ? "#" + hash : location.pathname + location.search;
      if (replace) history.replaceState(history.state, "", url);
      else history.pushState(null, "", url);
    },

    bindHash: function () {
      var v = this;
      function onHash() {
        var want = v.readHash();
        if (want.lang !== v.lang) v.setLang(want.lang, false);
        if (want.city && want.city !== v.selected) v.select(want.city, false);
        else if (!want.city && v.selected) v.close(false);
      }
      window.addEventListener("hashchange", onHash);
      window.addEventListener("popstate", onHash);
    }
  });
})();
