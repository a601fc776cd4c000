/*
 * Ed25519 signatures of data bundles (WebCrypto), as `optout export --sign` writes
 * them: a remote bundle is used only when a trusted key signed exactly its bytes, its
 * data version, a sequence number that never goes down (no rollback), and the time of
 * signing and of expiry (a captured signature cannot be replayed for ever).
 */
(function (root) {
  "use strict";
  const FORMAT = "optout-signature";
  const VERSION = 2; // optout_lib's signing.SIGNATURE_VERSION
  /** A moment as signatures write it: UTC, to the second. */
  const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
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

  function message(sha256, sequence, dataVersion, signedAt, expires) {
    const lines = [`${FORMAT}/${VERSION}`, sha256, sequence, dataVersion];
    return new TextEncoder().encode(`${[...lines, signedAt, expires].join("\n")}\n`);
  }

  // The same limits as optout_lib's signing module (MAX_AHEAD_SECONDS,
  // MAX_VALID_DAYS, CLOCK_SKEW_SECONDS).
  /** How far ahead of the clock a sequence may be: signing times, with room for a
   *  wrong clock. */
  const MAX_AHEAD_SECONDS = 366 * 24 * 3600;
  const MAX_VALID_DAYS = 366;
  const CLOCK_SKEW_SECONDS = 24 * 3600;

  /** A moment in milliseconds if `text` is one as signatures write it, else NaN. */
  function moment(text) {
    if (typeof text !== "string" || !MOMENT.test(text)) return NaN;
    const ms = Date.parse(text);
    // Date.parse rolls 2026-02-30 over to March: the canonical form must come back.
    return Number.isNaN(ms) || new Date(ms).toISOString() !== text.replace("Z", ".000Z")
      ? NaN
      : ms;
  }

  /** Throw unless the record was signed before now (a day's drift allowed) and,
   *  unless `acceptExpired`, is still valid; its lifetime is at most a year. */
  function checkLifetime(record, now, acceptExpired) {
    const start = moment(record.signed_at);
    const end = moment(record.expires);
    if (Number.isNaN(start) || Number.isNaN(end))
      throw new Error("the signature has no valid signed_at and expires times");
    if (start > now + CLOCK_SKEW_SECONDS * 1000)
      throw new Error(
        `the signature was made in the future (${record.signed_at}); check the clock`,
      );
    if (!(start < end && end <= start + MAX_VALID_DAYS * 24 * 3600 * 1000))
      throw new Error(
        `the signature's lifetime must be from 1 to ${MAX_VALID_DAYS} days`,
      );
    if (!acceptExpired && end <= now)
      throw new Error(`the signature expired at ${record.expires}`);
  }

  /**
   * Check a signature record (the `.sig` file's text) over the bundle's exact bytes with
   * any of `keys` (base64 lines). Returns {key, sequence, dataVersion, signedAt,
   * expires}; throws an Error whose message is the one-line reason. `acceptExpired`:
   * for data taken while its signature was valid (freshness is judged elsewhere).
   */
  async function verifySignature(
    bodyBytes,
    signatureText,
    keys,
    { acceptExpired = false, now = Date.now() } = {},
  ) {
    let record;
    try {
      record = JSON.parse(signatureText);
    } catch (_) {
      throw new Error("the signature is not JSON");
    }
    if (!record || record.format !== FORMAT) throw new Error("not an optout signature");
    if (record.version === 1)
      throw new Error("signature version 1 has no expiry and is no longer accepted");
    if (record.version !== VERSION)
      throw new Error(`signature version ${record.version} is unknown`);
    const { sequence, data_version: dataVersion, sha256 } = record;
    if (!Number.isSafeInteger(sequence) || sequence < 0)
      throw new Error("the signature has no valid sequence");
    // A sequence is the signing time (seconds); one far ahead would outbid every
    // later signature, so a leaked key could lock people onto its data for good.
    if (sequence > now / 1000 + MAX_AHEAD_SECONDS)
      throw new Error(`the signature's sequence ${sequence} is too far in the future`);
    if (
      typeof dataVersion !== "string" ||
      typeof sha256 !== "string" ||
      !HEX64.test(sha256)
    ) {
      throw new Error("the signature has no data version or digest");
    }
    checkLifetime(record, now, acceptExpired);
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
        message(sha256, sequence, dataVersion, record.signed_at, record.expires),
      ));
    if (!valid) throw new Error("the signature does not match the bundle and key");
    return {
      key: record.key,
      sequence,
      dataVersion,
      signedAt: record.signed_at,
      expires: record.expires,
    };
  }

  root.optout = Object.assign(root.optout || {}, {
    signature: { parseKey, fingerprint, showFingerprint, verifySignature },
  });
})(globalThis);
