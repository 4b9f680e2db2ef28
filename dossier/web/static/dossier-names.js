/* Find an entity however its name is spelled (dossier/features/name_search.py).
   The query's spelling key (dossier-spelling.js) is looked up in the names
   index, whose files are by script and key length (_search/names-*.js, their
   table in the page's #dossier-names block). The entity whose key is the
   query's comes first; failing that, for keys of five letters or more, the one
   whose key is a single edit away:
   - two neighbouring letters swapped, or a vowel (a, i, u; h too, often left
     out or added in romanizations; ا و ی in Persian) wrong, missing or extra;
   - any other letter wrong, missing or extra only in keys of eight letters or
     more: in a short key one consonant makes another name (Rajabi is not
     Rajavi, Rajai is not Rajavi);
   - never a letter more or less at the end: suffixes make other names
     (Kashani is not Kashan, Vaezi is not Vaez, Khatam is not Khatami).
   If two names are equally close, neither is put first. When the entity's page
   is there only because of this match, the page says so.
   Loaded (deferred) after dossier-search.js and dossier-spelling.js. */
(function () {
  "use strict";
  // dossier-search.js has stopped with an error if Sphinx's search changed.
  if (!window.DossierSearch) return;
  if (typeof Search._performSearch !== "function") {
    throw new Error(
      "dossier-names.js: Sphinx's Search._performSearch changed " +
        "(fix: update dossier/web/static/dossier-names.js for this Sphinx, or pin Sphinx)",
    );
  }
  const spelling = window.DossierSpelling;
  const block = document.getElementById("dossier-names");
  const table = block ? JSON.parse(block.textContent) : { dir: "", shards: {} };
  const names = new Map();
  const SOFT = { l: new Set("aiuh"), f: new Set("اوی") };
  const FUZZY_FROM = 5; // letters of the key
  const ANY_EDIT_FROM = 8;

  window.DossierSearch.addNames = (shard, keys) => names.set(shard, keys);

  function shape(query) {
    const key = spelling.key(query);
    const script = spelling.isPersian(query) ? "f" : "l";
    const length = [...key].length;
    const lengths = length >= FUZZY_FROM ? [length - 1, length, length + 1] : [length];
    return { key, script, length, lengths };
  }

  const numbers = new Map(); // entity page -> its number in the index (sharded index)

  /* The names files the query's key needs, then the index's entries of the pages it names. */
  async function loadNames(query) {
    const { key, script, lengths } = shape(query);
    if (!key) return;
    const files = lengths.map((n) => table.shards[script + n]).filter(Boolean);
    await Promise.all(files.map(window.DossierSearch.load));
    const found = match(query);
    if (!found || !window.DossierSearch.sharded()) return;
    await Promise.all(
      found.pages.map(async (page) => {
        const docname = table.dir + page;
        numbers.set(docname, await window.DossierSearch.numberOf(docname));
      }),
    );
  }

  /* "swap", "soft", "hard" (the one edit between two keys), or null. */
  function edit(a, b, soft) {
    if (a.length === b.length) {
      const differ = [];
      for (let i = 0; i < a.length && differ.length < 3; i++) if (a[i] !== b[i]) differ.push(i);
      if (differ.length === 1) {
        const i = differ[0];
        return soft.has(a[i]) && soft.has(b[i]) ? "soft" : "hard";
      }
      const [i, j] = differ;
      if (differ.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i]) return "swap";
      return null;
    }
    const [long, short] = a.length > b.length ? [a, b] : [b, a];
    if (long.length !== short.length + 1) return null;
    let i = 0;
    while (i < short.length && long[i] === short[i]) i++;
    // A letter more or less at the end makes another word: Kashani is not Kashan.
    if (i === short.length) return null;
    for (let j = i; j < short.length; j++) if (short[j] !== long[j + 1]) return null;
    return soft.has(long[i]) ? "soft" : "hard";
  }

  /* The entity pages the query names, and whether only approximately. */
  function match(query) {
    const { key, script, length, lengths } = shape(query);
    if (!key) return null;
    const same = names.get(script + length);
    const exact = same && Object.hasOwn(same, key) ? same[key] : null;
    if (exact) return { pages: exact.split(" "), approximate: false };
    if (length < FUZZY_FROM) return null;
    const letters = [...key];
    const close = new Map(); // page list -> key
    for (const n of lengths) {
      for (const [other, pages] of Object.entries(names.get(script + n) || {})) {
        const kind = edit(letters, [...other], SOFT[script]);
        if (kind === "hard" && Math.max(length, n) < ANY_EDIT_FROM) continue;
        if (kind) close.set(pages, other);
      }
    }
    if (close.size !== 1) return null; // none, or two names equally close
    return { pages: [...close.keys()][0].split(" "), approximate: true };
  }

  /* Sphinx's result row for an entity's page, as its object search makes it. */
  function resultFor(docname, score) {
    const index = Search._index;
    const sharded = window.DossierSearch.sharded();
    const file = sharded ? (numbers.get(docname) ?? -1) : index.docnames.indexOf(docname);
    if (file < 0) return null;
    const defined = sharded
      ? window.DossierSearch.definedIn(file).map(([, row]) => row)
      : Object.values(index.objects).flat();
    let descr = null;
    for (const object of defined.filter((row) => row[0] === file)) {
      descr = `${index.objnames[object[1]][2]}, in ${index.titles[file]}`;
    }
    return [docname, index.titles[file], "", descr, score, index.filenames[file], "object"];
  }

  function say(query, rows) {
    let note = document.getElementById("dossier-spelling-note");
    if (!rows.length) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.id = "dossier-spelling-note";
      note.className = "dossier-spelling-note";
      Search.output.before(note);
    }
    note.replaceChildren("Showing ");
    rows.forEach((row, n) => {
      if (n) note.append(n === rows.length - 1 ? " and " : ", ");
      const link = document.createElement("a");
      const dirhtml = DOCUMENTATION_OPTIONS.BUILDER === "dirhtml";
      link.href = dirhtml ? `${row[0]}/` : row[0] + DOCUMENTATION_OPTIONS.LINK_SUFFIX;
      link.textContent = row[1];
      note.append(link);
    });
    note.append(` for ‘${(typed.get(query) ?? query).trim()}’`);
  }

  /* Sphinx's results with the named entities first (its list is shown from the end). */
  const perform = Search._performSearch;
  Search._performSearch = (query, ...rest) => {
    const results = perform(query, ...rest);
    const found = match(query);
    if (!found) {
      if (Search.output) say(query, []);
      return results;
    }
    const pages = found.pages.map((page) => table.dir + page);
    const top = results.reduce((most, row) => Math.max(most, row[4]), 0) + 1;
    const rows = pages.map((page, n) => resultFor(page, top + pages.length - n)).filter(Boolean);
    // Said on the page: the entities Sphinx's own search did not find.
    if (Search.output) say(query, rows.filter((row) => !results.some((r) => r[0] === row[0])));
    const kept = results.filter((row) => !pages.includes(row[0]));
    return [...kept, ...rows.reverse()];
  };

  /* A Persian query read as the index files its words (خامنه‌ای as one
     word), from the shards it loads to its results; the note quotes it as typed. */
  let typed = new Map();
  const query = Search.query;
  Search.query = (text) => {
    const read = spelling.searchable(text);
    typed = new Map([[read, text]]);
    return query(read);
  };
  const parse = Search._parseQuery;
  Search._parseQuery = (text) => parse(spelling.searchable(text));

  const loadFor = window.DossierSearch.loadFor;
  window.DossierSearch.loadFor = (query) => Promise.all([loadFor(query), loadNames(query)]);
  window.DossierSearch.match = match;
})();
