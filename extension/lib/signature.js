/*
 * Ed25519 signatures of data bundles (WebCrypto), as `optout export --sign` writes
 * them: a remote bundle is used only when a trusted key signed exactly its bytes, its
 * data version and a sequence number that never goes down (no rollback).
 */
(function (root) {
  "use strict";
  const FORMAT = "optout-signature";
  const HEX64 = /^[0-9a-f]{64}$/;

  const hex = (buffer) =>
    [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

  /** The 32 bytes of a public key written as one base64 line (a `.pub` file); throws. */
  function parseKey(text) {
    const line = String(text).trim();
    if (!/^[A-Za-z0-9+/]{43}=$/.test(line))
      throw new Error("a public key is one line of base64 (44 characters)");
    return Uint8Array.from(atob(line), (c) => c.charCodeAt(0));
  }

  /** A key's SHA-256 fingerprint in hex, as `optout keygen` prints it. */
  async function fingerprint(keyBytes) {
    return hex(await crypto.subtle.digest("SHA-256", keyBytes));
  }

  /** A fingerprint grouped for people to compare by eye: "e25b aa69 7e2e …". */
  const showFingerprint = (fp) => fp.match(/.{4}/g).join(" ");

  function message(sha256, sequence, dataVersion) {
    return new TextEncoder().encode(
      `${FORMAT}/1\n${sha256}\n${sequence}\n${dataVersion}\n`,
    );
  }

  /**
   * Check a signature record (the `.sig` file's text) over the bundle's exact bytes with
   * any of `keys` (base64 lines). Returns {key, sequence, dataVersion}; throws an Error
   * whose message is the one-line reason.
   */
  /** How far ahead of the clock a sequence may be: signing times, with room for a
   *  wrong clock. optout_lib's signing.MAX_AHEAD_SECONDS is the same. */
  const MAX_AHEAD_SECONDS = 366 * 24 * 3600;

  async function verifySignature(bodyBytes, signatureText, keys) {
    let record;
    try {
      record = JSON.parse(signatureText);
    } catch (_) {
      throw new Error("the signature is not JSON");
    }
    if (!record || record.format !== FORMAT) throw new Error("not an optout signature");
    if (record.version !== 1)
      throw new Error(`signature version ${record.version} is unknown`);
    const { sequence, data_version: dataVersion, sha256 } = record;
    if (!Number.isSafeInteger(sequence) || sequence < 0)
      throw new Error("the signature has no valid sequence");
    // A sequence is the signing time (seconds); one far ahead would outbid every
    // later signature, so a leaked key could lock people onto its data for good.
    if (sequence > Date.now() / 1000 + MAX_AHEAD_SECONDS)
      throw new Error(`the signature's sequence ${sequence} is too far in the future`);
    if (
      typeof dataVersion !== "string" ||
      typeof sha256 !== "string" ||
      !HEX64.test(sha256)
    ) {
      throw new Error("the signature has no data version or digest");
    }
    if (hex(await crypto.subtle.digest("SHA-256", bodyBytes)) !== sha256) {
      throw new Error("the bundle's SHA-256 differs from the signed one");
    }
    let trusted = null;
    for (const text of keys) {
      // One malformed key (a typo in a policy) must not stop updates signed by the
      // others: it simply trusts nothing.
      let bytes;
      try {
        bytes = parseKey(text);
      } catch (_) {
        continue;
      }
      if ((await fingerprint(bytes)) === record.key) trusted = bytes;
    }
    if (!trusted)
      throw new Error(
        `signed by a key that is not trusted (${String(record.key).slice(0, 16)}…)`,
      );
    let signature;
    try {
      signature = Uint8Array.from(atob(String(record.signature)), (c) =>
        c.charCodeAt(0),
      );
    } catch (_) {
      throw new Error("the signature does not match the bundle and key");
    }
    const key = await crypto.subtle.importKey(
      "raw",
      trusted,
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    const valid =
      signature.length === 64 &&
      (await crypto.subtle.verify(
        { name: "Ed25519" },
        key,
        signature,
        message(sha256, sequence, dataVersion),
      ));
    if (!valid) throw new Error("the signature does not match the bundle and key");
    return { key: record.key, sequence, dataVersion };
  }

  root.optout = Object.assign(root.optout || {}, {
    signature: { parseKey, fingerprint, showFingerprint, verifySignature },
  });
})(globalThis);
