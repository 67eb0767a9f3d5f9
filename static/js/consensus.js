// Consensus page. Beside the recommendation, the scale's words for the next score up
// from the chosen one, as a hint: the reviewers write the recommendation themselves and
// nothing is put into the field. A row whose score and recommendation are there is
// saved when a field of it changes, as ratings are; "Save consensus" does the same.
(function () {
  "use strict";

  function showHint(form, radio) {
    var hint = form.querySelector(".next-anchor");
    if (!hint) return;
    var text = radio.dataset.hint || "";
    hint.querySelector(".next-anchor-text").textContent = text;
    hint.hidden = text === "";
  }

  function complete(form) {
    var checked = form.querySelector('input[name="score"]:checked');
    var text = form.querySelector('textarea[name="recommendation"]');
    return checked && (checked.value === "5" || (text && text.value.trim() !== ""));
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest(".consensus-form");
    if (!form) return;
    if (event.target.name === "score") showHint(form, event.target);
    if (complete(form)) form.requestSubmit();
  });
})();
