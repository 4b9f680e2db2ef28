/* Search without reading the whole index first. searchindex.js holds the
   titles, objects, index entries and title words; the word → pages map comes
   in shards (_search/terms-*.js, a word's shard being a hash of the word).
   Before Sphinx's own query runs, this loads the shards of the query's words;
   a word that is not itself indexed is looked up in the list of all words
   (_search/words-*.js), because Sphinx also finds it inside longer words.
   Files come as script elements, so search works from file:// too.
   Loaded deferred, so it runs after searchtools.js and before Search.init. */
(function () {
  "use strict";
  const loading = new Map();
  const encoder = new TextEncoder();
  let allWords = null;

  window.DossierSearch = {
    addTerms(terms) {
      Object.assign(Search._index.terms, terms);
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
    return Promise.all(words.map((word) => load(shards[shardOf(word, shards.length)])));
  }

  async function loadTermsFor(words) {
    await loadShards(words);
    const terms = Search._index.terms;
    const partial = words.filter((word) => word.length > 2 && !Object.hasOwn(terms, word));
    if (!partial.length) return;
    await load(Search._index.termwords);
    await loadShards(allWords.filter((term) => partial.some((word) => term.includes(word))));
  }

  function wordsOf(text) {
    const [, searchTerms, excludedTerms] = Search._parseQuery(text);
    return [...searchTerms, ...excludedTerms];
  }

  const sharded = () => Search._index !== null && "termshards" in Search._index;
  const query = Search.query;
  Search.query = (text) => {
    if (!sharded()) return query(text);
    const done = () => query(text);
    loadTermsFor(wordsOf(text)).then(done, done);
  };

  /* The page's own query: start loading now rather than when the page is ready. */
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked && sharded()) loadTermsFor(wordsOf(asked)).catch(() => {});
})();
