// crisisdb report: clicking an event mark opens its card in a side panel, so the timeline
// stays in view. Without script the same links jump to the card in the list.
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var go = panel.querySelector(".panel-go");
  var close = document.getElementById("panel-close");
  var opener = null;

  function select(id) {
    var marks = document.querySelectorAll("a.mark");
    for (var i = 0; i < marks.length; i++) {
      var on = marks[i].getAttribute("data-event") === id;
      marks[i].classList.toggle("selected", on);
    }
  }

  function show(id, from) {
    var card = document.getElementById(id);
    if (!card || card.tagName !== "ARTICLE") return false;
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    var withIds = copy.querySelectorAll("[id]");
    for (var i = 0; i < withIds.length; i++) withIds[i].removeAttribute("id");
    body.replaceChildren(copy);
    go.setAttribute("href", "#" + id);
    panel.hidden = false;
    panel.scrollTop = 0;
    opener = from || null;
    select(id);
    close.focus();
    return true;
  }

  function hide() {
    panel.hidden = true;
    select(null);
    if (opener && opener.focus) opener.focus();
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.mark") : null;
    if (!a || panel.contains(a)) return;
    var href = a.getAttribute("href") || "";
    if (href.charAt(0) !== "#") return;
    if (show(href.slice(1), a)) {
      e.preventDefault();
      if (history.replaceState) history.replaceState(null, "", href);
    }
  });
  close.addEventListener("click", hide);
  go.addEventListener("click", function () { panel.hidden = true; select(null); });
  // links inside the panel (sources, disputes) leave the panel for the page
  body.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (a) panel.hidden = true;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !panel.hidden) hide();
  });
})();
