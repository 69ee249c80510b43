/* What the pages that work without network share (the door's check-in app,
   door-app.js; the employer's table, table-offline.js): the browser's
   database, the CSRF token for sending, texts with %(name)s, and keeping
   the page itself for opening offline (its service worker is served by
   jobfair/offline.py). */
(function () {
  "use strict";

  /* An IndexedDB request as a promise of its result. */
  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  /* The database ``name`` (a promise), made by ``upgrade(db)`` the first
     time. */
  function database(name, upgrade) {
    var request = indexedDB.open(name, 1);
    request.onupgradeneeded = function () {
      upgrade(request.result);
    };
    return done(request);
  }

  /* Run ``work`` with the stores ``names`` of the database ``opened`` (a
     promise); resolves with what ``work`` returned once the transaction is
     written. */
  function stores(opened, names, mode, work) {
    return opened.then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(names, mode);
        var result = work.apply(null, names.map(function (name) {
          return transaction.objectStore(name);
        }));
        transaction.oncomplete = function () {
          resolve(result);
        };
        transaction.onerror = transaction.onabort = function () {
          reject(transaction.error);
        };
      });
    });
  }

  /* The CSRF cookie's token (the page's copy may be older), else
     ``fallback``. */
  function csrfToken(fallback) {
    var cookie = document.cookie.split("; ").find(function (pair) {
      return pair.indexOf("csrftoken=") === 0;
    });
    return cookie ? cookie.slice("csrftoken=".length) : fallback;
  }

  /* A translated text with its %(name)s filled in. */
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return values[name];
    });
  }

  /* The page is kept for opening offline: by the worker (``workerUrl``) on
     later visits, and here on every visit while ``online``, in the cache
     ``cacheName`` the worker reads: the worker may have taken the page over
     after its own request, which it then never saw. */
  function pageKeep(workerUrl, cacheName, online) {
    if (!("serviceWorker" in navigator)) {
      return Promise.resolve();
    }
    return navigator.serviceWorker.register(workerUrl)
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function () {
        if (!online) {
          return null;
        }
        return fetch(location.pathname).then(function (response) {
          // Never a sign-in page in place of this one.
          if (!response.ok || response.redirected) {
            return null;
          }
          return caches.open(cacheName).then(function (cache) {
            return cache.put(location.pathname, response);
          });
        });
      })
      .catch(function () {});
  }

  window.JobfairOffline = {
    done: done,
    database: database,
    stores: stores,
    csrfToken: csrfToken,
    format: format,
    pageKeep: pageKeep
  };
})();
