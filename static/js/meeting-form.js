// The special-meeting fields show only while "Special meeting" is the kind chosen. Without
// JavaScript they all show, under a legend that says they are for special meetings only.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var special = document.querySelector("[data-shown-for-kind]");
  if (!kind || !special) {
    return;
  }
  function update() {
    special.hidden = kind.value !== special.getAttribute("data-shown-for-kind");
  }
  kind.addEventListener("change", update);
  update();
})();
