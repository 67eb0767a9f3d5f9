// Autosave for the rating workspace (htmx does the saving; this file only
// tells the reviewer what is not saved yet and sends it again).
//
// A form whose save failed for want of a connection (or a server error) is
// marked unsaved and re-sent with growing pauses, and at once when the
// browser is back online. A refused save (4xx) is shown as the server
// explains it and is not retried: sending it again would not help.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var container = document.getElementById("rating-items");
  if (!container) return;
  var texts = {
    saving: container.dataset.textSaving,
    unsaved: container.dataset.textUnsaved,
  };
  var warning = document.getElementById("unsaved-warning");
  var pending = new Map(); // form -> retry timer

  function statusOf(form) {
    return form.querySelector(".save-status");
  }

  function refreshWarning() {
    if (warning) warning.classList.toggle("d-none", pending.size === 0);
  }

  function markUnsaved(form) {
    var attempt = Number(form.dataset.attempt || 0) + 1;
    form.dataset.attempt = String(attempt);
    form.classList.add("unsaved");
    statusOf(form).textContent = texts.unsaved;
    clearTimeout(pending.get(form));
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
    pending.set(form, setTimeout(function () { htmx.trigger(form, "retry"); }, delay));
    refreshWarning();
  }

  function markSaved(form) {
    clearTimeout(pending.get(form));
    pending.delete(form);
    form.dataset.attempt = "0";
    form.classList.remove("unsaved");
    refreshWarning();
  }

  function ratingForm(event) {
    var form = event.detail && event.detail.elt;
    return form && form.classList && form.classList.contains("rating-form") ? form : null;
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = ratingForm(event);
    if (form && !form.classList.contains("unsaved")) statusOf(form).textContent = texts.saving;
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var form = ratingForm(event);
    if (form) markUnsaved(form);
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = ratingForm(event);
    if (!form || !event.detail.xhr) return;
    var status = event.detail.xhr.status;
    if (status === 0) return; // no answer at all: htmx:sendError handles it
    if (status >= 500) markUnsaved(form);
    else markSaved(form);
  });
  window.addEventListener("online", function () {
    pending.forEach(function (timer, form) {
      clearTimeout(timer);
      htmx.trigger(form, "retry");
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
