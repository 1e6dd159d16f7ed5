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
})();
