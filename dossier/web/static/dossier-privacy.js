/* Privacy: Sphinx's search keeps the reader's query in localStorage (under
   "sphinx_highlight_terms") to highlight it on the next page, where it stays
   if no result is opened. The site stores nothing but the theme choice, so
   that key is never written. Loaded before Sphinx's own scripts. */
(function () {
  "use strict";
  const write = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key === "sphinx_highlight_terms") return;
    return write.call(this, key, value);
  };
  try {
    window.localStorage.removeItem("sphinx_highlight_terms");
  } catch (error) {
    /* storage may be unavailable (private mode, file://): nothing to remove */
  }
})();
