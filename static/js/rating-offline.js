// The rating page never loses a change: each is kept in IndexedDB (keyed by
// person, review and item) until the server has acknowledged it, and sent oldest
// first. A change names the version it was made on, so a newer save from another
// tab or device is shown beside it, never written over. See docs/offline.md.
(function () {
  "use strict";
  var root = document.getElementById("rating-items");
  var session = window.ipsSession;
  if (!root || !session) return;

  var texts = JSON.parse(document.getElementById("rating-texts").textContent);
  var me = Number(root.dataset.user);
  var review = Number(root.dataset.review);
  var owner = me + ":" + review;
  var forms = {};
  root.querySelectorAll("form.rating-form").forEach((form) => {
    forms[form.dataset.item] = form;
  });
  var kept = {}; // item number -> the change kept on the device
  var waitingLine = document.getElementById("rating-waiting");
  var connectionLine = document.getElementById("rating-connection");
  var otherTab = document.getElementById("rating-other-tab");
  var holder = !navigator.locks; // this tab rates; no other tab of the browser does
  var sending = false;
  var retry = { timer: null, delay: 1000 };
  var copy = { due: false, timer: null, last: 0 };

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_all, name) => values[name]);
  }

  function fieldsOf(form) {
    var score = form.querySelector('input[name="score"]:checked');
    return {
      score: score ? Number(score.value) : null,
      data_sources: Array.from(form.querySelectorAll('input[name="data_sources"]:checked'), (box) => {
        return box.value;
      }),
      evidence: form.querySelector('textarea[name="evidence"]').value,
      needs_follow_up: form.querySelector('input[name="needs_follow_up"]').checked,
    };
  }

  function showFields(form, fields) {
    form.querySelectorAll('input[name="score"]').forEach((radio) => {
      radio.checked = Number(radio.value) === fields.score;
    });
    form.querySelectorAll('input[name="data_sources"]').forEach((box) => {
      box.checked = fields.data_sources.indexOf(box.value) >= 0;
    });
    form.querySelector('textarea[name="evidence"]').value = fields.evidence;
    form.querySelector('input[name="needs_follow_up"]').checked = fields.needs_follow_up;
  }

  function setVersion(form, version) {
    form.dataset.version = version;
    form.querySelector('input[name="version"]').value = version;
  }

  // What each item, its square in "Go to an item" and the bar at the top say.
  var LOOK = { saved: "text-success", waiting: "text-warning-emphasis", sending: "", refused: "text-danger", conflict: "text-danger" };

  function setState(item, state, detail) {
    var form = forms[item];
    var status = form.querySelector(".save-status");
    status.className = "save-status small " + LOOK[state];
    status.dataset.state = state;
    status.textContent = {
      saved: detail ? fill(texts.saved, { time: detail }) : "",
      waiting: texts.waiting + ". " + texts.kept,
      sending: texts.sending,
      refused: fill(texts.refused, { reason: detail }),
      conflict: texts.conflict,
    }[state];
    form.classList.toggle("unsaved", state === "refused" || state === "conflict");
    form.classList.toggle("waiting", state === "waiting" || state === "sending");
    if (state === "waiting" || state === "saved") form.querySelector(".rating-conflict").classList.add("d-none");
    var jump = document.querySelector('.jump-item[data-jump="' + item + '"]');
    if (jump) {
      var scored = fieldsOf(form).score !== null;
      var square = { saved: scored ? "is-scored" : "is-missing", refused: "is-refused", conflict: "is-refused" };
      jump.className = "btn btn-sm jump-item " + (square[state] || "is-waiting");
      jump.querySelector(".jump-state").textContent =
        " – " + (state === "saved" ? (scored ? texts.scored : texts.not_scored) : status.textContent);
    }
    countWaiting();
  }

  function countWaiting() {
    var states = Object.keys(kept).map((item) => kept[item].state);
    var waiting = states.filter((state) => state === "waiting").length;
    var stuck = states.length - waiting;
    var text = waiting === 0 ? "" : waiting === 1 ? texts.waiting_one : fill(texts.waiting_other, { count: waiting });
    if (stuck) text += (text ? " " : "") + fill(texts.not_saved, { count: stuck });
    waitingLine.textContent = text;
    waitingLine.dataset.waiting = waiting;
    waitingLine.dataset.notSaved = stuck;
    waitingLine.classList.toggle("d-none", !text);
  }

  // Opened from the copy kept on the device: said until the server answers.
  var keptCopy = root.dataset.keptCopy === "1";

  function sayConnection(connected) {
    if (connected) keptCopy = false;
    var text = connected ? "" : keptCopy ? fill(texts.offline_copy, { time: root.dataset.renderedAt }) : texts.no_connection;
    connectionLine.textContent = text;
    connectionLine.classList.toggle("d-none", !text);
  }

  // The device's copy of the changes.
  function store(entry) {
    return session.changes("readwrite", (changes) => { changes.put(entry); }).catch(() => {});
  }

  function forget(item) {
    delete kept[item];
    return session.changes("readwrite", (changes) => { changes.delete(owner + ":" + item); }).catch(() => {});
  }

  // What the server has of each item, as this page last learnt it.
  var saved = {};
  Object.keys(forms).forEach((item) => { saved[item] = JSON.stringify(fieldsOf(forms[item])); });

  function record(form) {
    if (!holder || root.dataset.canRate !== "true") return;
    var item = Number(form.dataset.item);
    var fields = fieldsOf(form);
    if (window.containsIdentityNumber(fields.evidence)) {
      setState(item, "refused", texts.identity_number);
      return; // neither kept nor sent: it must not be stored anywhere
    }
    var previous = kept[item];
    if (!previous && JSON.stringify(fields) === saved[item]) return setState(item, "saved");
    var conflict = previous && previous.state === "conflict";
    var entry = {
      key: owner + ":" + item,
      user: me,
      review: review,
      item: item,
      fields: fields,
      base: conflict ? previous.base : Number(form.dataset.version),
      changed: previous ? previous.changed : Date.now(),
      stamp: Date.now() + Math.random(),
      state: conflict ? "conflict" : "waiting",
      saved: conflict ? previous.saved : null,
    };
    kept[item] = entry;
    setState(item, entry.state);
    store(entry).then(send);
  }

  var typing = {};
  root.addEventListener("input", (event) => {
    var form = event.target.closest("form.rating-form");
    if (!form || event.target.name !== "evidence") return;
    clearTimeout(typing[form.dataset.item]);
    typing[form.dataset.item] = setTimeout(() => { record(form); }, 300);
  });
  root.addEventListener("change", (event) => {
    var form = event.target.closest("form.rating-form");
    if (!form) return;
    clearTimeout(typing[form.dataset.item]);
    record(form);
  });
  // Without the script the forms post themselves; with it, nothing is posted twice.
  root.addEventListener("submit", (event) => {
    if (event.target.closest("form.rating-form")) event.preventDefault();
  });

  // Sending, one change at a time, oldest first.
  function nextWaiting() {
    return Object.keys(kept)
      .map((item) => kept[item])
      .filter((entry) => entry.state === "waiting")
      .sort((a, b) => a.changed - b.changed)[0];
  }

  function send() {
    if (sending || !holder || session.isOut()) return;
    var entry = nextWaiting();
    if (!entry) return keepCopySoon();
    sending = true;
    var form = forms[entry.item];
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector('input[name="csrfmiddlewaretoken"]').value);
    if (entry.fields.score !== null) body.append("score", entry.fields.score);
    entry.fields.data_sources.forEach((source) => { body.append("data_sources", source); });
    body.append("evidence", entry.fields.evidence);
    if (entry.fields.needs_follow_up) body.append("needs_follow_up", "on");
    body.append("version", entry.base);
    body.append("reviewer", me);
    setState(entry.item, "sending");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual", // a redirect is never an answer to a save
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        return response.json().then(
          (answer) => answered(entry, response.status, answer),
          () => answered(entry, response.status, null)
        );
      }, () => unreachable(entry))
      .then((goOn) => {
        sending = false;
        if (goOn) send();
      });
  }

  // Returns true to send the next change at once.
  function answered(entry, status, answer) {
    var item = entry.item, form = forms[item], current = kept[item];
    if (status === 200 && answer && answer.version) {
      setVersion(form, answer.version);
      retry.delay = 1000;
      copy.due = true;
      sayConnection(true);
      updateProgress(answer.scored, answer.item_count);
      if (current && current.stamp !== entry.stamp) {
        current.base = answer.version; // changed again meanwhile: that change is next
        store(current);
        setState(item, "waiting");
        return true;
      }
      saved[item] = JSON.stringify(entry.fields);
      return forget(item).then(() => {
        // The box may hold what was never kept since (a note refused on the device).
        if (window.containsIdentityNumber(fieldsOf(form).evidence)) setState(item, "refused", texts.identity_number);
        else setState(item, "saved", answer.saved_at);
        return true;
      });
    }
    if (status === 401 || (answer && answer.logged_out)) {
      setState(item, "waiting");
      session.loggedOut(answer && answer.login_url);
      return false; // sent again when the person is back ("ips:session-renewed")
    }
    if (status === 403 && answer && answer.csrf) {
      setState(item, "waiting");
      return session.check().then((result) => result === "ok");
    }
    if (status === 403 && answer && answer.other_user) {
      setState(item, "waiting");
      session.otherPerson();
      return false;
    }
    sayConnection(true); // the server answered, whatever it said
    if (!current) return true; // discarded while it was on its way
    if (status === 409 && answer && answer.saved) {
      current.state = "conflict";
      current.saved = answer.saved;
      store(current);
      showChoice(item);
      return true;
    }
    if (status >= 400 && status < 500) {
      current.state = "refused";
      current.reason = (answer && answer.error) || String(status);
      store(current);
      showChoice(item);
      return true;
    }
    return unreachable(entry); // a server error, a redirect, an answer that is not ours
  }

  function unreachable(entry) {
    setState(entry.item, "waiting");
    sayConnection(false);
    clearTimeout(retry.timer);
    retry.timer = setTimeout(send, retry.delay);
    retry.delay = Math.min(retry.delay * 2, 4000); // back within 5 s of the network
    return false;
  }

  function updateProgress(scored, count) {
    var bar = document.getElementById("rating-progress-bar");
    if (!bar || scored === undefined) return;
    bar.value = scored;
    bar.max = count;
    bar.textContent = scored + "/" + count;
    var label = document.querySelector('label[for="rating-progress-bar"]');
    if (label) label.textContent = label.textContent.replace(/\d+(\D+)\d+/, scored + "$1" + count);
  }

  // A refused change or a conflict: say what happened and let the reviewer choose.
  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function describe(title, fields) {
    var list = element("dl", "small mb-2");
    [
      [texts.score, fields.score === null ? texts.no_score : String(fields.score)],
      [texts.sources, fields.data_sources.join(", ") || "–"],
      [texts.follow_up, fields.needs_follow_up ? texts.yes : texts.no],
      [texts.evidence, fields.evidence || "–"],
    ].forEach((pair) => {
      list.append(element("dt", "", pair[0]), element("dd", "text-break mb-1", pair[1]));
    });
    var column = element("div", "col-md-6");
    column.append(element("p", "fw-semibold mb-1", title), list);
    return column;
  }

  function button(label, style, action) {
    var made = element("button", "btn btn-sm " + style, label);
    made.type = "button";
    made.addEventListener("click", action);
    return made;
  }

  function showChoice(item) {
    var entry = kept[item], box = forms[item].querySelector(".rating-conflict");
    var buttons = element("div", "d-flex flex-wrap gap-2");
    if (entry.state === "conflict") {
      var row = element("div", "row");
      row.append(describe(fill(texts.theirs, { time: entry.saved.saved_at }), entry.saved), describe(texts.mine, entry.fields));
      buttons.append(
        button(texts.keep_mine, "btn-primary", () => { choose(item, "mine"); }),
        button(texts.use_saved, "btn-outline-secondary", () => { choose(item, "saved"); })
      );
      box.replaceChildren(row, buttons);
      setState(item, "conflict");
    } else {
      buttons.append(button(texts.discard, "btn-outline-secondary", () => { choose(item, "discard"); }));
      box.replaceChildren(buttons);
      setState(item, "refused", entry.reason);
    }
    box.classList.remove("d-none");
  }

  function choose(item, choice) {
    var entry = kept[item], form = forms[item], box = form.querySelector(".rating-conflict");
    box.classList.add("d-none");
    box.replaceChildren();
    if (choice === "mine") {
      entry.base = entry.saved.version; // written over the saved one, knowingly
      entry.state = "waiting";
      entry.saved = null;
      setState(item, "waiting");
      store(entry).then(send);
    } else if (choice === "saved") {
      showFields(form, entry.saved);
      setVersion(form, entry.saved.version);
      saved[item] = JSON.stringify(fieldsOf(form));
      forget(item).then(() => { setState(item, "saved", entry.saved.saved_at); });
    } else {
      forget(item).then(() => { location.reload(); }); // show what the server has
    }
  }

  // One tab of this browser rates a review at a time: two would keep two
  // different changes of one item on the device.
  function claim(steal) {
    if (!navigator.locks) return Promise.resolve();
    return navigator.locks
      .request("ipsfidelity-rating-" + owner, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
        if (!lock) return lostTab();
        holder = true;
        if (steal) location.reload(); // show what the other tab saved
        else send();
        return new Promise(() => {}); // held as long as the page is open
      })
      .catch(lostTab);
  }

  function lostTab() {
    if (navigator.locks && holder !== null) {
      // When the other tab closes, this one takes over, with what it saved.
      navigator.locks.request("ipsfidelity-rating-" + owner, () => { location.reload(); });
    }
    holder = null;
    root.querySelectorAll("fieldset").forEach((fieldset) => { fieldset.disabled = true; });
    otherTab.replaceChildren(texts.other_tab + " ", button(texts.rate_here, "btn-primary ms-1", () => { claim(true); }));
    otherTab.classList.remove("d-none");
  }

  // The worker keeps a copy of this page for opening it without a network. The
  // copy is taken when the page is loaded, and again a while after changes were
  // saved, so that it does not show older scores than the server has.
  function keepCopySoon() {
    var controlled = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!copy.due || !controlled || copy.timer) return;
    var wait = Math.max(3000, copy.last + 15000 - Date.now());
    copy.timer = setTimeout(() => {
      copy.timer = null;
      if (nextWaiting() || sending) return keepCopySoon();
      copy.due = false;
      copy.last = Date.now();
      fetch(location.pathname, { credentials: "same-origin" }).catch(() => { copy.due = true; });
    }, wait);
  }

  function startWorker() {
    if (!navigator.serviceWorker || !window.caches) return;
    var controlledAtLoad = Boolean(navigator.serviceWorker.controller);
    var url = root.dataset.workerUrl;
    navigator.serviceWorker.register(url, { scope: url.slice(0, url.lastIndexOf("/") + 1) }).catch(() => {});
    // The page's own scripts and styles, for the first time it opens offline.
    var assets = Array.from(document.querySelectorAll("link[rel=stylesheet][href], script[src]"), (tag) => {
      return tag.href || tag.src;
    });
    caches.open("ipsfidelity-static").then((cache) => {
      assets.forEach((asset) => {
        cache.match(asset).then((hit) => { if (!hit) cache.add(asset).catch(() => {}); });
      });
    });
    if (!controlledAtLoad) {
      navigator.serviceWorker.addEventListener("controllerchange", () => {
        copy.due = true;
        keepCopySoon();
      });
    }
  }

  // Submitting makes the ratings final: not while a change is unsaved, and not without
  // a connection (the browser would show its own error page in place of this one).
  var submitForm = document.querySelector('form[data-confirm-box="confirm-submit"]');
  if (submitForm) {
    submitForm.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return; // the box is not ticked: forms.js says so
      event.preventDefault();
      var problem = document.getElementById("submit-problem");
      var say = (text) => {
        problem.textContent = text;
        problem.classList.remove("d-none");
        problem.scrollIntoView({ block: "center" });
      };
      var unsaved = Object.keys(kept).length;
      if (unsaved) return say(fill(texts.submit_unsaved, { count: unsaved }));
      session.check().then((result) => {
        if (result === "ok") submitForm.submit();
        else if (result === "unreachable") say(texts.submit_offline);
      });
    });
  }

  document.querySelectorAll(".jump-item").forEach((link) => {
    link.addEventListener("click", () => { document.getElementById("item-jump").open = false; });
  });
  window.addEventListener("online", () => {
    clearTimeout(retry.timer);
    retry.delay = 1000;
    send();
  });
  document.addEventListener("ips:session-renewed", send);

  // Put back what this device kept of this person's changes to this review.
  session
    .changes("readonly", (changes) => changes.index("user").getAll(me))
    .then((rows) => {
      (rows || []).filter((entry) => entry.review === review && forms[entry.item]).forEach((entry) => {
        kept[entry.item] = entry;
        showFields(forms[entry.item], entry.fields);
        if (entry.state === "waiting") setState(entry.item, "waiting");
        else showChoice(entry.item);
      });
    }, () => {})
    .then(() => {
      if (keptCopy) sayConnection(false);
      startWorker();
      return claim(false);
    })
    .then(() => {
      if (holder) send();
    });
})();
