// Consensus page: choosing a score fills the recommendation with the draft for
// that score (what the next anchor up asks for), unless the reviewers have
// written their own text. Without JavaScript, the drafts still come with the
// agreed items and with "accept all agreed items".
(function () {
  "use strict";

  function draftOf(form) {
    var checked = form.querySelector('input[name="score"]:checked');
    return checked ? checked.dataset.draft || "" : "";
  }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.name !== "score" || !radio.closest(".consensus-form")) return;
    var form = radio.closest(".consensus-form");
    var text = form.querySelector('textarea[name="recommendation"]');
    if (!text) return;
    var previous = text.dataset.draft || "";
    // Only a text nobody has written over is replaced.
    if (text.value.trim() === "" || text.value === previous) {
      text.value = radio.dataset.draft || "";
      text.dataset.draft = text.value;
    }
  });

  // The text a row starts with counts as a draft if it is the checked score's.
  function markDrafts(root) {
    root.querySelectorAll(".consensus-form").forEach(function (form) {
      var text = form.querySelector('textarea[name="recommendation"]');
      if (text && text.value === draftOf(form)) text.dataset.draft = text.value;
    });
  }
  markDrafts(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    markDrafts(event.target.parentNode || document);
  });
})();
