// On a phone the main menu folds behind a "Menu" button. Without JavaScript the menu simply stays open.
(function () {
  var nav = document.querySelector("[data-collapsible-menu]");
  if (!nav) return;
  var button = nav.querySelector(".pw-menu-toggle");
  nav.classList.add("pw-menu--collapsible");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("pw-menu--open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      nav.classList.remove("pw-menu--open");
      button.focus();
    }
  });
})();
