/* The QR scanner of the employer's table: the camera starts only when the
   employer taps "Scan QR code", and a code found fills in the form for the
   typed code and sends it (offline, table-offline.js queues it instead).
   Without a camera (or without permission) the form works as it is.
   QrScanner (vendor/qr-scanner) uses the browser's BarcodeDetector where
   there is one, else its own decoder in a worker. */
(function () {
  "use strict";
  var root = document.getElementById("table-scanner");
  var form = document.getElementById("table-code-form");
  if (!root || !form || !window.QrScanner || !navigator.mediaDevices) {
    return;
  }
  var start = root.querySelector("[data-scanner-start]");
  var stop = root.querySelector("[data-scanner-stop]");
  var video = root.querySelector("[data-scanner-video]");
  var status = root.querySelector("[data-scanner-status]");
  var input = form.querySelector("input[name=code]");
  var scanner = null;
  var sent = false;

  function show(scanning) {
    start.hidden = scanning;
    stop.hidden = !scanning;
    video.hidden = !scanning;
  }

  function found(result) {
    if (sent) {
      return;
    }
    sent = true;
    scanner.stop();
    input.value = result.data;
    status.textContent = root.dataset.found;
    // Through the submit event: offline, table-offline.js queues the code.
    form.requestSubmit();
  }

  // The code was queued instead of sent (offline): ready for the next one.
  form.addEventListener("table:queued", function () {
    if (!sent) {
      return;
    }
    sent = false;
    show(false);
    status.textContent = "";
    start.focus();
  });

  start.addEventListener("click", function () {
    scanner = scanner || new window.QrScanner(video, found, {
      returnDetailedScanResult: true,
      preferredCamera: "environment",
      onDecodeError: function () {}
    });
    show(true);
    status.textContent = root.dataset.scanning;
    scanner.start().then(function () {
      stop.focus();
    }, function () {
      show(false);
      status.textContent = root.dataset.noCamera;
      input.focus();
    });
  });

  stop.addEventListener("click", function () {
    if (scanner) {
      scanner.stop();
    }
    show(false);
    status.textContent = "";
    start.focus();
  });

  // Leaving the page (or the tab going to the background) frees the camera.
  window.addEventListener("pagehide", function () {
    if (scanner) {
      scanner.stop();
    }
  });

  start.hidden = false;
})();
