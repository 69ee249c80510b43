/* The employer's table without network. The page opens from its service
   worker (jobfair/offline.py); while the network is down, a code typed or
   scanned is not posted but queued on this device (IndexedDB), and sent to
   the server when the network is back (the "online" event and every 30 s):
   the server answers for each code with the contact or why not, listed
   here. The device never knows who a code is: employers do not download
   the fair's people. While the network works the form posts as always. */
(function () {
  "use strict";
  var root = document.getElementById("table-offline");
  var form = document.getElementById("table-code-form");
  if (!root || !form || !window.indexedDB || !window.crypto || !crypto.randomUUID ||
      !window.JobfairOffline) {
    return;
  }
  var SYNC_EVERY_MS = 30000;
  var PART = 20; // meetings.views_offline.SYNC_ITEMS_MAX
  var participation = Number(root.dataset.participation);
  var input = form.querySelector("input[name=code]");
  var error = form.querySelector("[data-offline-error]");
  var network = root.querySelector("[data-offline-network]");
  var waiting = root.querySelector("[data-offline-waiting]");
  var results = root.querySelector("[data-offline-results]");
  // False once a request failed although the browser claims a network.
  var reachable = true;
  var syncing = false;
  var offline = window.JobfairOffline;
  var database = null;

  function online() {
    return navigator.onLine && reachable;
  }

  function format(text, values) {
    return offline.format(text, values);
  }

  /* Run ``work`` with the queue; resolves with what it returned once the
     transaction is written. */
  function store(mode, work) {
    database = database || offline.database("jobfair-table", function (db) {
      db.createObjectStore("queue", {keyPath: "client_id"});
    });
    return offline.stores(database, ["queue"], mode, work);
  }

  function queued() {
    return store("readonly", function (queue) {
      return queue.getAll();
    }).then(function (request) {
      var items = request.result;
      return items.filter(function (item) {
        return item.participation === participation;
      }).sort(function (a, b) {
        return a.scanned_at < b.scanned_at ? -1 : 1;
      });
    });
  }

  function status() {
    return queued().then(function (items) {
      var isOnline = online();
      network.textContent = isOnline ? root.dataset.online : root.dataset.offline;
      network.className = "badge fs-6 " + (isOnline ? "text-bg-success" : "text-bg-secondary");
      waiting.textContent = items.length
        ? format(root.dataset.waiting, {count: items.length})
        : root.dataset.allSent;
      root.hidden = isOnline && !items.length && !results.children.length;
    });
  }

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
    } else {
      input.removeAttribute("aria-invalid");
    }
  }

  function queue(code) {
    var item = {
      client_id: crypto.randomUUID(),
      participation: participation,
      code: code,
      scanned_at: new Date().toISOString()
    };
    return store("readwrite", function (store) {
      store.put(item);
    }).then(status);
  }

  function listResult(result) {
    var line = document.createElement("li");
    line.className = "border-bottom py-2";
    if (result.outcome === "contact") {
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = format(root.dataset.takeNotes, {name: result.name});
      line.appendChild(link);
    } else {
      var code = document.createElement("bdi");
      code.textContent = result.code;
      line.appendChild(code);
      line.appendChild(document.createTextNode(": " + result.error));
      line.classList.add("text-danger");
    }
    results.appendChild(line);
  }

  function csrfToken() {
    return offline.csrfToken(root.dataset.csrf);
  }

  function send(items) {
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({
        items: items.map(function (item) {
          return {client_id: item.client_id, code: item.code, scanned_at: item.scanned_at};
        })
      })
    }).then(function (response) {
      reachable = true;
      if (!response.ok || response.redirected) {
        throw new Error("refused");
      }
      return response.json();
    }, function (failure) {
      reachable = false;
      throw failure;
    }).then(function (answer) {
      answer.results.forEach(listResult);
      return store("readwrite", function (store) {
        answer.results.forEach(function (result) {
          store.delete(result.client_id);
        });
      });
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) {
      return status();
    }
    syncing = true;
    return queued().then(function (items) {
      // An empty request tells whether the server is reachable again.
      if (!items.length && reachable) {
        return null;
      }
      var parts = [];
      for (var start = 0; start < items.length || !parts.length; start += PART) {
        parts.push(items.slice(start, start + PART));
      }
      return parts.reduce(function (previous, part) {
        return previous.then(function () {
          return send(part);
        });
      }, Promise.resolve());
    }).then(function () {
      return status();
    }, function () {
      return status().then(function () {
        waiting.textContent += " " + root.dataset.notSent;
      });
    }).then(function () {
      syncing = false;
    });
  }

  form.addEventListener("submit", function (event) {
    if (online()) {
      return;
    }
    event.preventDefault();
    // Typed (Enter or the button) rather than filled in by the scanner.
    var typed = Boolean(event.submitter);
    var code = input.value.trim();
    if (!code) {
      showError(root.dataset.required);
      input.focus();
      return;
    }
    queue(code).then(function () {
      showError("");
      input.value = "";
      form.dispatchEvent(new CustomEvent("table:queued"));
      if (typed) {
        input.focus();
      }
    });
  });

  window.addEventListener("online", sync);
  window.addEventListener("offline", status);
  window.setInterval(sync, SYNC_EVERY_MS);

  Promise.all([
    sync(),
    offline.pageKeep(root.dataset.workerUrl, "table-pages", navigator.onLine)
  ]).then(function () {
    root.dataset.ready = "true";
  });
})();
