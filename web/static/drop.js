// Drag and drop onto the page: a workbook goes to the workbook input, a
// .yaml file to the config input. The form works without this script.
(function () {
  "use strict";
  var form = document.getElementById("form");
  var drop = document.getElementById("drop");
  var workbook = document.getElementById("workbook");
  var config = document.getElementById("config");
  var chosen = document.getElementById("workbook-chosen");
  if (!form || !drop || !workbook) return;

  function show() {
    var f = workbook.files && workbook.files[0];
    chosen.textContent = f ? chosen.dataset.label + " " + f.name : "";
  }

  function put(input, file) {
    if (!input || typeof DataTransfer === "undefined") return;
    var dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
  }

  // A file dropped anywhere on the page is taken, not opened by the browser.
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      e.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "dragend"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (e.target === document.documentElement || e.target === drop) drop.classList.remove("over");
    });
  });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    var files = e.dataTransfer && e.dataTransfer.files;
    if (!files) return;
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      if (/\.ya?ml$/i.test(f.name)) put(config, f);
      else put(workbook, f);
    }
    show();
  });
  // Back from the PDF, the page may come from the browser's cache with
  // its button still waiting.
  window.addEventListener("pageshow", function () {
    var b = document.getElementById("submit");
    if (b && b.disabled) {
      b.disabled = false;
      b.textContent = b.dataset.label;
    }
  });
  workbook.addEventListener("change", show);
  form.addEventListener("submit", function () {
    var b = document.getElementById("submit");
    if (b) {
      b.dataset.label = b.textContent;
      b.disabled = true;
      b.textContent = form.dataset.working;
    }
  });
  show();
})();
