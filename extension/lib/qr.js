/*
 * A QR code of a URL, drawn on a <canvas> in this page by the vendored encoder
 * (vendor/qrcode-generator.js, MIT, Kazuhiko Arase): nothing is fetched to make it.
 */
(function (root) {
  "use strict";
  const QUIET = 4; // modules of white border, as the QR standard asks

  /** Draw `text` as a QR code (error correction M) filling `canvas`. */
  function drawQr(canvas, text) {
    // The encoder's default maps each character to one byte; UTF-8 keeps any URL intact.
    root.qrcode.stringToBytes = root.qrcode.stringToBytesFuncs["UTF-8"];
    const code = root.qrcode(0, "M");
    code.addData(text, "Byte");
    code.make();
    const count = code.getModuleCount();
    const scale = Math.max(1, Math.floor(canvas.width / (count + 2 * QUIET)));
    const size = scale * (count + 2 * QUIET);
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, size, size);
    context.fillStyle = "#000";
    for (let row = 0; row < count; row++) {
      for (let column = 0; column < count; column++) {
        if (code.isDark(row, column))
          context.fillRect(
            (column + QUIET) * scale,
            (row + QUIET) * scale,
            scale,
            scale,
          );
      }
    }
  }

  root.optout = Object.assign(root.optout || {}, { drawQr });
})(globalThis);
