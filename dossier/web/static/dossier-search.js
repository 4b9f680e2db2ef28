/* Search without reading the whole index first. searchindex.js holds page
   names and titles, objects, index entries and the list of title words; the
   word → pages maps and the section titles come in shards (_search/shard-*.js,
   a word's shard being a hash of the word; a title is in the shard of every
   word it holds). Before Sphinx's own query runs, this loads every shard that
   query can need, so the results are the ones the whole index gives:
   - the shards of the query's words;
   - those of the title words that hold a query word, since Sphinx also
     matches words inside longer title words, and of the title words that
     hold the query's longest run of letters and digits, since Sphinx finds
     the section titles that hold the whole query;
   - for a query word that is not itself indexed, the shards of every word
     that holds it, found in the list of all words (_search/words-*.js).
   Files come as script elements, so search works from file:// too.
   Loaded (deferred) after searchtools.js and before searchindex.js. */
(function () {
  "use strict";
  // Sphinx's private search API this relies on (searchtools.js of Sphinx 9.0).
  // A release that renames or drops one must fail loudly, not search half the index.
  const missing = ["_parseQuery", "query", "setIndex"].filter(
    (name) => typeof Search[name] !== "function",
  );
  if (!("_index" in Search)) missing.push("_index");
  if (missing.length) {
    throw new Error(
      `dossier-search.js: Sphinx's Search.${missing.join(", Search.")} changed ` +
        "(fix: update dossier/web/static/dossier-search.js for this Sphinx, or pin Sphinx)",
    );
  }
  const loading = new Map();
  const encoder = new TextEncoder();
  let allWords = null;
  let titleWords = null;

  window.DossierSearch = {
    addShard(shard) {
      for (const part of ["terms", "titleterms", "alltitles"]) {
        Object.assign(Search._index[part], shard[part]);
      }
    },
    addWords(words) {
      allWords = words.split(" ");
    },
  };

  /* The same FNV-1a hash as dossier/search_shards.py (shard_of). */
  function shardOf(word, count) {
    let value = 0x811c9dc5;
    for (const byte of encoder.encode(word)) {
      value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    }
    return value % count;
  }

  function load(name) {
    if (!name) return Promise.resolve();
    if (!loading.has(name)) {
      loading.set(
        name,
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          const root = document.documentElement.dataset.content_root || "";
          script.src = `${root}_search/${name}`;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        }),
      );
    }
    return loading.get(name);
  }

  function loadShards(words) {
    const shards = Search._index.termshards;
    const names = new Set(words.map((word) => shards[shardOf(word, shards.length)]));
    return Promise.all([...names].map(load));
  }

  /* Title words that a title matching the whole query can hold: Sphinx wants
     the title at most twice as long as the query (lower-casing can lengthen
     a non-ASCII word, so those are not cut by length). */
  function titleWordsFor(query, words) {
    if (titleWords === null) titleWords = Search._index.titlewords.split(" ");
    const lower = query.toLowerCase().trim();
    if (!lower) return [];
    const runs = lower.split(/[^\p{L}\p{N}]+/u).filter((run) => run);
    if (!runs.length) return titleWords;
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
    const long = words.filter((word) => word.length > 2);
    return titleWords.filter(
      (title) =>
        (title.includes(longest) &&
          (title.length <= 2 * lower.length || /[^\x00-\x7f]/.test(title))) ||
        long.some((word) => title.includes(word)),
    );
  }

  async function loadFor(query) {
    const [, searchTerms, excludedTerms] = Search._parseQuery(query);
    const words = [...searchTerms, ...excludedTerms];
    await loadShards([...words, ...titleWordsFor(query, words)]);
    const terms = Search._index.terms;
    const partial = words.filter((word) => word.length > 2 && !Object.hasOwn(terms, word));
    if (!partial.length) return;
    await load(Search._index.termwords);
    await loadShards(allWords.filter((term) => partial.some((word) => term.includes(word))));
  }

  const sharded = () => Search._index !== null && "termshards" in Search._index;
  const query = Search.query;
  Search.query = (text) => {
    if (!sharded()) return query(text);
    const done = () => query(text);
    // Through DossierSearch: dossier-names.js adds the names index's files.
    window.DossierSearch.loadFor(text).then(done, done);
  };
  window.DossierSearch.loadFor = loadFor;
  window.DossierSearch.load = load;
})();
