/* The check-in app for weak networks (templates/organise/door_app.html).

   The door list of the event (applicants/door.py door_list) is kept in
   IndexedDB; each scan, typed code or name is decided here, from that list,
   by the server's rule (door_lookup and door_decision in applicants/door.py;
   applicants/tests/door_cases.json holds both to the same cases), and the
   answer never waits for the network. What was decided is queued and sent
   (organise door_sync) when the network works: on opening, every 30 s and
   when the browser says it is back online; then a fresh list is downloaded.

   The list is removed when the event is over, by "Remove the list" and
   before signing out. All texts come translated from the page. */
(function () {
  "use strict";

  var ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
  var CODE_LENGTH = 6;
  var VERIFIER_LENGTH = 32;
  var SYNC_EVERY_MS = 30000;

  // --- The server's rule (applicants/door.py), for the device -------------

  /* applicants.codes.checkin_code_clean: letters and digits kept, in
     capitals; a code is six characters of the alphabet. */
  function codeClean(typed) {
    var kept = Array.from(typed).filter(function (character) {
      return /[\p{L}\p{N}]/u.test(character);
    }).join("").toUpperCase();
    var characters = Array.from(kept);
    if (characters.length !== CODE_LENGTH) {
      return null;
    }
    for (var i = 0; i < characters.length; i += 1) {
      if (ALPHABET.indexOf(characters[i]) === -1) {
        return null;
      }
    }
    return kept;
  }

  /* door_verifier: SHA-256 of the trimmed text in UTF-8, hex, 32 digits. */
  function verifier(scanned) {
    var bytes = new TextEncoder().encode(scanned.trim());
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      return Array.from(new Uint8Array(digest), function (byte) {
        return byte.toString(16).padStart(2, "0");
      }).join("").slice(0, VERIFIER_LENGTH);
    });
  }

  /* door_lookup: a typed code by its code, anything else as a QR code's
     token by its verifier; null when nobody of the list has it. */
  function lookup(list, scanned) {
    var code = codeClean(scanned);
    if (code) {
      return Promise.resolve(list.people.find(function (person) {
        return person.code === code;
      }) || null);
    }
    return verifier(scanned).then(function (hash) {
      return list.people.find(function (person) {
        return person.verifiers.indexOf(hash) !== -1;
      }) || null;
    });
  }

  /* door_decision. */
  function decide(person) {
    if (!person) {
      return "unknown";
    }
    if (person.checked_in_at) {
      return "already";
    }
    if (person.status === "cancelled") {
      return "cancelled";
    }
    return "valid";
  }

  window.JobfairDoor = {lookup: lookup, decide: decide, verifier: verifier, codeClean: codeClean};

  var root = document.getElementById("door-app");
  if (!root || !window.indexedDB || !window.crypto || !crypto.subtle ||
      !window.JobfairOffline) {
    return;
  }

  // --- Storage: IndexedDB, a store of lists and one of queued items -------

  var offline = window.JobfairOffline;
  var done = offline.done;
  var database = null;

  function opened() {
    database = database || offline.database("jobfair-door", function (db) {
      db.createObjectStore("lists", {keyPath: "event"});
      db.createObjectStore("queue", {keyPath: "client_id"}).createIndex("event", "event");
    });
    return database;
  }

  /* Run ``work`` with the stores; resolves once the transaction is written. */
  function stores(names, mode, work) {
    return offline.stores(opened(), names, mode, work);
  }

  // --- State ---------------------------------------------------------------

  var event = Number(root.dataset.event);
  var lastDay = root.dataset.lastDay;
  var strings = JSON.parse(root.dataset.strings);
  var language = document.documentElement.lang;
  var kept = null;   // {event, list, stored_at, last_day}
  var queue = [];    // items in the order recorded
  var syncing = null;
  var removed = false;
  var online = navigator.onLine;
  var signedOut = false;  // the server answers, but not to this session
  var sequence = Date.now();

  function text(name, values) {
    return offline.format(strings[name], values);
  }

  function fullName(person) {
    return person.first_name + " " + person.last_name;
  }

  function today() {
    var now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(function (part) {
      return String(part).padStart(2, "0");
    }).join("-");
  }

  function csrfToken() {
    return offline.csrfToken(root.dataset.csrf);
  }

  /* Lists of events that are over leave every device that opens the app
     (this event's by its last day as the page says now: it may have moved). */
  function expiredRemove() {
    return stores(["lists"], "readwrite", function (lists) {
      lists.openCursor().onsuccess = function (step) {
        var cursor = step.target.result;
        if (cursor) {
          var over = cursor.value.event === event ? lastDay : cursor.value.last_day;
          if (over < today()) {
            cursor.delete();
          }
          cursor.continue();
        }
      };
    });
  }

  function load() {
    return expiredRemove().then(function () {
      return stores(["lists", "queue"], "readonly", function (lists, items) {
        var found = {};
        done(lists.get(event)).then(function (record) {
          found.record = record || null;
        });
        done(items.index("event").getAll(event)).then(function (all) {
          found.items = all;
        });
        return found;
      });
    }).then(function (found) {
      kept = found.record;
      queue = found.items.sort(function (a, b) {
        return a.seq - b.seq;
      });
    });
  }

  // --- What the page shows ---------------------------------------------------

  var network = root.querySelector("[data-door-network]");
  var signIn = root.querySelector("[data-door-sign-in]");
  var freshness = root.querySelector("[data-door-freshness]");
  var waiting = root.querySelector("[data-door-waiting]");
  var result = root.querySelector("[data-door-result]");
  var sentSection = root.querySelector("[data-door-sent-section]");
  var sent = root.querySelector("[data-door-sent]");
  var refusedSection = root.querySelector("[data-door-refused-section]");
  var refused = root.querySelector("[data-door-refused]");
  var COLOURS = {
    valid: "alert-success",
    already: "alert-warning",
    cancelled: "alert-danger",
    unknown: "alert-secondary",
    note: "alert-info"
  };

  function setText(element, value) {
    // The status line is read out: only when it says something new.
    if (element.textContent !== value) {
      element.textContent = value;
    }
  }

  function status() {
    setText(network, online ? strings.online : strings.offline);
    network.className = "badge fs-6 " + (online ? "text-bg-success" : "text-bg-dark");
    // Signed out: the link to sign in again says so, in place of the badge.
    network.hidden = signedOut;
    signIn.hidden = !signedOut;
    if (kept) {
      var time = new Date(kept.list.generated_at).toLocaleTimeString(language, {
        hour: "2-digit",
        minute: "2-digit"
      });
      setText(freshness, text("listFrom", {time: time}) + " ·");
    } else {
      setText(freshness, strings.noList);
    }
    var pending = queue.filter(function (item) {
      return !item.refused;
    });
    var checkIns = pending.filter(function (item) {
      return item.kind === "check_in";
    }).length;
    setText(waiting, pending.length
      ? text("waiting", {check_ins: checkIns, walk_ins: pending.length - checkIns})
      : strings.allSent);
    var notSent = queue.filter(function (item) {
      return item.refused;
    });
    refusedSection.hidden = notSent.length === 0;
    refused.replaceChildren.apply(refused, notSent.map(function (item) {
      var line = document.createElement("li");
      line.textContent = text("refused", {name: item.label}) + " " + item.refused.join(" ");
      return line;
    }));
  }

  function show(decision, message, person) {
    result.className = "alert fs-3 fw-bold mb-3 " + COLOURS[decision];
    result.replaceChildren(document.createTextNode(message));
    if (person && person.bookings.length && decision === "valid") {
      var workshops = document.createElement("ul");
      workshops.className = "fs-5 fw-normal mb-0 mt-2";
      person.bookings.forEach(function (booking) {
        var line = document.createElement("li");
        line.textContent = booking.starts_at.slice(11, 16) + " " + booking.title;
        workshops.appendChild(line);
      });
      result.appendChild(workshops);
    }
    result.hidden = false;
  }

  function announce(decision, person) {
    var message = person ? text(decision, {name: fullName(person)}) : strings.unknown;
    show(decision, message, person);
  }

  // --- Deciding and recording ------------------------------------------------

  function itemAdd(item) {
    item.client_id = crypto.randomUUID();
    item.event = event;
    item.recorded_at = new Date().toISOString();
    sequence += 1;
    item.seq = sequence;
    queue.push(item);
    return item;
  }

  /* The person is in: on this device at once (a second scan is "already"),
     on the server when the queue is sent. */
  function checkIn(person) {
    person.checked_in_at = new Date().toISOString();
    var item = itemAdd({kind: "check_in", registration: person.id, label: fullName(person)});
    var record = kept;
    status();
    return stores(["lists", "queue"], "readwrite", function (lists, items) {
      lists.put(record);
      items.put(item);
    });
  }

  function decideAndRecord(person) {
    var decision = decide(person);
    announce(decision, person);
    if (decision === "valid") {
      checkIn(person);
    }
    return decision;
  }

  function scanned(value) {
    if (!kept) {
      show("unknown", strings.noList);
      return Promise.resolve("unknown");
    }
    return lookup(kept.list, value).then(decideAndRecord);
  }

  // --- Sending and downloading -----------------------------------------------

  var OUTCOME_MESSAGES = {
    already: "syncAlready",
    conflict_cancelled: "syncCancelled",
    unknown: "syncUnknown",
    walk_in_duplicate: "syncDuplicate"
  };

  function sentShow(messages) {
    if (!messages.length) {
      return;
    }
    messages.forEach(function (message) {
      var line = document.createElement("li");
      line.textContent = message;
      sent.prepend(line);
    });
    sentSection.hidden = false;
  }

  function itemsForget(clientIds) {
    queue = queue.filter(function (item) {
      return clientIds.indexOf(item.client_id) === -1;
    });
    return stores(["queue"], "readwrite", function (items) {
      clientIds.forEach(function (clientId) {
        items.delete(clientId);
      });
    });
  }

  /* The session ended (sent to the sign-in page) or the server refuses it
     (401, 403: also a CSRF token it no longer accepts): the network works,
     this device needs a new sign-in; the queue waits for it. */
  function answered(response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    var toSignIn = response.redirected &&
      new URL(response.url).pathname === root.dataset.loginPath;
    if (toSignIn || response.status === 401 || response.status === 403) {
      var error = new Error("not signed in");
      error.signedOut = true;
      throw error;
    }
    if (response.redirected || !json) {
      throw new Error("not an answer of the app");
    }
    return response.json().then(function (body) {
      return {status: response.status, body: body};
    });
  }

  /* Send the queue; items the server refuses are set aside (listed with
     their errors) so that the others still go. */
  function send() {
    var pending = queue.filter(function (item) {
      return !item.refused;
    });
    if (!pending.length) {
      return Promise.resolve();
    }
    var byId = {};
    var payload = pending.map(function (item) {
      byId[item.client_id] = item;
      var sending = {client_id: item.client_id, kind: item.kind, recorded_at: item.recorded_at};
      if (item.kind === "walk_in") {
        sending.person = item.person;
      } else {
        sending.registration = item.registration;
      }
      return sending;
    });
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({items: payload})
    }).then(answered).then(function (answer) {
      if (answer.status === 200) {
        var messages = [];
        answer.body.results.forEach(function (outcome) {
          var name = OUTCOME_MESSAGES[outcome.outcome];
          if (name && byId[outcome.client_id]) {
            messages.push(text(name, {name: byId[outcome.client_id].label}));
          }
        });
        sentShow(messages);
        return itemsForget(Object.keys(byId));
      }
      var bad = (answer.body.errors || []).filter(function (error) {
        return byId[error.client_id];
      });
      if (!bad.length) {
        throw new Error("refused");
      }
      bad.forEach(function (error) {
        byId[error.client_id].refused = errorTexts(error.errors);
      });
      return stores(["queue"], "readwrite", function (items) {
        bad.forEach(function (error) {
          items.put(byId[error.client_id]);
        });
      }).then(send);
    });
  }

  function errorTexts(errors) {
    var all = [];
    Object.keys(errors).forEach(function (field) {
      var value = errors[field];
      all = all.concat(Array.isArray(value) ? value : errorTexts(value));
    });
    return all;
  }

  /* A fresh list, with what is recorded here and not yet sent kept in it. */
  function download() {
    return fetch(root.dataset.dataUrl, {credentials: "same-origin", cache: "no-store"})
      .then(answered)
      .then(function (answer) {
        if (answer.status !== 200) {
          throw new Error("no list");
        }
        var list = answer.body;
        var people = {};
        list.people.forEach(function (person) {
          people[person.id] = person;
        });
        queue.forEach(function (item) {
          var person = people[item.registration];
          if (item.kind === "check_in" && !item.refused && person && !person.checked_in_at) {
            person.checked_in_at = item.recorded_at;
          }
        });
        kept = {event: event, list: list, stored_at: new Date().toISOString(), last_day: lastDay};
        var record = kept;
        return stores(["lists"], "readwrite", function (lists) {
          lists.put(record);
        });
      });
  }

  function sync(force) {
    if (force) {
      removed = false;
    }
    if (!syncing) {
      syncing = send().then(function () {
        // Nothing to keep once the event is over, or after "Remove the list".
        return removed || lastDay < today() ? null : download();
      }).then(function () {
        online = true;
        signedOut = false;
      }, function (error) {
        signedOut = Boolean(error.signedOut);
        online = signedOut;
      }).then(function () {
        syncing = null;
        status();
      });
    }
    return syncing;
  }

  // --- The page's controls ---------------------------------------------------

  function fieldError(input, message) {
    var error = document.getElementById(input.id + "-error");
    input.classList.toggle("is-invalid", Boolean(message));
    if (message) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    error.textContent = message || "";
  }

  var codeForm = root.querySelector("[data-door-code-form]");
  var codeInput = codeForm.querySelector("input[name=code]");
  codeForm.addEventListener("submit", function (submitted) {
    submitted.preventDefault();
    var value = codeInput.value;
    if (!value.trim()) {
      fieldError(codeInput, strings.required);
      return;
    }
    scanned(value).then(function (decision) {
      if (decision === "unknown") {
        fieldError(codeInput, kept ? strings.unknown : strings.noList);
      } else {
        fieldError(codeInput, "");
        codeInput.value = "";
      }
      codeInput.focus();
    });
  });

  function plain(value) {
    return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  var searchForm = root.querySelector("[data-door-search-form]");
  var searchInput = searchForm.querySelector("input[name=q]");
  var found = root.querySelector("[data-door-found]");

  function searchShow() {
    var words = plain(searchInput.value).split(/\s+/).filter(Boolean);
    if (!words.length || !kept) {
      found.replaceChildren();
      return;
    }
    var matches = kept.list.people.filter(function (person) {
      var name = plain(fullName(person));
      return words.every(function (word) {
        return name.indexOf(word) !== -1;
      });
    }).slice(0, 20);
    if (!matches.length) {
      var nobody = document.createElement("li");
      nobody.className = "list-group-item";
      nobody.textContent = strings.nobody;
      found.replaceChildren(nobody);
      return;
    }
    found.replaceChildren.apply(found, matches.map(function (person) {
      var line = document.createElement("li");
      line.className = "list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2";
      var who = document.createElement("span");
      var name = document.createElement("bdi");
      name.className = "fw-semibold";
      name.textContent = person.last_name + ", " + person.first_name;
      var code = document.createElement("span");
      code.className = "font-monospace ms-2";
      code.dir = "ltr";
      code.textContent = person.code.slice(0, 3) + "-" + person.code.slice(3);
      var state = document.createElement("span");
      state.className = "ms-2 text-body-secondary";
      state.textContent = person.checked_in_at
        ? strings.present
        : strings.statuses[person.status];
      who.append(name, code, state);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-primary";
      button.textContent = strings.checkIn;
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + fullName(person);
      button.appendChild(hidden);
      button.addEventListener("click", function () {
        decideAndRecord(person);
        searchShow();
        searchInput.focus();
      });
      line.append(who, button);
      return line;
    }));
  }

  searchInput.addEventListener("input", searchShow);
  searchForm.addEventListener("submit", function (submitted) {
    submitted.preventDefault();
    searchShow();
  });

  var walkIn = root.querySelector("[data-door-walk-in]");
  walkIn.addEventListener("submit", function (submitted) {
    submitted.preventDefault();
    var fields = walkIn.elements;
    var problems = [];
    function check(input, message) {
      fieldError(input, message);
      if (message) {
        problems.push(input);
      }
    }
    check(fields.first_name, fields.first_name.value.trim() ? "" : strings.required);
    check(fields.last_name, fields.last_name.value.trim() ? "" : strings.required);
    var email = fields.email.value.trim();
    var phone = fields.phone.value.trim();
    check(fields.email, !email && !phone
      ? strings.contactNeeded
      : (fields.email.validity.valid ? "" : strings.emailInvalid));
    fieldError(fields.phone, "");
    check(fields.consent, fields.consent.checked ? "" : strings.required);
    if (problems.length) {
      problems[0].focus();
      return;
    }
    var person = {
      first_name: fields.first_name.value.trim(),
      last_name: fields.last_name.value.trim(),
      email: email,
      phone: phone,
      language: fields.language.value,
      german_level: fields.german_level.value,
      consent: true
    };
    var label = person.first_name + " " + person.last_name;
    var item = itemAdd({kind: "walk_in", person: person, label: label});
    show("note", text("walkInNoted", {name: label}));
    walkIn.reset();
    status();
    stores(["queue"], "readwrite", function (items) {
      items.put(item);
    }).then(function () {
      sync();
    });
  });

  root.querySelector("[data-door-sync]").addEventListener("click", function () {
    sync(true);
  });

  function listRemove() {
    kept = null;
    removed = true;
    found.replaceChildren();
    return stores(["lists"], "readwrite", function (lists) {
      lists.delete(event);
    });
  }

  root.querySelector("[data-door-remove]").addEventListener("click", function () {
    listRemove().then(function () {
      status();
      show("note", strings.removed);
    });
  });

  /* Signing out leaves nothing of this app on the device. What was recorded
     here is sent first, so that no check-in is lost; without network the
     list goes at once, the queue waits to be sent and the sign-out follows
     as soon as the network works (back online, every 30 s, on opening). */
  var signOut = root.querySelector("[data-door-sign-out]");
  var SIGN_OUT = "door-sign-out";

  function deviceClear() {
    kept = null;
    queue = [];
    removed = true;
    found.replaceChildren();
    return stores(["lists", "queue"], "readwrite", function (lists, items) {
      lists.clear();
      items.clear();
    }).then(function () {
      return window.caches ? caches.delete("door-pages") : null;
    });
  }

  function signOutLater() {
    localStorage.setItem(SIGN_OUT, "1");
    kept = null;
    removed = true;
    found.replaceChildren();
    return stores(["lists"], "readwrite", function (lists) {
      lists.clear();
    }).then(function () {
      online = false;
      status();
      show("note", strings.signOutOffline);
    });
  }

  /* Signed out on the server (or refused by it: then the session is over
     already): nothing stays, and the sign-in page leads back to the app. */
  function signedOutHere() {
    return deviceClear().then(function () {
      localStorage.removeItem(SIGN_OUT);
      location.assign(signIn.href);
    });
  }

  /* By fetch, not by sending the form: a network that fails (a Wi-Fi
     without internet, where the browser says it is online) leaves the page
     here, and the sign-out waits for the network. */
  function signOutNow() {
    return send().then(function () {
      return fetch(signOut.action, {
        method: "POST",
        credentials: "same-origin",
        body: new URLSearchParams({csrfmiddlewaretoken: csrfToken()})
      });
    }).then(signedOutHere, function (error) {
      return error.signedOut ? signedOutHere() : signOutLater();
    });
  }

  signOut.addEventListener("submit", function (submitted) {
    submitted.preventDefault();
    if (navigator.onLine) {
      signOutNow();
    } else {
      signOutLater();
    }
  });

  /* Sending and downloading, or the sign-out that waits for the network. */
  function networkUse() {
    return localStorage.getItem(SIGN_OUT) ? signOutNow() : sync();
  }

  window.addEventListener("online", networkUse);
  window.addEventListener("offline", function () {
    online = false;
    signedOut = false;
    status();
  });

  // --- The camera (as at the employers' tables: static/js/table-scanner.js) --

  var scanner = null;
  var start = root.querySelector("[data-scanner-start]");
  var stop = root.querySelector("[data-scanner-stop]");
  var video = root.querySelector("[data-scanner-video]");
  var scanStatus = root.querySelector("[data-scanner-status]");

  function camera(on) {
    start.hidden = on;
    stop.hidden = !on;
    video.hidden = !on;
  }

  /* One code per tap: the camera stops, the answer shows, "Scan QR code"
     takes the next one. */
  function codeFound(found) {
    scanner.stop();
    camera(false);
    scanStatus.textContent = "";
    scanned(found.data).then(function () {
      start.focus();
    });
  }

  start.addEventListener("click", function () {
    if (!window.QrScanner || !navigator.mediaDevices) {
      scanStatus.textContent = strings.noCamera;
      codeInput.focus();
      return;
    }
    scanner = scanner || new window.QrScanner(video, codeFound, {
      returnDetailedScanResult: true,
      preferredCamera: "environment",
      onDecodeError: function () {}
    });
    camera(true);
    scanStatus.textContent = strings.scanning;
    scanner.start().then(function () {
      stop.focus();
    }, function () {
      camera(false);
      scanStatus.textContent = strings.noCamera;
      codeInput.focus();
    });
  });

  stop.addEventListener("click", function () {
    if (scanner) {
      scanner.stop();
    }
    camera(false);
    scanStatus.textContent = "";
    start.focus();
  });

  window.addEventListener("pagehide", function () {
    if (scanner) {
      scanner.stop();
    }
  });

  // --- Starting --------------------------------------------------------------

  load().then(function () {
    status();
    if (localStorage.getItem(SIGN_OUT)) {
      return navigator.onLine ? signOutNow() : signOutLater();
    }
    return Promise.all([
      sync(),
      offline.pageKeep(root.dataset.workerUrl, "door-pages", online)
    ]);
  }).then(function () {
    root.dataset.ready = "true";
  });
  window.setInterval(networkUse, SYNC_EVERY_MS);
})();
