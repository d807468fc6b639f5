// "Print or save as PDF" buttons: the browser's own print dialog, which also saves a PDF.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
