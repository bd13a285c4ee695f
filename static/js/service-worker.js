/* Hearth's service worker, served as /sw.js so its scope is the whole site.
 *
 * The server puts two constants in front of this file (SitePages::
 * service_worker): HEARTH_CACHE_VERSION, a fingerprint of every static
 * file, and HEARTH_PRECACHE, the offline page and the static files. A
 * deploy that changes any static file changes the version, so this script
 * changes, the browser installs it, and the old cache is deleted.
 *
 * What it keeps on the device, and what it never keeps:
 * - The static files (CSS, scripts, icon): served from the cache first.
 * - The offline page, fetched without cookies, so the copy is the one a
 *   visitor sees: no name, no token. It is shown when a page cannot be
 *   reached.
 * - Never a page someone opened, never an API answer, never anything with
 *   a person's data in it: pages and the API always go to the network.
 *   What a person typed is kept by offline.js in localStorage, not here.
 */
'use strict';

var CACHE_PREFIX = 'hearth-static-';
var CACHE = CACHE_PREFIX + HEARTH_CACHE_VERSION;
var OFFLINE_URL = '/offline';

function precache(cache, url) {
  /* cache: 'reload' skips the HTTP cache, so the copy is this version's. */
  var request = new Request(url, { credentials: 'omit', cache: 'reload' });
  return fetch(request).then(function (response) {
    if (!response.ok) throw new Error('Could not keep ' + url + ': ' + response.status);
    return cache.put(url, response);
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(HEARTH_PRECACHE.map(function (url) { return precache(cache, url); }));
    }).then(function () {
      /* Static files only: a new version can take over open pages at once. */
      return self.skipWaiting();
    })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isPrecached(url) {
  return url.origin === self.location.origin && HEARTH_PRECACHE.indexOf(url.pathname) !== -1 &&
    url.pathname !== OFFLINE_URL && url.search === '';
}

/* A page: always from the network (it may be personal); the offline page
 * when the network cannot be reached. Form posts too, so a send that fails
 * halfway shows the offline page instead of the browser's error. */
function pageOrOffline(request) {
  return fetch(request).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(OFFLINE_URL);
    }).then(function (offline) {
      return offline || Response.error();
    });
  });
}

/* A static file: from the cache, else from the network. */
function cacheFirst(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request);
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageOrOffline(request));
    return;
  }
  if (request.method === 'GET' && isPrecached(url)) {
    event.respondWith(cacheFirst(request));
  }
  /* Anything else (the API, photos, /sw.js itself) is left to the browser. */
});
