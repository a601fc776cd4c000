// The checklist's rules (extension/lib/tracker.js), without a browser.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const tracker = require("../../extension/lib/tracker.js");

const root = path.join(__dirname, "..", "..");
const bundle = JSON.parse(
  fs.readFileSync(path.join(root, "extension/data/bundle.json"), "utf8"),
);
const AT = "2026-05-01T10:00:00.000Z";
const fresh = () => tracker.defaultAccounts(bundle);

test("the default checklist has Instagram and Facebook, not started", () => {
  assert.deepEqual(
    fresh().map((a) => [a.id, a.state]),
    [
      ["instagram", "not-started"],
      ["facebook", "not-started"],
    ],
  );
});

test("a sent form makes one receipt, with the text or only its hash", async () => {
  const [instagram] = fresh();
  const text = "  I object.\r\n";
  const kept = await tracker.markSent(bundle, instagram, "submitted", {
    country: "DE",
    text,
    keepText: true,
    at: AT,
  });
  assert.equal(kept.state, "submitted");
  assert.deepEqual(kept.history, [{ state: "submitted", at: AT }]);
  assert.deepEqual(kept.receipt, {
    platform: "instagram",
    account: "Instagram",
    country: "DE",
    route: "instagram-objection-2025",
    submitted_at: AT,
    data_version: bundle.data_version,
    text: "I object.",
    text_sha256: crypto.createHash("sha256").update("I object.").digest("hex"),
  });
  const hashed = await tracker.markSent(bundle, instagram, "submitted", {
    country: "DE",
    text,
    keepText: false,
    at: AT,
  });
  assert.equal(hashed.receipt.text, undefined);
  assert.equal(hashed.receipt.text_sha256, kept.receipt.text_sha256);
  // The receipt is made once: a later step does not replace it.
  const later = await tracker.markSent(bundle, kept, "confirmed", {
    country: "FR",
    text: "other",
    keepText: true,
    at: AT,
  });
  assert.deepEqual(later.receipt, kept.receipt);
});

test("the route is the platform's where the person lives; without a country the receipt waits", async () => {
  const [, facebook] = fresh();
  const uk = await tracker.markSent(bundle, facebook, "code-pending", {
    country: "uk",
    at: AT,
  });
  assert.equal(uk.receipt, undefined); // "uk" is an alias the popup never stores: ids only
  const gb = await tracker.markSent(bundle, facebook, "code-pending", {
    country: "GB",
    at: AT,
  });
  assert.equal(gb.receipt.route, "facebook-objection-uk");
  const us = await tracker.markSent(bundle, facebook, "submitted", {
    country: "US",
    at: AT,
  });
  assert.equal(us.receipt, undefined); // no objection route there: nothing to be a receipt of
  const unknown = await tracker.markSent(bundle, facebook, "submitted", {
    country: undefined,
    at: AT,
  });
  assert.equal(unknown.state, "submitted");
  assert.equal(unknown.receipt, undefined);
});

test("what a form page shows moves an account, but never out of confirmed or rejected", () => {
  const [account] = fresh();
  assert.equal(tracker.pageMove(account, "code"), "code-pending");
  // Meta's success message moves it to "submitted" only: "confirmed" is the person's.
  assert.equal(tracker.pageMove(account, "submitted"), "submitted");
  assert.equal(tracker.pageMove(account, "error"), "error");
  assert.equal(tracker.pageMove(account, "nonsense"), null);
  assert.equal(tracker.pageMove({ ...account, state: "rejected" }, "submitted"), null);
  assert.equal(tracker.pageMove({ ...account, state: "confirmed" }, "error"), null);
});

test("a success message on the page waits for the person to confirm it", async () => {
  const [account] = fresh();
  const at = "2026-05-01T10:00:00Z";
  const claimed = tracker.withPageClaim(
    { ...account, state: "submitted" },
    "submitted",
    at,
  );
  assert.deepEqual(claimed.pageSaw, { state: "confirmed", at });
  assert.equal(claimed.state, "submitted");
  // Nothing to ask for other page states, nor once the account is final.
  assert.equal(tracker.withPageClaim(account, "code", at), account);
  const final = { ...account, state: "rejected" };
  assert.equal(tracker.withPageClaim(final, "submitted", at), final);
  // The person says yes: the account takes the claimed state, the question goes.
  const yes = tracker.confirmPageClaim(claimed, "2026-05-01T10:05:00Z");
  assert.equal(yes.state, "confirmed");
  assert.equal(yes.pageSaw, undefined);
  assert.deepEqual(yes.history.at(-1), {
    state: "confirmed",
    at: "2026-05-01T10:05:00Z",
  });
  // ... or no: the question goes, the state stays.
  const no = tracker.dropPageClaim(claimed);
  assert.equal(no.state, "submitted");
  assert.equal("pageSaw" in no, false);
  // A stored claim is checked like the rest of an account (import, store).
  await tracker.checkAccount(bundle, claimed, 0);
  for (const pageSaw of [{ state: "submitted", at }, { state: "confirmed" }, "yes"])
    await assert.rejects(
      tracker.checkAccount(bundle, { ...claimed, pageSaw }, 0),
      /pageSaw must be/,
    );
});

