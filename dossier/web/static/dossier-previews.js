/* Previews of entity and glossary links: kind and description, on hover and
   on keyboard focus. The text comes from the link's own title attribute, so
   nothing is fetched; without JavaScript the browser shows the title itself.
   On a touch screen a tap simply follows the link. */
(function () {
  "use strict";
  let tip = null;
  let shown = null;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "dossier-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(link) {
    const text = link.dataset.preview;
    if (!text) return;
    const box = tooltip();
    const split = text.indexOf(": ");
    box.textContent = "";
    const kind = document.createElement("span");
    kind.className = "dossier-preview-kind";
    kind.textContent = split > 0 ? text.slice(0, split) : "";
    const description = document.createElement("span");
    description.className = "dossier-preview-text";
    description.textContent = split > 0 ? text.slice(split + 2) : text;
    box.append(kind, description);
    box.hidden = false;
    const rect = link.getBoundingClientRect();
    const width = Math.min(352, document.documentElement.clientWidth - 16);
    box.style.width = width + "px";
    const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", "dossier-preview");
    shown = link;
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (shown) shown.removeAttribute("aria-describedby");
    shown = null;
  }

  function init() {
    const links = document.querySelectorAll("a.dossier-link");
    for (const link of links) {
      if (!link.title) continue;
      link.dataset.preview = link.title;
      link.removeAttribute("title");
      link.addEventListener("mouseenter", () => show(link));
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", () => show(link));
      link.addEventListener("blur", hide);
    }
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
