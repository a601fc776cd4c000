/* Save text the person asked for as a file: made in the page, no server involved. */
(function (root) {
  "use strict";

  /** Offer `text` as a download named `name` (a Blob URL, revoked after use). */
  function download(name, text, type = "text/plain") {
    const url = URL.createObjectURL(
      new Blob([text], { type: `${type};charset=utf-8` }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  root.optout = Object.assign(root.optout || {}, { download });
})(globalThis);