test("a form page reports on the first account of its platform still under way", () => {
  const accounts = [
    { id: "a", platform: "instagram", state: "confirmed" },
    { id: "b", platform: "instagram", state: "not-started" },
  ];
  assert.equal(tracker.accountFor(accounts, "instagram").id, "b");
  assert.equal(tracker.accountFor(accounts.slice(0, 1), "instagram").id, "a");
  assert.equal(tracker.accountFor(accounts, "facebook"), null);
});

test("Meta's answer goes on the receipt and moves the account by its outcome", async () => {
  const sent = await tracker.markSent(bundle, fresh()[0], "submitted", {
    country: "BR",
    at: AT,
  });
  const rejected = tracker.withReply(
    bundle,
    sent,
    " No. ",
    { outcome: "rejected" },
    AT,
  );
  assert.equal(rejected.state, "rejected");
  assert.deepEqual(
    [rejected.receipt.reply, rejected.receipt.outcome, rejected.receipt.replied_at],
    ["No.", "rejected", AT],
  );
  assert.equal(
    tracker.withReply(bundle, sent, "?", { outcome: "needs-info" }, AT).state,
    "submitted",
  );
  assert.throws(
    () => tracker.withReply(bundle, fresh()[0], "x", { outcome: "accepted" }, AT),
    /no receipt/,
  );
});

test("no answer after the group's reply deadline counts the days", async () => {
  const sent = await tracker.markSent(bundle, fresh()[0], "submitted", {
    country: "BR",
    at: AT,
  });
  const day = 86400000;
  assert.equal(tracker.daysOverdue(bundle, sent, Date.parse(AT) + 15 * day), 0); // LGPD: 15 days
  assert.equal(tracker.daysOverdue(bundle, sent, Date.parse(AT) + 16 * day), 16);
  assert.equal(
    tracker.daysOverdue(
      bundle,
      { ...sent, state: "confirmed" },
      Date.parse(AT) + 99 * day,
    ),
    0,
  );
});

test("export and import round-trip, and any bad field rejects the whole file", async () => {
  const sent = await tracker.markSent(bundle, fresh()[0], "submitted", {
    country: "DE",
    text: "Hi",
    keepText: true,
    at: AT,
  });
  const accounts = [sent, fresh()[1]];
  const file = JSON.parse(JSON.stringify(tracker.exportData(accounts, AT)));
  assert.deepEqual(await tracker.importData(bundle, file), accounts);
  const broken = [
    (f) => {
      f.format = "other";
    },
    (f) => {
      f.version = 2;
    },
    (f) => {
      f.accounts[0].state = "done";
    },
    (f) => {
      f.accounts[0].extra = 1;
    },
    (f) => {
      f.accounts[1].id = f.accounts[0].id;
    },
    (f) => {
      f.accounts[0].id = "<img src=x onerror=alert(1)>";
    },
    (f) => {
      f.accounts[0].platform = "myspace";
    },
    (f) => {
      f.accounts[0].history = [{ state: "submitted" }];
    },
    (f) => {
      f.accounts[0].receipt.text_sha256 = "0".repeat(64);
    },
    (f) => {
      f.accounts[0].receipt.route = "javascript:alert(1)";
    },
    (f) => {
      f.accounts[0].receipt.platform = "facebook";
    },
  ];
  for (const breakIt of broken) {
    const copy = structuredClone(file);
    breakIt(copy);
    await assert.rejects(
      tracker.importData(bundle, copy),
      (error) => error.name === "InvalidValue",
      breakIt.toString(),
    );
  }
});

test("imported accounts replace the same ids and keep the others", () => {
  const [instagram, facebook] = fresh();
  const changed = { ...instagram, state: "confirmed" };
  const extra = { ...facebook, id: "second", label: "@ana" };
  assert.deepEqual(tracker.mergeAccounts([instagram, facebook], [extra, changed]), [
    changed,
    facebook,
    extra,
  ]);
});

