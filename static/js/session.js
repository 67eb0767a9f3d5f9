// The person's session on this device, on every page (docs/offline.md).
// - What the device keeps (unsent rating changes in IndexedDB, copies of the
//   rating pages in the Cache API) is the person's own: another person's page
//   copies go when someone logs in; the person's own go at log-out, after a
//   warning if some changes were never sent.
// - A page's script whose session has ended gets 401, never a redirect: this
//   says "log in again" with a link to a new tab, asks every 2 s who is logged
//   in, then hands the fresh form token to the page ("ips:session-renewed").
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var body = document.body;
  var me = Number(body.dataset.user || 0);
  var sessionUrl = body.dataset.sessionUrl;
  var DB = "ipsfidelity-unsent";
  var PAGES = "ipsfidelity-pages-";

  // IndexedDB, one store of changes keyed "user:review:item". A transaction
  // resolves once it is on disk ("strict"): a change outlives a crash.
  var opened = null;
  function database() {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    opened = opened || new Promise((resolve, reject) => {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("changes", { keyPath: "key" }).createIndex("user", "user");
      };
      request.onsuccess = () => { resolve(request.result); };
      request.onerror = () => { reject(request.error); };
    });
    return opened;
  }

  function changes(mode, work) {
    return database().then((db) => {
      return new Promise((resolve, reject) => {
        var tx = db.transaction("changes", mode, { durability: "strict" });
        var result;
        var request = work(tx.objectStore("changes"));
        if (request) request.onsuccess = () => { result = request.result; };
        tx.oncomplete = () => { resolve(result); };
        tx.onerror = tx.onabort = () => { reject(tx.error); };
      });
    });
  }

  function changesOf(user) {
    return changes("readonly", (store) => {
      return store.index("user").getAll(user);
    });
  }

  function forgetPerson(user) {
    var work = changesOf(user).then((rows) => {
      return changes("readwrite", (store) => {
        (rows || []).forEach((row) => { store.delete(row.key); });
      });
    });
    var pages = window.caches ? caches.delete(PAGES + user) : Promise.resolve();
    return Promise.all([work, pages]).catch(() => {});
  }

  // Copies of rating pages are kept for the person logged in now only.
  if (me && window.caches) {
    caches.keys().then((names) => {
      names.forEach((name) => {
        if (name.indexOf(PAGES) === 0 && name !== PAGES + me) caches.delete(name);
      });
    });
  }

  var logout = document.getElementById("logout-form");
  if (logout && me) {
    logout.addEventListener("submit", (event) => {
      if (logout.dataset.cleared) return;
      event.preventDefault();
      changesOf(me).catch(() => []).then((rows) => {
        var waiting = (rows || []).length;
        var warning = waiting === 1 ? logout.dataset.unsentOne : logout.dataset.unsentOther.replace("%(count)s", waiting);
        if (waiting && !window.confirm(warning)) return;
        forgetPerson(me).then(() => {
          logout.dataset.cleared = "1";
          logout.submit();
        });
      });
    });
  }

  // Logged out while the page is open.
  var banner = document.getElementById("session-banner");
  var state = { token: null, polling: null, out: null };

  function showBanner(out, parts) {
    if (!banner || state.out === out) return; // said once, not every poll
    state.out = out;
    banner.replaceChildren.apply(banner, parts || []);
    banner.classList.toggle("d-none", !out);
  }

  function poll() {
    if (!state.polling) state.polling = setInterval(check, 2000);
  }

  function loggedOut(loginUrl) {
    poll();
    if (!banner) return;
    var link = document.createElement("a");
    link.href = loginUrl || banner.dataset.loginUrl;
    link.target = "_blank";
    link.textContent = banner.dataset.textLink;
    showBanner("out", [banner.dataset.textLoggedOut + " ", link]);
  }

  function otherPerson() {
    poll();
    if (banner) showBanner("other", [banner.dataset.textOtherUser]);
  }

  // Asks who is logged in: "ok" (this person; the fresh token is handed out),
  // "out", "other" (someone else) or "unreachable".
  function check() {
    return fetch(sessionUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        return response.json().then((answer) => [response.status, answer]);
      })
      .then((result) => {
        var status = result[0], answer = result[1];
        if (status === 401) { loggedOut(answer.login_url); return "out"; }
        if (answer.user !== me) { otherPerson(); return "other"; }
        renewed(answer.csrf_token);
        return "ok";
      }, () => "unreachable");
  }

  function renewed(token) {
    var wasOut = Boolean(state.polling);
    clearInterval(state.polling);
    state.polling = null;
    if (token && token !== state.token) {
      state.token = token;
      document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach((input) => {
        input.value = token;
      });
    }
    showBanner(null);
    if (wasOut) document.dispatchEvent(new CustomEvent("ips:session-renewed"));
  }

  // htmx forms elsewhere: a 401 keeps the form as it is and says to log in again.
  body.addEventListener("htmx:afterRequest", (event) => {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 401) loggedOut(xhr.getResponseHeader("X-Login-Url"));
    if (xhr && xhr.status === 403 && xhr.getResponseHeader("X-CSRF-Failure")) check();
  });
  body.addEventListener("htmx:configRequest", (event) => {
    if (state.token) event.detail.headers["X-CSRFToken"] = state.token;
  });

  window.ipsSession = {
    me: me,
    changes: changes,
    loggedOut: loggedOut,
    otherPerson: otherPerson,
    check: check,
    isOut: () => Boolean(state.polling),
  };
})();
