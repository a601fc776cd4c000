/*
 * The fill panel's clickjacking guard. Meta's page runs its own script next to the
 * panel; it cannot reach the button (closed shadow root) but it can restyle what is
 * around it, cover it or show it just under the cursor, so that a person's real click
 * presses "Fill" without them meaning to. A click counts only while the panel is in the
 * top layer, fully opaque, untransformed, inside the window, the element under the
 * pointer, and has stayed like that, in one place, for MIN_SHOWN_MS.
 */
(function () {
  "use strict";
  // Longer than a person takes to finish a click they already started, so the page
  // cannot pop the panel under the cursor between "I am clicking" and the click.
  const MIN_SHOWN_MS = 600;
  const POLL_MS = 100;
  // Computed values a page could use to hide, fade, distort or move the panel.
  const PLAIN = {
    opacity: "1",
    filter: "none",
    transform: "none",
    translate: "none",
    rotate: "none",
    scale: "none",
    clipPath: "none",
    maskImage: "none",
    mixBlendMode: "normal",
    zoom: "1",
  };

  /** The property the page has changed on `element`, or "" when it looks as made. */
  function restyled(element) {
    const style = getComputedStyle(element);
    return (
      Object.keys(PLAIN).find((name) => name in style && style[name] !== PLAIN[name]) ||
      ""
    );
  }

  /** Why the panel is not plainly on screen now, or "" when it is. */
  function hiddenBecause(host) {
    if (!host.isConnected || host.parentNode !== document.documentElement)
      return "moved";
    if (!host.matches(":popover-open")) return "not in the top layer";
    const visible = host.checkVisibility({
      opacityProperty: true,
      visibilityProperty: true,
      checkOpacity: true, // the same two options under their older names
      checkVisibilityCSS: true,
    });
    if (!visible) return "hidden";
    const changed = restyled(host) || restyled(document.documentElement);
    if (changed) return changed;
    const r = host.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight)
      return "outside the window";
    // The page's own dialog, popover or full-screen element opened after the panel is
    // painted above it, whatever its pointer-events say.
    const others = [...document.querySelectorAll(":modal, :popover-open")];
    if (document.fullscreenElement) others.push(document.fullscreenElement);
    if (others.some((other) => other !== host && overlaps(other, r))) return "covered";
    return "";
  }

  function overlaps(element, r) {
    const o = element.getBoundingClientRect();
    return o.left < r.right && o.right > r.left && o.top < r.bottom && o.bottom > r.top;
  }

  /** Where the panel is, to notice it being moved. */
  function place(host) {
    const r = host.getBoundingClientRect();
    return `${r.left},${r.top},${r.width},${r.height}`;
  }

  /**
   * Watch the panel from now on; returns `refusal(event)`: why a click on it does not
   * count (a short reason), or "" when it does.
   */
  function watchPanel(host) {
    let shownSince = null;
    let where = "";
    const look = () => {
      const now = performance.now();
      if (hiddenBecause(host)) {
        shownSince = null;
        return;
      }
      const here = place(host);
      if (shownSince === null || here !== where) shownSince = now;
      where = here;
    };
    setInterval(look, POLL_MS);
    return function refusal(event, button) {
      look();
      const why = hiddenBecause(host);
      if (why) return why;
      // A keyboard press has no pointer position: the button's centre stands for it.
      const r = button.getBoundingClientRect();
      const [x, y] = event.detail
        ? [event.clientX, event.clientY]
        : [r.left + r.width / 2, r.top + r.height / 2];
      if (document.elementFromPoint(x, y) !== host) return "covered";
      if (performance.now() - shownSince < MIN_SHOWN_MS) return "just shown";
      return "";
    };
  }

  globalThis.optout.guard = { watchPanel, MIN_SHOWN_MS };
})();