test("each state has one next step; a complaint only after a no or a missed deadline", async () => {
  const day = 86400000;
  const now = Date.parse(AT);
  const next = (account, at = now) => tracker.nextAction(bundle, account, "DE", at);
  const start = fresh()[0];
  assert.deepEqual(next(start), {
    key: "trackerNextOpenForm",
    args: [],
    advice: null,
    action: "open-form",
  });
  assert.match(
    tracker.formUrl(bundle, bundle.view.routes["instagram-objection-2025"]),
    /^https:\/\/help\.instagram\.com\//,
  );
  const sent = await tracker.markSent(bundle, start, "submitted", {
    country: "DE",
    at: AT,
  });
  assert.equal(tracker.replyDeadline(bundle, sent.receipt), "2026-05-31"); // GDPR: 30 days
  assert.deepEqual(next(sent), {
    key: "trackerNextWait",
    args: ["2026-05-31"],
    advice: null,
    action: "paste-answer",
  });
  assert.equal(tracker.mayComplain(bundle, sent, now), false);
  // Past the deadline, still waiting: the complaint is the step.
  assert.equal(next(sent, now + 31 * day).action, "complaint");
  assert.equal(tracker.mayComplain(bundle, sent, now + 31 * day), true);
  // The error state carries the route's own advice from the data.
  const error = next({ ...sent, state: "error" });
  assert.equal(error.key, "trackerNextError");
  assert.match(error.advice.en, /confirmation e-mail/);
  assert.equal(next({ ...sent, state: "code-pending" }).key, "trackerNextCode");
  assert.match(next({ ...sent, state: "code-pending" }).advice.en, /spam/);
  assert.equal(next({ ...sent, state: "rejected" }).action, "complaint");
  // Confirmed: never a complaint, even long after; the receipt is what is left to keep.
  const done = { ...sent, state: "confirmed" };
  assert.deepEqual(next(done, now + 99 * day), {
    key: "trackerNextDone",
    args: [],
    advice: null,
    action: "evidence",
  });
  assert.equal(tracker.mayComplain(bundle, done, now + 99 * day), false);
});

test("a state's advice is the failure mode whose data names that state", () => {
  const copy = structuredClone(bundle);
  const route = copy.view.routes["instagram-objection-2025"];
  const byId = Object.fromEntries(route.failure_modes.map((f) => [f.id, f]));
  const next = (state) =>
    tracker.nextAction(copy, { ...fresh()[0], state }, "DE", Date.parse(AT));
  assert.equal(next("error").advice, byId["error-after-code"].what_to_do);
  // Move the claim in the data: the card follows it, whatever the failure's id.
  delete byId["error-after-code"].state;
  byId["region-locked"].state = "error";
  assert.equal(next("error").advice, byId["region-locked"].what_to_do);
  // No failure mode names the state: no advice.
  delete byId["no-code-email"].state;
  assert.equal(next("code-pending").advice, null);
});

test("every state the route schema allows is a checklist state", () => {
  const schema = JSON.parse(
    fs.readFileSync(
      path.join(root, "optout_lib/data/schema/route.schema.json"),
      "utf8",
    ),
  );
  const allowed = schema.properties.failure_modes.items.properties.state.enum;
  assert.ok(allowed.length > 0);
  for (const state of allowed) assert.ok(tracker.STATES.includes(state), state);
});

test("only countries with an objection route get the objection checklist", () => {
  assert.equal(tracker.hasObjection(bundle, "DE"), true);
  assert.equal(tracker.hasObjection(bundle, "GB"), true);
  assert.equal(tracker.hasObjection(bundle, "US"), false);
  assert.equal(tracker.hasObjection(bundle, "ZZ"), false);
});

test("a failed import is named by its file problem, not by its raw message", async () => {
  let parseError;
  try {
    JSON.parse("{not json");
  } catch (error) {
    parseError = error;
  }
  assert.equal(tracker.importProblem(parseError), "trackerImportNotJson");
  const failure = async (data) => {
    try {
      await tracker.importData(bundle, data);
    } catch (error) {
      // What the page gets: the background's StoreError keeps only the message.
      return tracker.importProblem({ message: error.message });
    }
    assert.fail("the file was accepted");
  };
  assert.equal(await failure({ format: "other" }), "trackerImportWrongFile");
  assert.equal(
    await failure({ format: "optout-receipts", version: 9 }),
    "trackerImportWrongFile",
  );
  assert.equal(
    await failure({ format: "optout-receipts", version: 1, accounts: [{ id: "X" }] }),
    "trackerImportDamaged",
  );
});

test("a platform without an objection route where the person lives says so in the data's words", () => {
  const whatsapp = {
    id: "wa",
    platform: "whatsapp",
    label: "WhatsApp",
    state: "not-started",
    history: [],
  };
  const next = tracker.nextAction(bundle, whatsapp, "GB", Date.parse(AT));
  assert.equal(next.key, null);
  assert.equal(next.action, null);
  assert.equal(next.advice, bundle.view.routes["whatsapp-none"].summary);
  assert.equal(
    tracker.nextAction(bundle, whatsapp, "DE", Date.parse(AT)).action,
    "open-form",
  );
});
