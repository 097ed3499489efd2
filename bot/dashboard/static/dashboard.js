// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Live preview of the campaign message: three personalised examples, segments, cost.
  var form = document.getElementById("message-form");
  if (form) {
    var box = form.querySelector("textarea"), timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { document.getElementById("preview").innerHTML = html; });
      }, 300);
    });
  }
  // Live progress while a campaign sends: poll the counts every second.
  var section = document.getElementById("progress");
  if (section) {
    var poll = function () {
      fetch(section.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          document.getElementById("state").textContent = p.state;
          document.getElementById("done").textContent = p.done;
          document.getElementById("total").textContent = p.total;
          var bar = document.getElementById("bar");
          bar.max = p.total || 1; bar.value = p.done;
          p.send.concat(p.replies).forEach(function (s) {
            var cell = section.querySelector('dd[data-key="' + s.key + '"]');
            if (cell) { cell.textContent = s.count; }
          });
          if (p.running) { setTimeout(poll, 1000); }
          else if (section.dataset.running === "yes") { window.location.reload(); }
        });
    };
    if (section.dataset.running === "yes") { setTimeout(poll, 500); }
  }
})();
