r"""Text processing shared by both backends: normalisation, n-gram tokens, query parsing,
segmentation and highlighting. Pure functions, no database.

Matching semantics (what a search promises, and what the tests check against a substring scan):

* Text and query are normalised the same way: NFKC (full-width Latin and digits become
  half-width, ① becomes 1) and lower case, character by character.
* A "word character" is a letter or a digit (Unicode L* and N*: Python's `[^\W_]`, and
  classes SQLite's unicode61 tokenizer keeps whole). Every other character (spaces,
  punctuation, brackets such as 〔〕 in a 文号) is a separator.
* Whitespace in a query separates terms; every term must match (AND). Within a term, a run of
  separators stands for "one or more separators", whatever their kind, so 示政发[2025]3号 finds
  示政发〔2025〕3号. A term without separators (the usual case: 税, 预算, 最低生活保障, 2025)
  matches exactly where a substring search of the normalised field would.
* A term matches inside one field (title, 文号, body, attachments); different terms may match in
  different fields.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Longer queries are cut, not refused: a pasted paragraph still searches (for its beginning).
MAX_QUERY_CHARS = 100
MAX_TERMS = 8
SNIPPET_CHARS = 120
# Separates fields in the stored search text; never occurs inside a field after normalisation
# (runs of separators inside a field become one space).
FIELD_SEPARATOR = "\n"
# Bump when `search_field`, `gram_tokens` or `gram_set` change meaning: stored rows must then be
# rebuilt (`gongkai rebuild_search_index`). The dictionary's fingerprint is part of the stored
# version too (see tokens_version()).
TOKENS_VERSION = 1


_WORD_RUN = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """NFKC + lower case."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).lower()


def runs(normalised: str) -> list[str]:
    """The maximal runs of word characters."""
    return _WORD_RUN.findall(normalised)


def search_field(text: str) -> str:
    """A field as stored for matching: normalised, separator runs collapsed to one space."""
    return " ".join(runs(normalise(text)))


def gram_tokens(field: str) -> list[str]:
    """Index tokens of a stored search field: for each run, the bigram starting at every
    character and the run's last character alone.

    With these tokens at consecutive positions, a term of n ≥ 2 word characters is the phrase of
    its n-1 bigrams, and a single character c is the prefix query c* (every occurrence of c
    starts a bigram or ends its run), so both are exact."""
    tokens: list[str] = []
    for run in field.split(" "):
        if run:
            tokens.extend(map(str.__add__, run, run[1:]))
            tokens.append(run[-1])
    return tokens


# Runs of ASCII letters and digits (years, phone codes, amounts, Latin words) get longer grams
# too: their bigrams (20, 02, 25) are in nearly every document, so a phrase of them is slow and
# a set of them says little.
ASCII_NGRAM_MIN, ASCII_NGRAM_MAX = 4, 6
_ASCII_RUN = re.compile(r"[0-9a-z]{4,}")


def ascii_ngrams(field: str) -> set[str]:
    """The 4-, 5- and 6-grams of the ASCII letter-and-digit stretches of a stored field."""
    found: set[str] = set()
    for match in _ASCII_RUN.finditer(field):
        chunk = match.group()
        for n in range(ASCII_NGRAM_MIN, min(ASCII_NGRAM_MAX, len(chunk)) + 1):
            found.update(chunk[i : i + n] for i in range(len(chunk) - n + 1))
    return found


def gram_set(field: str) -> set[str]:
    """Distinct 1-, 2- and 3-grams of the runs of a stored field (PostgreSQL's candidate index:
    a term of up to three characters is then one lexeme, exact without a recheck)."""
    grams = set(field)
    grams.discard(" ")
    for run in field.split(" "):
        if len(run) > 1:
            grams.update(map(str.__add__, run, run[1:]))
            grams.update(map("".join, zip(run, run[1:], run[2:], strict=False)))
    return grams


