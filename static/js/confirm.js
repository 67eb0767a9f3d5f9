// A final step (submit my ratings, consensus complete) asks for a ticked box.
// Without it the button does nothing but say so, next to the box, and put the
// focus there: the page is not sent and reloaded at its top.
(function () {
  "use strict";
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
