/* The timeline and the quotations were one page each before they were split
   by year. A link made to the single page (timeline.html#year-1981, or an
   event's anchor, which carries its year: #event-1981-…) is sent on to the
   year's page; a link to a speaker's quotations (quotations.html#speaker-id)
   to the speaker's page. The years and addresses are read from the page
   itself (#dossier-year-pages): nothing else is fetched. */
(function () {
  "use strict";
  function follow() {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    if (!hash || document.getElementById(hash)) return;
    const data = document.getElementById("dossier-year-pages");
    if (!data) return;
    const years = (data.dataset.years || "").split(" ");
    const dated = /^(?:year-(\d{4})|event-(\d{4})-.+)$/.exec(hash);
    if (dated) {
      const year = dated[1] || dated[2];
      if (years.indexOf(year) < 0) return;
      const page = data.dataset.yearPage.replace("__year__", year);
      window.location.replace(page + (dated[2] ? "#" + encodeURIComponent(hash) : ""));
      return;
    }
    const speaker = /^speaker-(.+)$/.exec(hash);
    if (speaker && data.dataset.entityPage) {
      const page = data.dataset.entityPage.replace("__id__", encodeURIComponent(speaker[1]));
      window.location.replace(page + "#quotations");
    }
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
