// entregent: polish only. Every page works without this file.
(function () {
  "use strict";

  function typingIn(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  // "/" jumps to the search box of the page, as in many web apps.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingIn(document.activeElement)) return;
    var search = document.querySelector("[data-testid='people-search']");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  });

  // After a person is picked, give the focus back to the picker's text input, so that the
  // next name can be typed straight away.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.id || !/-chosen$/.test(target.id)) return;
    var input = document.getElementById(target.id.replace(/-chosen$/, "-text"));
    if (input) input.focus();
  });

  // A read-only address to copy (the calendar feed): one click selects all of it.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.hasAttribute && target.hasAttribute("data-select-on-focus")) {
      target.select();
    }
  });

  // Imports: a form marked data-progress (the upload, the confirmation) is sent in the
  // background and the progress the server streams, one JSON object per line, fills the
  // box the attribute names: {"stage", "done", "total", "label"} while the import runs, then
  // {"url"} to go to, or {"errors"}. Without this script the form is a plain POST.
  var STREAM = "application/x-ndjson";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-progress")) return;
    var box = document.getElementById(form.getAttribute("data-progress"));
    if (!box || !window.XMLHttpRequest || !window.FormData) return;
    event.preventDefault();
    sendWithProgress(form, box);
  });

  function sendWithProgress(form, box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    var errors = box.querySelector("[data-progress-errors]");
    var body = new FormData(form);
    var locked = lockButtons();
    var request = new XMLHttpRequest();
    var read = 0;
    var over = false;

    // Leaving the page stops the import half-way, and then none of it lands: ask first.
    function stay(event) {
      event.preventDefault();
      event.returnValue = "";
    }
    window.addEventListener("beforeunload", stay);

    function end() {
      over = true;
      window.removeEventListener("beforeunload", stay);
    }

    function show(fraction, text) {
      box.hidden = false;
      if (fraction === null) bar.removeAttribute("value");
      else bar.value = Math.max(0, Math.min(1, fraction));
      if (text) label.textContent = text;
    }

    function fail(messages) {
      end();
      errors.textContent = "";
      messages.forEach(function (message) {
        var line = document.createElement("p");
        line.textContent = message;
        errors.appendChild(line);
      });
      errors.hidden = false;
      bar.hidden = true;
      label.textContent = "";
      locked.forEach(function (button) { button.disabled = false; });
    }

    function handle(event) {
      if (over) return;
      if (event.url) {
        end();
        show(1, null);
        window.location.assign(event.url);
      } else if (event.errors) {
        fail(event.errors);
      } else {
        show(event.total ? event.done / event.total : null, event.label);
      }
    }

    function streamed() {
      return (request.getResponseHeader("Content-Type") || "").indexOf(STREAM) === 0;
    }

    function readLines() {
      var text = request.responseText;
      var newline;
      while ((newline = text.indexOf("\n", read)) !== -1) {
        var line = text.slice(read, newline);
        read = newline + 1;
        if (!line) continue;
        try {
          handle(JSON.parse(line));
        } catch (error) {
          fail([box.getAttribute("data-label-failed")]);
        }
      }
    }

    errors.hidden = true;
    bar.hidden = false;
    show(null, box.getAttribute("data-label-start"));
    request.open("POST", form.action);
    request.setRequestHeader("Accept", STREAM);
    if (request.upload && form.enctype === "multipart/form-data") {
      request.upload.addEventListener("progress", function (event) {
        var fraction = event.lengthComputable && event.total ? event.loaded / event.total : null;
        show(fraction, box.getAttribute("data-label-upload"));
      });
    }
    request.addEventListener("progress", function () {
      if (streamed()) readLines();
    });
    request.addEventListener("load", function () {
      if (streamed()) {
        readLines();
        if (!over) fail([box.getAttribute("data-label-lost")]);
      } else if (request.responseURL && request.responseURL.indexOf(form.action) !== 0) {
        end();
        window.location.assign(request.responseURL); // signed out meanwhile: the login page
      } else {
        fail([box.getAttribute("data-label-failed")]);
      }
    });
    request.addEventListener("error", function () {
      if (!over) fail([box.getAttribute("data-label-lost")]);
    });
    request.send(body);
  }

  // While an import runs, its page's buttons wait (no second import, no cancel half-way).
  function lockButtons() {
    var locked = [];
    document.querySelectorAll("main button").forEach(function (button) {
      if (!button.disabled) {
        button.disabled = true;
        locked.push(button);
      }
    });
    return locked;
  }
})();
