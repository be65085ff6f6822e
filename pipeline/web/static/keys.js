// Keyboard keys of the review pages: j/k next and previous, a accept, r reject (to the reason), e edit
// the title, / search, ? the list of keys. Each key does what a link or a form of the page does, so the
// pages work the same without this script. A file, not inline: the Content-Security-Policy forbids those.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr a"));
  var current = -1;

  function typing(element) {
    return element && (element.tagName === "INPUT" || element.tagName === "TEXTAREA" ||
                       element.tagName === "SELECT" || element.isContentEditable);
  }
  function follow(rel) {
    var link = document.querySelector("a[rel~='" + rel + "']");
    if (link) { window.location.href = link.href; }
  }
  function select(i) {
    if (current >= 0) { rows[current].closest("tr").classList.remove("current"); }
    current = i;
    rows[current].closest("tr").classList.add("current");
    rows[current].focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(document.activeElement)) {
      if (event.key === "Escape") { document.activeElement.blur(); }
      return;
    }
    var target;
    switch (event.key) {
      case "j":
        if (rows.length) { select(Math.min(current + 1, rows.length - 1)); } else { follow("next"); }
        break;
      case "k":
        if (rows.length) { select(Math.max(current - 1, 0)); } else { follow("prev"); }
        break;
      case "a":
        target = document.getElementById("accept-button");
        if (target) { target.click(); }  // the form's own checks still hold (a strong match asks first)
        break;
      case "r":
        target = document.getElementById("reason");
        if (target) { target.focus(); }
        break;
      case "e":
        target = document.getElementById("title");
        if (target) { target.focus(); target.select(); }
        break;
      case "/":
        target = document.getElementById("q");
        if (target) { target.focus(); target.select(); } else { window.location.href = "/?focus=q"; }
        break;
      case "?":
        target = document.getElementById("keys-help");
        if (target) { target.hidden = !target.hidden; }
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  if (/[?&]focus=q\b/.test(window.location.search)) {
    var search = document.getElementById("q");
    if (search) { search.focus(); }
  }
}());
