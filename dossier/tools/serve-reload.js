/* dossier serve: reload the page once the site has been rebuilt. */
(function () {
  "use strict";
  let seen = null;
  async function check() {
    try {
      const response = await fetch("/__dossier/build", { cache: "no-store" });
      const build = await response.text();
      if (seen !== null && build !== seen) {
        window.location.reload();
        return;
      }
      seen = build;
    } catch (error) {
      /* the preview is restarting: ask again */
    }
    window.setTimeout(check, 1000);
  }
  check();
})();
