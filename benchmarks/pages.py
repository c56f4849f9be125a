"""Measure a map page in headless Chromium, opened from a local file, offline.

Chromium is launched as ``tests/browser.py`` launches it (Debian's
``/usr/bin/chromium``, the same flags). Every request whose URL is not
``file:`` or ``data:`` is aborted and counted: that count is the number of
outside requests the page needs.

First render: a script injected before the page's own scripts (Playwright
``add_init_script``) watches the DOM with a MutationObserver. When the page
holds the expected number of polygons (``path.leaflet-interactive``, with
``data-adcode`` for mapgen, and ``.mg-root[data-ready=true]``) it records
``performance.now()``, whose origin is the navigation start (``dom_ms``),
then the time of the first task after the next rendering step (a
``requestAnimationFrame`` callback followed by a MessageChannel message), by
which the frame showing the polygons has been laid out and painted
(``render_ms``). The target is judged on ``render_ms``.

Click to panel: inside the page, a ``click`` MouseEvent is dispatched on the
city's path at a point inside the polygon; ``performance.now()`` is read
before the dispatch, after it (the click handlers have run: ``handler_ms``),
and in the first task after the next rendering step, where the panel is
checked to be visible (not ``hidden``, laid out with a size: ``panel_ms``).
A synthetic event skips the browser's input pipeline (OS -> browser process
-> renderer), a millisecond or two on a real device.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",  # as tests/browser.py
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

WATCH = """
(() => {
  const want = %(count)d, sel = %(selector)s, needReady = %(ready)s;
  const B = window.__bench = { dom_ms: null, render_ms: null, fcp_ms: null };
  const check = () => {
    if (B.dom_ms !== null) return;
    if (needReady) {
      const root = document.querySelector(".mg-root");
      if (!root || root.getAttribute("data-ready") !== "true") return;
    }
    if (document.querySelectorAll(sel).length < want) return;
    B.dom_ms = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { B.render_ms = performance.now(); };
      ch.port2.postMessage(0);
    });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { subtree: true, childList: true, attributes: true });
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") B.fcp_ms = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (e) {}
})();
"""

DRAWN = """(sel) => Array.from(document.querySelectorAll(sel)).filter(p => {
  const b = p.getBBox();
  return b.width > 0 && b.height > 0 && (p.getAttribute("d") || "").length > 10;
}).length"""

CLICK = """async (code) => {
  const path = document.querySelector(`path[data-adcode="${code}"]`);
  const panel = document.querySelector(".mg-panel");
  const b = path.getBoundingClientRect();
  let pt = null;
  for (let gy = 1; gy < 20 && !pt; gy++) for (let gx = 1; gx < 20 && !pt; gx++) {
    const x = b.left + b.width * gx / 20, y = b.top + b.height * gy / 20;
    if (document.elementFromPoint(x, y) === path) pt = [x, y];
  }
  if (!pt) return null;
  const ev = new MouseEvent("click", { bubbles: true, cancelable: true, view: window,
                                       clientX: pt[0], clientY: pt[1], button: 0 });
  return await new Promise(resolve => {
    const t0 = performance.now();
    path.dispatchEvent(ev);
    const t1 = performance.now();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const r = panel.getBoundingClientRect();
        const visible = !panel.hidden && getComputedStyle(panel).visibility !== "hidden" && r.width > 0 && r.height > 0;
        resolve({ handler_ms: t1 - t0, panel_ms: performance.now() - t0, visible: visible });
      };
      ch.port2.postMessage(0);
    });
  });
}"""

CLOSE = """() => { const b = document.querySelector(".mg-close"); if (b) b.click();
                  return document.querySelector(".mg-panel").hidden; }"""


def available() -> bool:
    return Path(CHROMIUM).exists()


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def load(browser, path: Path, count: int, mapgen: bool, wait_s: float, throttle: float = 1,
         local: dict | None = None, viewport: tuple[int, int] = (1280, 800)) -> dict:
    """Open ``path`` offline; return first-render times, polygons drawn and outside requests.

    ``throttle``: CPU slowdown factor through the DevTools protocol
    (``Emulation.setCPUThrottlingRate``, as Lighthouse's mobile profile uses 4).
    ``local``: outside URLs answered from local files ({url: (path, content type)}),
    so a CDN-linked page (the folium baseline) can draw offline; they are still counted.
    Leaves the page open in the result (``page``, ``context``) for click measurements.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    if throttle != 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    local = local or {}
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        elif url in local:
            outside.append(url)
            r.fulfill(path=local[url][0], content_type=local[url][1])
        else:
            outside.append(url)
            r.abort()

    selector = "path.leaflet-interactive[data-adcode]" if mapgen else "path.leaflet-interactive"
    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH % {"count": count, "selector": json.dumps(selector), "ready": "true" if mapgen else "false"})
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=wait_s * 1000)
    deadline = time.monotonic() + wait_s
    bench = page.evaluate("window.__bench")
    while bench["render_ms"] is None and time.monotonic() < deadline:
        time.sleep(0.02)
        bench = page.evaluate("window.__bench")
    deadline = time.monotonic() + 1  # the paint entry is reported a little after the frame
    while bench["fcp_ms"] is None and bench["render_ms"] is not None and time.monotonic() < deadline:
        time.sleep(0.02)
        bench = page.evaluate("window.__bench")
    return {
        "dom_ms": bench["dom_ms"],
        "render_ms": bench["render_ms"],
        "fcp_ms": bench["fcp_ms"],
        "polygons_drawn": page.evaluate(DRAWN, selector),
        "outside_requests": len(outside),
        "outside_urls": sorted(set(outside)),
        "page_errors": len(errors),
        "page": page,
        "context": context,
    }


def clicks(page, adcodes: list[int], settle_s: float = 0.35) -> list[dict]:
    """Click each city in turn (panel closed between clicks); one timing per city."""
    out = []
    for code in adcodes:
        result = page.evaluate(CLICK, code)
        if result is None:
            out.append({"adcode": code, "handler_ms": None, "panel_ms": None, "visible": False})
        else:
            out.append({"adcode": code, **result})
        time.sleep(settle_s)  # let the map's pan animation end before the next click
        page.evaluate(CLOSE)
        time.sleep(0.05)
    return out
