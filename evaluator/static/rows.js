// Repeatable rows (partners, contacts) in the nomination form. Without JavaScript the form
// still works: "Add" buttons ask the server for an empty row, and emptied rows are dropped.
(function () {
  "use strict";
  function rows(fieldset) { return fieldset.querySelectorAll(".repeatable-row"); }
  function renumber(fieldset) {
    rows(fieldset).forEach(function (row, index) {
      row.querySelectorAll("input, label, div[id]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(/-(\d+)-/, "-" + index + "-")); }
        });
      });
    });
  }
  function updateRemoveButtons(fieldset) {
    var all = rows(fieldset);
    all.forEach(function (row) {
      var button = row.querySelector(".js-remove-row");
      if (button) { button.hidden = all.length < 2; }
    });
  }
  document.querySelectorAll(".js-add-row").forEach(function (button) {
    var fieldset = document.getElementById(button.dataset.target);
    updateRemoveButtons(fieldset);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var all = rows(fieldset);
      var copy = all[all.length - 1].cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) {
        input.value = ""; input.classList.remove("is-invalid"); input.removeAttribute("aria-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
      all[all.length - 1].after(copy);
      renumber(fieldset);
      updateRemoveButtons(fieldset);
      copy.querySelector("input").focus();
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-remove-row");
    if (!button) { return; }
    var fieldset = button.closest("fieldset");
    button.closest(".repeatable-row").remove();
    renumber(fieldset);
    updateRemoveButtons(fieldset);
    var first = rows(fieldset)[0];
    if (first) { first.querySelector("input").focus(); }
  });
})();
