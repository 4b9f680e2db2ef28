"""Spelling keys: one string for every way a reader may write the same name.

Persian names have many Latin spellings (Mosaddegh, Mossadegh, Mosaddeq) and
several ways to type the same Persian letters (Arabic ي and ك, a space or
nothing for the zero-width non-joiner).  A *key* forgets those differences:
two spellings of one name give one key.  The search page computes the same
keys in ``dossier/web/static/dossier-spelling.js``; ``tests/data/spelling.json``
runs one table of cases through both.

The rules are a short hand-written table rather than a library: a phonetic
algorithm made for English (Soundex, Metaphone) folds consonants that tell
Persian names apart (Rajavi and Rajabi), and a Persian normalizer such as
hazm has no JavaScript twin, while the browser must give the same keys.
"""

from __future__ import annotations

import re
import unicodedata

# Latin: what romanizations of Persian vary in, folded to one spelling.
_APOSTROPHES = re.compile("['’‘ʼʻʿʾ`´′]")
# The ezafe written as a word of its own: Mujahedin-e Khalq, Nasim-ye Shomal.
_GAP = "[ \t\n\u00a0\u2010\u2011-]+"  # spaces and hyphens between words
_EZAFE = re.compile(f"(?<=[a-z]){_GAP}(?:e|i|ye|yi)(?={_GAP}[a-z])")
_LATIN_PAIRS = (
    ("dj", "j"),  # Radjavi (French) / Rajavi
    ("gh", "q"),  # Mosaddegh / Mosaddeq
    ("ow", "u"),  # Rowhani / Rouhani
    ("w", "v"),  # Pahlawi / Pahlavi
    ("ou", "u"),  # Massoud / Masud
    ("oo", "u"),  # Mahmood / Mahmud
    ("o", "u"),  # Mojahedin / Mujahedin
    ("ee", "i"),  # Mujahideen / Mujahidin
    ("e", "i"),  # Esfahan / Isfahan
    ("y", "i"),  # Rajavy / Rajavi, Meysam / Meisam
)
_NOT_LATIN_KEY = re.compile("[^a-z0-9]")
_DOUBLED = re.compile(r"(.)\1+")

# Persian: the letter forms one keyboard or another types for the same letter.
_PERSIAN_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # alef maksura
        "ئ": "ی",  # yeh with hamza
        "ك": "ک",  # Arabic kaf
        "ة": "ه",  # teh marbuta
        "ۀ": "ه",  # heh with yeh above
        "ۂ": "ه",  # heh goal with hamza
        "ؤ": "و",  # waw with hamza
        "أ": "ا",  # alef with hamza above
        "إ": "ا",  # alef with hamza below
        "ٱ": "ا",  # alef wasla
        "آ": "ا",  # alef with madda
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
# Harakat, superscript alef, Quranic marks, tatweel, the standalone hamza.
_PERSIAN_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0621]")
_NOT_PERSIAN_KEY = re.compile("[^\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff0-9]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_JOINERS = re.compile("[\u200c\u200d]")  # zero-width non-joiner and joiner


def latin_key(text: str) -> str:
    """The key of a Latin-script name: lower case, no accents, apostrophes,
    spaces or hyphens, the ezafe dropped, the letters romanizations vary in
    folded, doubled letters made single.  ``Mossadegh`` → ``musadiq``."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = _EZAFE.sub(" ", _APOSTROPHES.sub("", text))
    text = _NOT_LATIN_KEY.sub("", text)
    for written, folded in _LATIN_PAIRS:
        text = text.replace(written, folded)
    return _DOUBLED.sub(r"\1", text) if _DOUBLED.search(text) else text


def persian_key(text: str) -> str:
    """The key of a Persian-script name: one form of each letter, no
    diacritics, tatweel, spaces or zero-width non-joiners.  ``علي خامنه اي``
    and ``علی خامنه‌ای`` → ``علیخامنهای``."""
    text = _PERSIAN_MARKS.sub("", unicodedata.normalize("NFC", text).translate(_PERSIAN_LETTERS))
    return _NOT_PERSIAN_KEY.sub("", text)


def searchable(text: str) -> str:
    """Text as the search index files its words and the search page reads a
    query: Persian letters in one form, without diacritics or tatweel, and a
    word written with a zero-width non-joiner as one word (خامنه‌ای →
    خامنهای).  Text without Arabic script is returned as it is."""
    if not is_persian(text):
        return text
    text = unicodedata.normalize("NFC", text).translate(_PERSIAN_LETTERS)
    return _JOINERS.sub("", _PERSIAN_MARKS.sub("", text))


def is_persian(text: str) -> bool:
    """Written (at least partly) in Arabic script."""
    return bool(_ARABIC_SCRIPT.search(text))


def key(text: str) -> str:
    """The key a query or name is looked up by: Persian if it has Arabic script."""
    return persian_key(text) if is_persian(text) else latin_key(text)


def last_word(name: str) -> str | None:
    """A person's last name as written (the part after the last space or
    hyphen between words), or None for a one-word name."""
    words = [w for w in re.split(r"[\s]+", name.strip()) if w]
    return words[-1] if len(words) > 1 else None
