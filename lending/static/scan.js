// Scanning with a phone's or tablet's camera. Every box a code is typed in carries
// data-scan-target; where a camera can be asked for, a "Scan" button is put beside it. The
// code read (QR, Code 128, Code 39 or DataMatrix) is typed into the box and its form sent,
// as a USB scanner does. The decoder (lending/static/vendor/zxing-wasm) is loaded on the
// first press, from this app only. Without a camera or this script, typing works as ever.
(function () {
  "use strict";
  var VENDOR = document.currentScript.src.replace(/scan\.js(\?.*)?$/, "vendor/zxing-wasm/");
  var FORMATS = ["QRCode", "Code128", "Code39", "DataMatrix"];
  var decoder = null;

  function loadDecoder() {
    if (decoder) {
      return decoder;
    }
    decoder = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = VENDOR + "zxing-reader.js";
      script.onload = function () {
        window.ZXingWASM.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) {
              return path.endsWith(".wasm") ? VENDOR + path : prefix + path;
            }
          },
          fireImmediately: true
        }).then(function () { resolve(window.ZXingWASM); }, reject);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    decoder.catch(function () { decoder = null; });
    return decoder;
  }

  // What the scanner says, in the page's language (base.html's #scan-words).
  function words() {
    return document.getElementById("scan-words").dataset;
  }

  function dialogFor(input) {
    var dialog = document.createElement("dialog");
    dialog.className = "scan-dialog";
    dialog.setAttribute("aria-labelledby", "scan-title");
    dialog.innerHTML = '<h2 class="h5" id="scan-title"></h2>' +
      '<video class="scan-video" muted playsinline></video>' +
      '<p class="scan-status small" role="status"></p>' +
      '<button type="button" class="btn btn-secondary"></button>';
    dialog.querySelector("h2").textContent = words().title;
    dialog.querySelector("p").textContent = words().starting;
    dialog.querySelector("button").textContent = words().cancel;
    document.body.appendChild(dialog);
    return dialog;
  }

  function scan(input) {
    var dialog = dialogFor(input);
    var video = dialog.querySelector("video");
    var status = dialog.querySelector(".scan-status");
    var canvas = document.createElement("canvas");
    var stream = null;
    var timer = null;
    var done = false;

    function stop() {
      done = true;
      clearTimeout(timer);
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
      }
      if (dialog.open) {
        dialog.close();
      }
      dialog.remove();
    }

    function fail(message) {
      stop();
      var note = document.createElement("div");
      note.className = "form-text text-danger scan-failed";
      note.setAttribute("role", "alert");
      note.textContent = message;
      var old = input.parentNode.parentNode.querySelector(".scan-failed");
      if (old) {
        old.remove();
      }
      input.closest(".input-group, form").insertAdjacentElement("afterend", note);
      input.focus();
    }

    function look(zxing) {
      if (done) {
        return;
      }
      if (video.readyState >= 2 && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        var context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
        zxing.readBarcodes(pixels, { formats: FORMATS, tryHarder: true, maxNumberOfSymbols: 1 })
          .then(function (found) {
            var code = found.find(function (result) { return result.isValid; });
            if (code) {
              stop();
              input.value = code.text;
              input.form.requestSubmit();
            } else {
              timer = setTimeout(function () { look(zxing); }, 200);
            }
          }, function () { fail(words().unread); });
      } else {
        timer = setTimeout(function () { look(zxing); }, 200);
      }
    }

    dialog.querySelector("button").addEventListener("click", function () {
      stop();
      input.focus();
    });
    dialog.addEventListener("cancel", function () { stop(); input.focus(); });
    dialog.showModal();
    Promise.all([
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
      loadDecoder()
    ]).then(function (ready) {
      stream = ready[0];
      if (done) {
        stop();
        return;
      }
      video.srcObject = stream;
      video.play();
      status.textContent = words().hold;
      look(ready[1]);
    }, function (error) {
      var refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
      fail(refused ? words().refused : words().noCamera);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
      return; // no camera API (or not over HTTPS): typing only
    }
    document.querySelectorAll("[data-scan-target]").forEach(function (input) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = input.closest(".navbar") ? "btn btn-outline-light btn-sm me-1 scan-button"
        : "btn btn-outline-secondary scan-button";
      button.textContent = words().scan;
      button.setAttribute("aria-label", words().label);
      button.addEventListener("click", function () { scan(input); });
      input.insertAdjacentElement("afterend", button);
    });
  });
}());