@dataclass(frozen=True)
class Term:
    """One whitespace-separated word of a query, normalised."""

    runs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The term as it appears in a stored search field."""
        return " ".join(self.runs)

    @property
    def length(self) -> int:
        return sum(len(r) for r in self.runs)

    def phrase(self) -> tuple[list[str], bool]:
        """Gram tokens of the term as a phrase, and whether the last one is a prefix.

        A run followed by another run (a separator follows it in a true match) ends where a run
        of the text ends, so its last character is a token of its own; the final run may go on
        in the text, so it contributes only its bigrams, or a prefix when it is one character."""
        tokens: list[str] = []
        prefix = False
        for index, run in enumerate(self.runs):
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            last = index == len(self.runs) - 1
            if not last or len(run) == 1:
                tokens.append(run[-1])
            if last and len(run) == 1:
                prefix = True
        return tokens, prefix

    def candidate_grams(self) -> list[str]:
        """Grams every matching document contains (PostgreSQL's index lookup): 1- to 3-grams,
        and ASCII 4- to 6-grams (ascii_ngrams). Exact by themselves when `exact_by_grams`."""
        grams: list[str] = []
        for run in self.runs:
            if len(run) <= 3 or (_ASCII_RUN.fullmatch(run) and len(run) <= ASCII_NGRAM_MAX):
                grams.append(run)
            elif _ASCII_RUN.fullmatch(run):
                n = ASCII_NGRAM_MAX
                grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
            else:
                grams.extend(run[i : i + 3] for i in range(len(run) - 2))
        return list(dict.fromkeys(grams))

    @property
    def exact_by_grams(self) -> bool:
        """Whether the presence of candidate_grams() alone proves a match: a single run of up to
        three characters, or of four to six ASCII letters and digits."""
        if len(self.runs) > 1:
            return False
        run = self.runs[0]
        return len(run) <= 3 or bool(_ASCII_RUN.fullmatch(run) and len(run) <= ASCII_NGRAM_MAX)

    @property
    def is_dictionary_term(self) -> bool:
        return len(self.runs) == 1 and self.runs[0] in long_terms()

    @property
    def ascii_ngram(self) -> str | None:
        """The term itself when it is an ASCII n-gram token (4 to 6 letters and digits)."""
        run = self.runs[0]
        if len(self.runs) == 1 and ASCII_NGRAM_MIN <= len(run) <= ASCII_NGRAM_MAX:
            return run if _ASCII_RUN.fullmatch(run) else None
        return None


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    text: str  # the normalised query, as logged

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> ParsedQuery:
    """Split a user's query into terms. Never raises: punctuation-only or empty input gives an
    empty query; over-long input is cut to MAX_QUERY_CHARS and MAX_TERMS."""
    normalised = normalise((text or "")[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    words: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for word in normalised.split():
        word_runs = tuple(runs(word))
        if word_runs and word_runs not in seen:
            seen.add(word_runs)
            terms.append(Term(word_runs))
            words.append(word)
        if len(terms) == MAX_TERMS:
            break
    return ParsedQuery(terms=tuple(terms), text=" ".join(words))


# --- segmentation (rjieba with the government terms dictionary) ------------------------------

DICTIONARY = Path(__file__).resolve().parent / "data" / "gov_terms.txt"


@functools.cache
def _segmenter() -> Any:
    import rjieba

    jieba = rjieba.Jieba()
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, *rest = line.split()
            # A generous frequency keeps a listed term whole against jieba's own dictionary.
            freq = int(rest[0]) if rest and rest[0].isdigit() else 200_000
            jieba.add_word(word, freq, None)
    return jieba


@functools.cache
def gov_terms() -> tuple[str, ...]:
    return tuple(
        line.split()[0]
        for line in DICTIONARY.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@functools.cache
def long_terms() -> frozenset[str]:
    """Dictionary terms of four or more word characters, as stored search text. PostgreSQL
    indexes each one found in a document as a lexeme of its own (an exact substring test, not
    segmentation), so a query for 最低生活保障 needs no verification against the text."""
    terms = set()
    for term in gov_terms():
        field = search_field(term)
        if " " not in field and len(field) >= 4:
            terms.add(field)
    return frozenset(terms)


WORD_LEXEME = "#"  # PostgreSQL: prefix of dictionary-term lexemes (grams are word characters)


@functools.cache
def _long_terms_by_first_char() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for term in sorted(long_terms()):
        groups.setdefault(term[0], []).append(term)
    return {char: tuple(terms) for char, terms in groups.items()}


def dictionary_terms(fields: tuple[str, ...] | list[str]) -> list[str]:
    """The dictionary terms (long_terms) that occur in a document's stored search fields: a
    substring test, so a term inside a longer word counts (unlike segmentation)."""
    # Fields never contain a newline, so no term is found across two of them.
    text = "\n".join(fields)
    # Only terms whose first character occurs are looked for: about half the scans of the text.
    groups = _long_terms_by_first_char()
    return sorted(
        term for char in groups.keys() & set(text) for term in groups[char] if term in text
    )


@functools.cache
def tokens_version() -> str:
    digest = hashlib.sha1(DICTIONARY.read_bytes(), usedforsecurity=False).hexdigest()
    return f"{TOKENS_VERSION}-{digest[:8]}"


def segment(text: str) -> list[str]:
    """Words of a text (normalised), separators dropped."""
    return [w for w in _segmenter().cut(normalise(text), False) if _WORD_RUN.search(w)]


def relaxed_query(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query with each long term split into its words (rjieba + government terms), or None
    when no term splits. Used only when the exact query found nothing: 城乡低保标准 then finds
    documents that mention 城乡, 低保 and 标准 apart."""
    terms: list[Term] = []
    changed = False
    for term in parsed.terms:
        words = segment(term.text) if term.length >= 4 else []
        if len(words) > 1:
            changed = True
            terms.extend(Term(tuple(runs(w))) for w in words)
        else:
            terms.append(term)
    if not changed:
        return None
    unique = tuple(dict.fromkeys(t for t in terms if t.runs))[:MAX_TERMS]
    return ParsedQuery(terms=unique, text=parsed.text)


# --- highlighting ----------------------------------------------------------------------------


def _fullwidth(char: str) -> str:
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@functools.lru_cache(maxsize=512)
def _term_pattern(term: Term) -> re.Pattern[str]:
    """A regex finding the term in original (not normalised) text: each character also matches
    its upper-case and full-width forms, and a separator in the term matches any run of
    non-word characters. Rarer compatibility forms (①, ligatures) are found by the search but
    not highlighted."""
    parts = []
    for run in term.runs:
        chars = []
        for char in run:
            variants = dict.fromkeys(
                (char, char.upper(), _fullwidth(char), _fullwidth(char.upper()))
            )
            variants_list = [v for v in variants if len(v) == 1]
            chars.append(
                re.escape(char)
                if len(variants_list) == 1
                else "[" + "".join(re.escape(v) for v in variants_list) + "]"
            )
        parts.append("".join(chars))
    return re.compile(r"[\W_]+".join(parts))


def match_spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of `text` where any term matches, in order."""
    if not text or not terms:
        return []
    spans = sorted(m.span() for term in terms for m in _term_pattern(term).finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped HTML of `text` with <mark> around each span."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(_escape(text[position:start]))
        parts.append(f"<mark>{_escape(text[start:end])}</mark>")
        position = end
    parts.append(_escape(text[position:]))
    return "".join(parts)


_WHITESPACE = re.compile(r"\s+")


def snippet(text: str, terms: tuple[Term, ...], length: int = SNIPPET_CHARS) -> str:
    """About `length` characters around the first match, highlighted; the beginning of the text
    when nothing matches in it (the match was in another field)."""
    text = _WHITESPACE.sub(" ", text).strip()
    if not text:
        return ""
    spans = match_spans(text, terms)
    if not spans:
        cut = text[:length]
        return _escape(cut) + ("…" if len(text) > length else "")
    first_start = spans[0][0]
    start = max(0, first_start - length // 4)
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    html = highlight(text[start:end], window)
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")
