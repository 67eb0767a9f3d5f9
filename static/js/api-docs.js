// The API documentation page (Swagger UI): what it leaves out for keyboard and screen
// reader users, added as its parts appear. Scrollable code can take the focus, so it
// can be scrolled without a mouse; a parameter's list is named after the parameter.
(function () {
  "use strict";

  function mend(root) {
    root.querySelectorAll("pre.microlight:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
    root.querySelectorAll(".parameters select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr[data-param-name]");
      if (row) select.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
  }

  new MutationObserver(function () {
    mend(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
