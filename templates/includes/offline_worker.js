{% load static %}/* A service worker that lets one kind of page ({{ name }}) open without
   network: the page and the files it uses. Network first (the newest version
   while the network works), the copy kept here when it fails or takes too
   long. Only pages matching the pattern are kept, never another page of the
   site (people's data); what the page stores itself (IndexedDB) is not kept
   here. Served by ``jobfair.offline.offline_worker``. */
"use strict";
var SHELL = "{{ name }}-shell-v1";
var PAGES = "{{ name }}-pages";
var SLOW_MS = 4000;
var APP_PAGE = new RegExp("{{ page_pattern|escapejs }}");
var FILES = [
{% for script in scripts %}  "{% static script %}",
{% endfor %}  "{% static 'css/site.css' %}",
  "{% static 'vendor/bootstrap-5.3.8/css/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap-5.3.8/css/bootstrap.rtl.min.css' %}",
  "{% static 'vendor/bootstrap-5.3.8/js/bootstrap.bundle.min.js' %}",
  "{% static 'vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js' %}",
  "{% static 'vendor/qr-scanner-1.4.2/qr-scanner-worker.min.js' %}",
  "{% static 'favicon.svg' %}"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(FILES);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("{{ name }}-shell-") === 0 && name !== SHELL;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function networkFirst(request, cacheName) {
  return caches.open(cacheName).then(function (cache) {
    var network = fetch(request).then(function (response) {
      // A sign-in page instead of the page (session ended) is never kept.
      if (response.ok && !response.redirected && response.type === "basic") {
        cache.put(request, response.clone());
      }
      return response;
    });
    function kept() {
      return cache.match(request, {ignoreSearch: true, ignoreVary: true}).then(function (hit) {
        return hit || network;
      });
    }
    return new Promise(function (resolve) {
      var timer = setTimeout(function () {
        resolve(kept());
      }, SLOW_MS);
      network.then(function (response) {
        clearTimeout(timer);
        resolve(response);
      }, function () {
        clearTimeout(timer);
        resolve(kept());
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && APP_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request, PAGES));
  } else if (FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(request, SHELL));
  }
});
