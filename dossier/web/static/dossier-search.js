/* Search without reading the whole index first (dossier/web/search_shards.py).
   searchindex.js holds Sphinx's tables, empty, and the names of the files
   that fill them. Before Sphinx's own query runs, this loads every file that
   query can need, so the results are the ones the whole index gives:
   - the word shards (_search/shard-*.js, a word's shard being a hash of the
     word; a section title is in the shard of every word it holds) of the
     query's words;
   - the shards of the section titles that hold the whole query, since
     Sphinx lists those (found in the "titles" buckets; a query shorter than
     a trigram looks through the title words that hold it);
   - for a query word that is not itself indexed (in the text, or in
     titles), the shards of every word (or title word) that holds it, since
     Sphinx then matches inside longer words;
   - the objects whose names hold a query word and the index entries that
     hold the query.
   Words, title words, objects and index entries are found in buckets by
   trigram: an item is in the bucket of each of its three-letter runs, so a
   query word of three letters or more needs the bucket of its first one;
   shorter ones need the whole list (_search/*all-*.js).
   Then Sphinx's search is asked which pages it would list, and their names
   and titles are loaded (_search/docs-*.js, by page number) before it runs
   (the objects each page defines, _search/defs-*.js, only for the names index).
   Files come as script elements, so search works from file:// too.
   Loaded (deferred) after searchtools.js and before searchindex.js. */
