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

// "map a name": the registry's closest names as the analyst types (GET /actors?q=); without this
// script the list holds the names closest to the draft's own
(function () {
  var input = document.getElementById("map-actor");
  var list = document.getElementById("registry-names");
  if (!input || !list) { return; }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!input.value.trim()) { return; }
      fetch("/actors?q=" + encodeURIComponent(input.value), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (names) {
          list.textContent = "";
          names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          });
          list.dataset.query = input.value;
        });
    }, 120);
  });
}());
