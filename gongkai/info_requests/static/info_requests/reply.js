// Fills the legal basis with the chosen outcome's default (data-basis on each option) unless
// the drafter has written something else. The form works without this: an empty basis is
// replaced by the default when the reply is saved.
(function () {
  "use strict";
  function wire(select, textarea) {
    if (!select || !textarea) {
      return;
    }
    var lastDefault = "";
    var current = select.options[select.selectedIndex];
    if (current && current.dataset.basis !== undefined) {
      lastDefault = current.dataset.basis;
    }
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var basis = option && option.dataset.basis !== undefined ? option.dataset.basis : "";
      if (textarea.value.trim() === "" || textarea.value === lastDefault) {
        textarea.value = basis;
      }
      lastDefault = basis;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    wire(document.getElementById("id_outcome"), document.getElementById("id_legal_basis"));
    var parts = document.querySelectorAll("select[id$='-reason']");
    parts.forEach(function (select) {
      var basis = document.getElementById(select.id.replace(/-reason$/, "-legal_basis"));
      wire(select, basis);
    });
  });
})();