(function () {
  "use strict";
  // Sphinx's private search API this relies on (searchtools.js of Sphinx 9.0).
  // A release that renames or drops one must fail loudly, not search half the index.
  const missing = ["_parseQuery", "_performSearch", "query", "setIndex"].filter(
    (name) => typeof Search[name] !== "function",
  );
  if (!("_index" in Search)) missing.push("_index");
  if (missing.length) {
    throw new Error(
      `dossier-search.js: Sphinx's Search.${missing.join(", Search.")} changed ` +
        "(fix: update dossier/web/static/dossier-search.js for this Sphinx, or pin Sphinx)",
    );
  }
  const GRAM = 3; // dossier/web/search_shards.py GRAM
  const DOC_TABLES = ["docnames", "titles", "filenames"];
  const loading = new Map();
  const encoder = new TextEncoder();
  const words = new Set(); // every word loaded from the "words" buckets
  const titleWords = new Set();
  const titleHomes = new Map(); // section title -> a word whose shard holds it
  const objects = new Map(); // number -> [prefix, row]
  const defined = new Map(); // page number -> its objects, from the docs files
  const performSearch = Search._performSearch; // Sphinx's own, before anyone wraps it

  window.DossierSearch = {
    addShard(shard) {
      for (const part of ["terms", "titleterms", "alltitles"]) {
        Object.assign(Search._index[part], shard[part]);
      }
    },
    addGrams(kind, found) {
      const index = Search._index;
      if (kind === "words" || kind === "titlewords") {
        const into = kind === "words" ? words : titleWords;
        for (const word of found.split(" ")) if (word) into.add(word);
      } else if (kind === "entries") {
        Object.assign(index.indexentries, found);
      } else if (kind === "titles") {
        for (const [title, word] of Object.entries(found)) titleHomes.set(title, word);
      } else if (kind === "objects") {
        for (const [number, prefix, row] of found) objects.set(number, [prefix, row]);
        // In Sphinx's order, each once, whichever buckets brought it.
        const table = {};
        for (const number of [...objects.keys()].sort((a, b) => a - b)) {
          const [prefix, row] = objects.get(number);
          (table[prefix] ??= []).push(row);
        }
        index.objects = table;
      }
    },
    addDocs(chunk) {
      const index = Search._index;
      chunk.docnames.forEach((name, n) => {
        const file = chunk.filenames[n];
        index.docnames[chunk.start + n] = name;
        index.titles[chunk.start + n] = chunk.titles[n];
        index.filenames[chunk.start + n] = file === 0 ? name + chunk.suffix : file;
      });
    },
    addDefs(objects) {
      for (const [prefix, row] of objects) {
        if (!defined.has(row[0])) defined.set(row[0], []);
        defined.get(row[0]).push([prefix, row]);
      }
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

  function loadShards(terms) {
    const shards = Search._index.termshards;
    const names = new Set(terms.map((word) => shards[shardOf(word, shards.length)]));
    return Promise.all([...names].map(load));
  }

  /* The buckets of ``kind`` that hold every item containing one of ``parts``
     (the whole list if one is shorter than a trigram). */
  function loadGrams(kind, parts) {
    const files = Search._index.grams[kind];
    if (!parts.length) return Promise.resolve();
    if (parts.some((part) => [...part].length < GRAM)) return load(files.all);
    const names = new Set(
      parts.map((part) => files.buckets[shardOf([...part].slice(0, GRAM).join(""), files.buckets.length)]),
    );
    return Promise.all([...names].map(load));
  }

  /* Words whose shards hold every section title that holds the whole query
     and is at most twice as long: the titles Sphinx lists. */
  async function titlesHolding(query) {
    const lower = query.toLowerCase().trim();
    if (!lower) return [];
    if ([...lower].length >= GRAM) {
      await loadGrams("titles", [lower]);
      return [...titleHomes]
        .filter(([title]) => title.toLowerCase().trim().includes(lower) && lower.length >= title.length / 2)
        .map(([, word]) => word);
    }
    // Too short for a trigram: through the title words that hold it (a
    // title's words are filed in lower case, and lower-casing can lengthen a
    // non-ASCII word, so those are not cut by length).
    const runs = lower.split(/[^\p{L}\p{N}]+/u).filter((run) => run);
    if (!runs.length) {
      await load(Search._index.grams.titlewords.all);
      return [...titleWords];
    }
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
    await loadGrams("titlewords", [longest]);
    return [...titleWords].filter(
      (title) => title.includes(longest) && (title.length <= 2 * lower.length || /[^\x00-\x7f]/.test(title)),
    );
  }

  /* The shards of the words of ``kind`` (text words or title words) that
     hold one of ``parts``: Sphinx matches inside longer words for a query
     word that is not itself a word of that kind. */
  async function loadHolding(kind, parts) {
    if (!parts.length) return;
    await loadGrams(kind, parts);
    const found = kind === "words" ? words : titleWords;
    await loadShards([...found].filter((term) => parts.some((word) => term.includes(word))));
  }

  /* Loads what Sphinx's search of ``query`` reads: the words, titles, objects
     and index entries it can match, then the pages it would list. */
  async function loadFor(query) {
    const [, searchTerms, excludedTerms, , objectTerms] = Search._parseQuery(query);
    const searched = [...searchTerms, ...excludedTerms];
    const lower = query.toLowerCase().trim();
    await Promise.all([
      loadShards(searched),
      titlesHolding(query).then(loadShards),
      loadGrams("objects", [...objectTerms]),
      lower ? loadGrams("entries", [lower]) : null,
    ]);
    // A query word's own shard is loaded now: is it a word of the text, of titles?
    const { terms, titleterms } = Search._index;
    const long = searched.filter((word) => word.length > 2);
    await Promise.all([
      loadHolding("words", long.filter((word) => !Object.hasOwn(terms, word))),
      loadHolding("titlewords", long.filter((word) => !Object.hasOwn(titleterms, word))),
    ]);
    await loadDocs(pagesRead(query));
  }

  /* The page numbers Sphinx's search of ``query`` looks up, found by running
     it with tables that note each number read. */
  function pagesRead(query) {
    const index = Search._index;
    const read = new Set();
    const kept = DOC_TABLES.map((table) => index[table]);
    const noting = (table) =>
      new Proxy(table, {
        get(target, key) {
          if (typeof key === "string" && /^\d+$/.test(key)) {
            read.add(Number(key));
            return target[key] ?? "";
          }
          return Reflect.get(target, key);
        },
      });
    DOC_TABLES.forEach((table, n) => (index[table] = noting(kept[n])));
    try {
      performSearch(...Search._parseQuery(query));
    } finally {
      DOC_TABLES.forEach((table, n) => (index[table] = kept[n]));
    }
    return read;
  }

  function loadDocs(numbers) {
    const index = Search._index;
    const chunks = new Set();
    for (const n of numbers) {
      if (index.docnames[n] === undefined) chunks.add(Math.floor(n / index.docchunk));
    }
    return Promise.all([...chunks].map((chunk) => load(index.docchunks[chunk])));
  }

  /* A page's number from its name (pages are numbered in the order of their
     names), once its docs file is loaded; -1 if there is no such page. */
  async function numberOf(docname) {
    const index = Search._index;
    const first = index.docfirst;
    let low = 0;
    let high = first.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (first[middle] <= docname) low = middle;
      else high = middle - 1;
    }
    if (!first.length || first[low] > docname) return -1;
    await Promise.all([load(index.docchunks[low]), load(index.defchunks[low])]);
    const start = low * index.docchunk;
    const end = Math.min(start + index.docchunk, index.docnames.length);
    for (let n = start; n < end; n++) if (index.docnames[n] === docname) return n;
    return -1;
  }

  const sharded = () => Search._index !== null && "docchunks" in Search._index;
  const query = Search.query;
  Search.query = (text) => {
    if (!sharded()) return query(text);
    const done = () => query(text);
    // Through DossierSearch: dossier-names.js adds the names index's files.
    window.DossierSearch.loadFor(text).then(done, done);
  };
  Object.assign(window.DossierSearch, {
    loadFor,
    load,
    sharded,
    numberOf,
    definedIn: (number) => defined.get(number) || [],
  });
})();
