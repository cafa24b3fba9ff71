// The vacancy editor: show only the explanation and the terms of the kind of opportunity that is chosen
// (elements with data-kinds="trial_placement work_experience …"). Hidden fields are disabled, so they are not
// sent. Without JavaScript everything is shown, and the server checks which terms go with which kind.
(function () {
  var radios = Array.prototype.slice.call(document.querySelectorAll("input[data-kind-choice]"));
  if (!radios.length) return;
  var parts = Array.prototype.slice.call(document.querySelectorAll("[data-kinds]"));

  function chosen() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return radios[i].value;
    }
    return "vacancy";
  }

  function update(onLoad) {
    var kind = chosen();
    parts.forEach(function (part) {
      var applies = part.getAttribute("data-kinds").split(" ").indexOf(kind) !== -1;
      // A field the server marked as wrong stays in sight until the employer chooses a kind again.
      if (onLoad && !applies && part.querySelector(".utrecht-form-field--invalid")) return;
      part.hidden = !applies;
      part.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !applies;
      });
    });
  }

  // The server's messages about the terms were about the kind chosen then; the server checks the new choice again.
  function forgetTermErrors() {
    document.querySelectorAll(".pw-kind-terms .utrecht-form-field__error-message").forEach(function (message) {
      message.remove();
    });
    document.querySelectorAll(".pw-kind-terms [class*='--invalid']").forEach(function (element) {
      element.className = element.className.replace(/\S+--invalid\b/g, "").trim();
      element.removeAttribute("aria-invalid");
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      forgetTermErrors();
      update(false);
    });
  });
  update(true);
})();
