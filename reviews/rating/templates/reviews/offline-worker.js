{% load static %}// The rating pages' offline worker (served from /reviews/, its scope).
//
// It keeps the last copy of each rating page a person opened, and the static
// files those pages use, and hands them out when the network does not answer:
// a reload or a reopened browser without a network shows the page, and the
// page's script puts back the changes kept on the device. Everything else
// passes by untouched. It holds no data of its own: the copies sit in the
// Cache API under the person's id ("X-Offline-Owner"), and the pages' script
// deletes them at log-out or when someone else logs in (static/js/session.js).
"use strict";
var PAGES = "ipsfidelity-pages-";
var STATIC = "ipsfidelity-static";
var STATIC_PREFIX = {{ static_prefix|safe }};
var RATING_PAGE = /^\/reviews\/\d+\/rating\/$/;
var PATIENCE_MS = 6000; // a slow network: the kept copy after this long
var NOT_KEPT = {{ not_kept|safe }};

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (RATING_PAGE.test(url.pathname)) event.respondWith(page(request, url.origin + url.pathname));
  else if (url.pathname.indexOf(STATIC_PREFIX) === 0) event.respondWith(asset(request));
});

function page(request, key) {
  var network = fetch(request).then(function (response) {
    var owner = response.headers.get("X-Offline-Owner");
    if (response.status >= 500) throw new Error("server error");
    if (response.ok && owner) {
      var copy = response.clone();
      caches.open(PAGES + owner).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  });
  var fallback = network.catch(function () {
    return keptPage(key).then(function (kept) { return kept || notKept(); });
  });
  var slow = new Promise(function (resolve) { setTimeout(resolve, PATIENCE_MS); })
    .then(function () { return keptPage(key); })
    .then(function (kept) { return kept || fallback; });
  return Promise.race([fallback, slow]);
}

// The copy is marked, so that the page can say it is the copy kept on this device.
function keptPage(key) {
  return caches.keys().then(function (names) {
    var mine = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
    return Promise.all(mine.map(function (name) {
      return caches.open(name).then(function (cache) { return cache.match(key, { ignoreVary: true }); });
    }));
  }).then(function (found) {
    var kept = found.filter(Boolean)[0];
    if (!kept) return null;
    return kept.text().then(function (html) {
      return new Response(html.replace('data-kept-copy="0"', 'data-kept-copy="1"'), {
        headers: { "Content-Type": "text/html; charset=utf-8" },
      });
    });
  });
}

function notKept() {
  return new Response(NOT_KEPT, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function asset(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(STATIC).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.match(request, { cacheName: STATIC, ignoreVary: true, ignoreSearch: true }).then(function (kept) {
      if (kept) return kept;
      throw error;
    });
  });
}
