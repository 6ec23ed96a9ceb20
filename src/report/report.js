// crisisdb report: clicking an event mark opens its card in a panel placed just under the
// drawing (or list) that holds the mark, so it never covers the marks it describes. Without
// script the same links jump to the card in the list. On a narrow screen the timeline opens
// on its dense stretch, the crisis, instead of on its first decades.
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var go = panel.querySelector(".panel-go");
  var close = document.getElementById("panel-close");
  var opener = null;

  // the timeline scroller: start at the dense stretch when it does not fit the screen
  var scroller = document.querySelector(".tl-scroll");
  function toFocus() {
    if (!scroller) return;
    var focus = parseFloat(scroller.getAttribute("data-focus") || "0");
    if (scroller.scrollWidth > scroller.clientWidth + 1 && focus > 0) {
      scroller.scrollLeft = Math.max(0, focus - 12);
    }
    scroller.setAttribute("data-scrolled", String(Math.round(scroller.scrollLeft)));
  }
  toFocus();

  function select(id) {
    var marks = document.querySelectorAll("a.mark");
    for (var i = 0; i < marks.length; i++) {
      var on = marks[i].getAttribute("data-event") === id;
      marks[i].classList.toggle("selected", on);
    }
  }

  // the block the panel goes under: the timeline's drawing or its key, a figure, or a list of
  // chips; never over the marks
  function place(from) {
    var host = from && from.closest ? from.closest(".tl-scroll, ol.key, figure, ul.chips") : null;
    if (!host) host = document.querySelector(".tl-scroll") || document.getElementById("timeline");
    if (host.nextSibling !== panel) host.parentNode.insertBefore(panel, host.nextSibling);
  }

  function show(id, from) {
    var card = document.getElementById(id);
    if (!card || card.tagName !== "ARTICLE" || !card.classList.contains("event")) return false;
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    var withIds = copy.querySelectorAll("[id]");
    for (var i = 0; i < withIds.length; i++) withIds[i].removeAttribute("id");
    var folded = copy.querySelectorAll("details");
    for (var j = 0; j < folded.length; j++) folded[j].open = true;
    body.replaceChildren(copy);
    go.setAttribute("href", "#" + id);
    place(from);
    panel.hidden = false;
    panel.scrollTop = 0;
    opener = from || null;
    select(id);
    if (from) {
      close.focus({ preventScroll: true });
      // keep the mark in view above the panel where the screen is tall enough for both (or
      // for the mark and the panel's first lines), else show the panel
      var m = from.getBoundingClientRect();
      var p = panel.getBoundingClientRect();
      if (p.top - m.top < window.innerHeight - 160) {
        window.scrollBy(0, m.top - 8);
      } else {
        panel.scrollIntoView({ block: "nearest" });
      }
    }
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
  // for the browser tests: the script ran to its end
  document.documentElement.setAttribute("data-report", "ready");
})();
