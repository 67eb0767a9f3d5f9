{% load static %}// The rating pages' offline worker, served from /reviews/ (its scope): it hands
// out the last copy of a rating page and its files when the network fails. The
// copies sit under the person's id; docs/offline.md says who deletes them when.
"use strict";
var PAGES = "ipsfidelity-pages-";
var STATIC = "ipsfidelity-static";
var STATIC_PREFIX = {{ static_prefix|safe }};
var RATING_PAGE = /^\/reviews\/\d+\/rating\/$/;
var PATIENCE_MS = 6000; // a slow network: the kept copy after this long
var NOT_KEPT = {{ not_kept|safe }};

self.addEventListener("install", () => { self.skipWaiting(); });
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", (event) => {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (RATING_PAGE.test(url.pathname)) event.respondWith(page(request, url.origin + url.pathname));
  else if (url.pathname.indexOf(STATIC_PREFIX) === 0) event.respondWith(asset(request));
});

function page(request, key) {
  var network = fetch(request).then((response) => {
    var owner = response.headers.get("X-Offline-Owner");
    if (response.status >= 500) throw new Error("server error");
    if (response.ok && owner) {
      var copy = response.clone();
      caches.open(PAGES + owner).then((cache) => cache.put(key, copy));
    }
    return response;
  });
  var fallback = network.catch(() => {
    return keptPage(key).then((kept) => kept || notKept());
  });
  var slow = new Promise((resolve) => { setTimeout(resolve, PATIENCE_MS); })
    .then(() => keptPage(key))
    .then((kept) => kept || fallback);
  return Promise.race([fallback, slow]);
}

// Marked, so the page can say it is the copy kept on the device.
function keptPage(key) {
  return caches.keys().then((names) => {
    var mine = names.filter((name) => name.indexOf(PAGES) === 0);
    return Promise.all(mine.map((name) => {
      return caches.open(name).then((cache) => { return cache.match(key, { ignoreVary: true }); });
    }));
  }).then((found) => {
    var kept = found.filter(Boolean)[0];
    if (!kept) return null;
    return kept.text().then((html) => {
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
  return fetch(request).then((response) => {
    if (response.ok) {
      var copy = response.clone();
      caches.open(STATIC).then((cache) => cache.put(request, copy));
    }
    return response;
  }).catch((error) => {
    return caches.match(request, { cacheName: STATIC, ignoreVary: true, ignoreSearch: true }).then((kept) => {
      if (kept) return kept;
      throw error;
    });
  });
}
