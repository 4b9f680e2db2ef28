/* Spelling keys, the same as dossier/sources/spelling.py: two spellings of
   one name (Mosaddegh, Mossadegh, Mosaddeq; علي خامنه اي, علی خامنه‌ای) give
   one key. tests/data/spelling.json runs one table of cases through both.
   Pure functions, no page needed: window.DossierSpelling. */
(function (root) {
  "use strict";
  const APOSTROPHES = /['’‘ʼʻʿʾ`´′]/g;
  const GAP = "[ \\t\\n\\u00a0\\u2010\\u2011-]+"; // spaces and hyphens between words
  const EZAFE = new RegExp(`(?<=[a-z])${GAP}(?:e|i|ye|yi)(?=${GAP}[a-z])`, "g");
  const LATIN_PAIRS = [
    ["dj", "j"],
    ["gh", "q"],
    ["ow", "u"],
    ["w", "v"],
    ["ou", "u"],
    ["oo", "u"],
    ["o", "u"],
    ["ee", "i"],
    ["e", "i"],
    ["y", "i"],
  ];
  const NOT_LATIN_KEY = /[^a-z0-9]/g;
  const DOUBLED = /(.)\1+/g;

  const PERSIAN_LETTERS = new Map([
    ["ي", "ی"],
    ["ى", "ی"],
    ["ئ", "ی"],
    ["ك", "ک"],
    ["ة", "ه"],
    ["ۀ", "ه"],
    ["ۂ", "ه"],
    ["ؤ", "و"],
    ["أ", "ا"],
    ["إ", "ا"],
    ["ٱ", "ا"],
    ["آ", "ا"],
  ]);
  for (let d = 0; d < 10; d++) {
    PERSIAN_LETTERS.set(String.fromCharCode(0x06f0 + d), String(d));
    PERSIAN_LETTERS.set(String.fromCharCode(0x0660 + d), String(d));
  }
  const PERSIAN_MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0621]/g;
  const NOT_PERSIAN_KEY = /[^\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff0-9]/g;
  const ARABIC_SCRIPT = /[\u0600-\u06ff]/;
  const COMBINING = /\p{M}/gu;

  function latinKey(text) {
    let out = text.toLowerCase().normalize("NFKD").replace(COMBINING, "");
    out = out.replace(APOSTROPHES, "").replace(EZAFE, " ").replace(NOT_LATIN_KEY, "");
    for (const [written, folded] of LATIN_PAIRS) out = out.replaceAll(written, folded);
    return out.replace(DOUBLED, "$1");
  }

  function persianKey(text) {
    let out = "";
    for (const char of text.normalize("NFC")) out += PERSIAN_LETTERS.get(char) ?? char;
    return out.replace(PERSIAN_MARKS, "").replace(NOT_PERSIAN_KEY, "");
  }

  const JOINERS = /[\u200c\u200d]/g;
  const isPersian = (text) => ARABIC_SCRIPT.test(text);
  const key = (text) => (isPersian(text) ? persianKey(text) : latinKey(text));

  /* Text as the search index files its words (spelling.searchable). */
  function searchable(text) {
    if (!isPersian(text)) return text;
    let out = "";
    for (const char of text.normalize("NFC")) out += PERSIAN_LETTERS.get(char) ?? char;
    return out.replace(PERSIAN_MARKS, "").replace(JOINERS, "");
  }

  const api = { latinKey, persianKey, isPersian, key, searchable };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.DossierSpelling = api;
})(typeof window === "undefined" ? globalThis : window);
