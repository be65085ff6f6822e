// The review page's script: a file, not inline, so the Content-Security-Policy can forbid inline scripts.
// "evidence": mark the spans behind a field (no framework, no build step)
document.querySelectorAll("button.evidence").forEach(function (button) {
  button.addEventListener("click", function () {
    var kind = button.dataset.show;
    document.querySelectorAll(".focus").forEach(function (m) { m.classList.remove("focus"); });
    // the title: the sentence its who-did-what was read from, else the source whose headline it is
    var selector = kind === "title" ? (document.querySelector("mark.title") ? "mark.title" : ".source-title") : "mark." + kind;
    var marks = Array.prototype.filter.call(document.querySelectorAll(selector), function (m) {
      return !m.classList.contains("source-title") || m.dataset.title === document.getElementById("title").value;
    });
    marks.forEach(function (m) { m.classList.add("focus"); });
    if (marks.length) { marks[0].scrollIntoView({block: "center"}); }
  });
});
