// Small helps for every form.
(function () {
  "use strict";

  // Control characters pasted from a word processor are invisible, and the
  // server refuses a form that holds them: they are taken out as they come in.
  var CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
  document.addEventListener("input", function (event) {
    var field = event.target;
    if ((field.tagName === "TEXTAREA" || field.type === "text") && CONTROL.test(field.value)) {
      field.value = field.value.replace(new RegExp(CONTROL.source, "g"), "");
    }
  });

  // A final step (submit my ratings, consensus complete) asks for a ticked box.
  // Without it the button does nothing but say so, next to the box, and puts the
  // focus there: the page is not sent and reloaded at its top.
  document.querySelectorAll("form[data-confirm-box]").forEach(function (form) {
    var box = form.querySelector("#" + form.dataset.confirmBox);
    var error = form.querySelector("#" + form.dataset.confirmBox + "-error");
    if (!box || !error) return;
    form.addEventListener("submit", function (event) {
      if (box.checked) return;
      event.preventDefault();
      error.textContent = form.dataset.confirmMissing;
      error.classList.remove("d-none");
      box.classList.add("is-invalid");
      box.setAttribute("aria-invalid", "true");
      box.scrollIntoView({ block: "center" });
      box.focus();
    });
    box.addEventListener("change", function () {
      if (!box.checked) return;
      error.classList.add("d-none");
      box.classList.remove("is-invalid");
      box.removeAttribute("aria-invalid");
    });
  });
})();
