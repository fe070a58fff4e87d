"""Finding and masking personal information before publication (敏感个人信息检测与脱敏).

Pure functions, no database: the publications guard runs `find_pii` over every text it is about to
publish and blocks publication until a reviewer masks or clears each hit (domain rules §9).

What is flagged
---------------
- ``id_number``: 18-digit resident ID numbers (GB 11643-1999) whose check character is right, and
  15-digit first-generation numbers (19YY birth year implied). Both must start with a province-level
  area code of GB/T 2260 (or 83, Taiwan residents' residence permits) or with 9 (the 2023
  foreigners' permanent residence ID card, same layout), and carry a real birth date between
  1900-01-01 and today. A lower-case ``x`` check character is accepted.
- ``mobile``: 11-digit mainland mobile numbers with a prefix MIIT has allocated (13x, 14[5-9],
  15[0-35-9], 16[2567], 17[0-8], 18x, 19[0-35-9]), optionally preceded by ``+86``/``86``, which is
  then part of the reported span.
- ``bank_card``: 16–19 digits passing the Luhn check that are not also a valid ID number. A random
  long number passes Luhn one time in ten, and county publications are full of long numbers
  (order, invoice, case and tracking numbers), so a Luhn-valid number is flagged only if it also
  starts like a card (62 UnionPay, 4 Visa, 51–55 Mastercard) or one of BANK_CARD_KEYWORDS occurs
  in the 10 characters before it. The trade-off: an unlabelled card of another scheme (e.g. a
  3-prefixed JCB or American Express number) is missed, in exchange for not asking reviewers to
  clear every tenth order number. Corporate settlement accounts (对公账户) do not follow Luhn and
  are not detected here.
- ``email``: a personal mailbox is contact data of a natural person (to be masked, §9). Mailboxes
  on government domains (``*.gov.cn``) are the units' published contact channels (the disclosure
  guide must list them, Art. 12) and are not flagged.

Not flagged, by decision: landline numbers (``0537-4412345``). In publications they are the
units' public contact numbers, which the law requires to be published; flagging them would make
reviewers clear the same office number on every item.

How numbers are read
--------------------
Digits may be ASCII or full-width (０-９, Ｘ); positions are always reported in the original text
as ``str`` indices (code points), and ``value`` is the original slice, so ``text[start:end] ==
value``. A number may be written in groups joined by one space (ASCII, no-break or ideographic) or
one hyphen, the same separator throughout: IDs as 6-8-4, 6-4-4-4 or 4-4-4-4-2 (6-6-3 for 15
digits), mobiles as 3-4-4, cards in groups of 4 (the last group may be shorter). An unbroken run
of digits is never split: a valid ID inside a 20-digit order number is not an ID, and a digit run
glued to a decimal point (``13812345678.50``) is part of an amount. A card in groups must be the
whole sequence its separator joins: four groups inside a longer row of space-separated figures
are a table, not a card.

When matches overlap, the stronger reading wins: email over ID over bank card over mobile (an
email whose local part is a phone number is masked as an email, which hides the number too).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

type PiiKind = Literal["id_number", "mobile", "bank_card", "email"]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# The card keywords of the brief plus 账户/帐户, since "银行账户：6222…" is how registers label
# a personal account as often as 账号.
BANK_CARD_KEYWORDS = ("卡号", "银行卡", "账号", "帐号", "账户", "帐户")
BANK_CARD_KEYWORD_WINDOW = 10
_KEYWORD_RE = re.compile("|".join(BANK_CARD_KEYWORDS))

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
        "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门",
    }
)  # fmt: skip

_PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83",
    }
)  # fmt: skip

_MOBILE_RE = re.compile(r"1(?:3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9])[0-9]{8}")
_CARD_BIN_RE = re.compile(r"62|4|5[1-5]")

# Every replacement maps one character to one, so normalised offsets are original offsets.
_NORMALISE = str.maketrans("０１２３４５６７８９Ｘｘ\u00a0\u3000－＋", "0123456789Xx  -+")
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９XxＸｘ")
_PLAIN_DIGITS = frozenset("0123456789０１２３４５６７８９")

_D = "0-9\uff10-\uff19"
_X = "Xx\uff38\uff58"
_SEP = " \u00a0\u3000\\-\uff0d"
# A cluster is digit runs joined by single separators; each run is atomic (never split).
_CLUSTER_RE = re.compile(rf"[{_D}]+[{_X}]?(?:[{_SEP}][{_D}]+[{_X}]?)*")
# A cheap first pass: stretches of digits and separators long enough to hold an 11-digit number.
_SPAN_RE = re.compile(rf"[{_D}][{_D}{_X}{_SEP}]{{10,}}")
_RUN_RE = re.compile(r"[0-9]+[Xx]?")
_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_LOCAL_MAX = 64
# The lookbehind refuses to start inside a longer local part (more than 64 characters).
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+"
)

# How a number may be grouped, strongest reading first (ID over bank card over mobile); a
# "mobile86" is a mobile written with its country code in one run ("8613812345678").
_READINGS: tuple[tuple[str, list[int]], ...] = (
    ("id", [18]), ("id", [6, 8, 4]), ("id", [6, 4, 4, 4]), ("id", [4, 4, 4, 4, 2]),
    ("id", [15]), ("id", [6, 6, 3]),
    # Longest first, so a 19-digit card is not reported as its valid 16-digit beginning.
    ("card", [4, 4, 4, 4, 3]), ("card", [4, 4, 4, 4, 2]), ("card", [4, 4, 4, 4, 1]),
    ("card", [4, 4, 4, 4]), ("card", [19]), ("card", [18]), ("card", [17]), ("card", [16]),
    ("mobile", [11]), ("mobile", [3, 4, 4]), ("mobile86", [13]),
)  # fmt: skip
# Indexed by the length of the first run, so most runs (years, amounts, area codes) are dismissed
# by one dict lookup; this keeps the scan fast on number-heavy documents.
_READINGS_BY_FIRST_RUN: dict[int, tuple[tuple[str, list[int]], ...]] = {
    size: tuple(r for r in _READINGS if r[1][0] == size) for size in {r[1][0] for r in _READINGS}
}
_MIN_CLUSTER_LEN = 11  # the shortest thing we flag is an 11-digit mobile

_PRIORITY: dict[str, int] = {"email": 0, "id_number": 1, "bank_card": 2, "mobile": 3}


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One hit: ``text[start:end] == value``; ``masked`` is what replaces it when published."""

    kind: PiiKind
    start: int
    end: int
    value: str
    masked: str = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in _PRIORITY:
            raise ValueError(f"unknown PII kind {self.kind!r}")
        if self.start < 0 or self.end - self.start != len(self.value):
            raise ValueError("start/end do not fit the value")
        object.__setattr__(self, "masked", _mask_value(self.kind, self.value))


# --- checks -------------------------------------------------------------------------------------


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    first17 = first17.translate(_NORMALISE)
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("an ID number's body is exactly 17 digits")
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def is_valid_id_number(s: str, *, today: dt.date | None = None) -> bool:
    """True for an 18-digit ID with a right check character, or a 15-digit first-generation ID.

    Both need a known area-code start and a real birth date from 1900-01-01 up to ``today``.
    Full-width digits and a lower-case x are accepted; spaces and other characters are not.
    """
    s = s.translate(_NORMALISE)
    return _id_ok(s, today or dt.date.today())


def luhn_valid(s: str) -> bool:
    """The Luhn (mod 10) check over the digits of ``s``; spaces between groups are ignored."""
    digits = s.translate(_NORMALISE).replace(" ", "")
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    return _luhn(digits)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _id_ok(s: str, today: dt.date) -> bool:
    if len(s) == 18:
        body, check = s[:17], s[17].upper()
        if not (body.isascii() and body.isdigit()) or check not in ID_CHECK_CHARS:
            return False
        return (
            _area_ok(s)
            and _date_ok(body[6:10], body[10:12], body[12:14], today)
            and id_check_char(body) == check
        )
    if len(s) == 15:
        if not (s.isascii() and s.isdigit()):
            return False
        return _area_ok(s) and _date_ok("19" + s[6:8], s[8:10], s[10:12], today)
    return False


def _area_ok(s: str) -> bool:
    return s[:2] in _PROVINCE_CODES or s[0] == "9"


def _date_ok(year: str, month: str, day: str, today: dt.date) -> bool:
    try:
        born = dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= today


# --- finding ------------------------------------------------------------------------------------


def find_pii(text: str, *, today: dt.date | None = None) -> list[PiiMatch]:
    """Every ID number, mobile number, bank card number and personal email in ``text``.

    Sorted by start, never overlapping. ``today`` bounds plausible birth dates (default: today).
    """
    today = today or dt.date.today()
    candidates: list[tuple[PiiKind, int, int]] = []
    for span in _SPAN_RE.finditer(text):
        for cluster in _CLUSTER_RE.finditer(text, span.start(), span.end()):
            if cluster.end() - cluster.start() >= _MIN_CLUSTER_LEN:
                candidates.extend(_cluster_candidates(text, cluster.start(), cluster.end(), today))
    candidates.extend(_email_candidates(text))
    return [
        PiiMatch(kind, start, end, text[start:end])
        for kind, start, end in _resolve_overlaps(candidates)
    ]


def _cluster_candidates(
    text: str, c_start: int, c_end: int, today: dt.date
) -> Iterator[tuple[PiiKind, int, int]]:
    norm = text[c_start:c_end]
    if not norm.isascii():
        norm = norm.translate(_NORMALISE)
    elif norm.isdigit() and len(norm) not in _READINGS_BY_FIRST_RUN:
        return  # the common case of one long run that is no number we know (an order number)
    cluster = _Cluster(text, norm, c_start, today)
    # A run touching a decimal point that has a digit on its other side belongs to an amount.
    first = 1 if _decimal_before(text, c_start) else 0
    last = len(cluster.lens) - 1 if _decimal_after(text, c_end) else len(cluster.lens)
    lens = cluster.lens
    i = first
    while i < last:
        readings = _READINGS_BY_FIRST_RUN.get(lens[i])
        found = cluster.read(i, first, last, readings) if readings else None
        if found is None:
            i += 1
            continue
        kind, start, end, used = found
        yield kind, start, end
        # IDs win over cards over mobiles, so the groups an ID used are settled; a weaker reading
        # may still hide a stronger one that starts later, so only skip past strong matches.
        i = i + used if kind == "id_number" else i + 1


class _Cluster:
    """The digit runs of one cluster: spans in ``norm``, lengths, and what joins each to the last.

    ``joins[j]`` is the separator between runs j-1 and j, or "" where they touch ("12X34");
    ``joins[0]`` is None.
    """

    __slots__ = ("c_start", "joins", "lens", "norm", "spans", "text", "today")

    def __init__(self, text: str, norm: str, c_start: int, today: dt.date) -> None:
        self.text = text
        self.norm = norm
        self.c_start = c_start
        self.today = today
        self.spans = spans = [m.span() for m in _RUN_RE.finditer(norm)]
        self.lens = [e - s for s, e in spans]
        self.joins: list[str | None] = [None]
        self.joins.extend(
            norm[s - 1] if s != prev_end else "" for (_, prev_end), (s, _) in pairwise(spans)
        )

    def read(
        self, i: int, first: int, last: int, readings: tuple[tuple[str, list[int]], ...]
    ) -> tuple[PiiKind, int, int, int] | None:
        """The strongest reading of the runs from index ``i``: (kind, start, end, runs used)."""
        text, spans, joins, c_start = self.text, self.spans, self.joins, self.c_start
        for reading, layout in readings:
            k = len(layout)
            if i + k > last or self.lens[i : i + k] != layout:
                continue
            if k > 1:
                sep = joins[i + 1]
                # One separator throughout; runs that touch are not one grouped number.
                if not sep or joins[i + 1 : i + k].count(sep) != k - 1:
                    continue
                # A card in groups of 4 is set off from what surrounds it: four groups inside
                # a longer space-separated row are figures of a table, a tenth of them Luhn-valid.
                if reading == "card" and (
                    joins[i] == sep or (i + k < len(joins) and joins[i + k] == sep)
                ):
                    continue
                digits = self.norm[spans[i][0] : spans[i + k - 1][1]].replace(sep, "")
            else:
                digits = self.norm[spans[i][0] : spans[i][1]]
            start = c_start + spans[i][0]
            end = c_start + spans[i + k - 1][1]
            if reading == "id":
                if "X" not in digits[:-1].upper() and _id_ok(digits, self.today):
                    return "id_number", start, end, k
            elif reading == "card":
                if (
                    (_CARD_BIN_RE.match(digits) or _keyword_before(text, start))
                    and digits.isdigit()
                    and _luhn(digits)
                    and not (len(digits) == 18 and _id_ok(digits, self.today))
                ):
                    return "bank_card", start, end, k
            elif reading == "mobile":
                if _MOBILE_RE.fullmatch(digits):
                    if i > first and joins[i] and self.lens[i - 1] == 2:
                        prefix = spans[i - 1]
                        if self.norm[prefix[0] : prefix[1]] == "86":
                            start = _with_plus(text, c_start + prefix[0])
                    return "mobile", start, end, k
            elif digits.startswith("86") and _MOBILE_RE.fullmatch(digits[2:]):  # mobile86
                return "mobile", _with_plus(text, start), end, 1
        return None


def _with_plus(text: str, start: int) -> int:
    return start - 1 if start > 0 and text[start - 1] in "+＋" else start


def _decimal_before(text: str, pos: int) -> bool:
    return pos >= 2 and text[pos - 1] in ".．" and text[pos - 2] in _PLAIN_DIGITS


def _decimal_after(text: str, pos: int) -> bool:
    return pos + 1 < len(text) and text[pos] in ".．" and text[pos + 1] in _PLAIN_DIGITS


def _keyword_before(text: str, start: int) -> bool:
    return _KEYWORD_RE.search(text, max(0, start - BANK_CARD_KEYWORD_WINDOW), start) is not None


def _email_candidates(text: str) -> Iterator[tuple[PiiKind, int, int]]:
    # Anchored on each "@" rather than a regex scan of the whole text: far faster on long
    # documents, which rarely hold more than a few addresses.
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and at - start <= _EMAIL_LOCAL_MAX and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        m = _EMAIL_RE.match(text, start) if start < at else None
        if m is None:
            at = text.find("@", at + 1)
            continue
        domain = m.group().rpartition("@")[2].lower()
        tld = domain.rpartition(".")[2]
        if (
            len(tld) >= 2
            and tld.isalpha()
            and not (domain == "gov.cn" or domain.endswith(".gov.cn"))
        ):
            yield "email", m.start(), m.end()
        at = text.find("@", m.end())


def _resolve_overlaps(
    candidates: Iterable[tuple[PiiKind, int, int]],
) -> list[tuple[PiiKind, int, int]]:
    """Keep the strongest candidates; among equals, the earlier one. Result sorted by start."""
    ordered = sorted(candidates, key=lambda c: (_PRIORITY[c[0]], c[1]))
    starts: list[int] = []
    kept: list[tuple[PiiKind, int, int]] = []
    for cand in ordered:
        _, start, end = cand
        pos = bisect.bisect_left(starts, start)
        if pos > 0 and kept[pos - 1][2] > start:
            continue
        if pos < len(kept) and kept[pos][1] < end:
            continue
        starts.insert(pos, start)
        kept.insert(pos, cand)
    return kept


# --- masking ------------------------------------------------------------------------------------


def mask(match: PiiMatch) -> str:
    """The published form of a hit, per the masking decision (domain rules, decisions table).

    ID ``370881********123X`` (first 6 and last 4 kept; 15-digit IDs keep the last 3); mobile
    ``138****5678``; bank card all but the last 4 digits starred; email ``z***@qq.com``. Spaces,
    hyphens, a ``+86`` prefix and full-width digits that are kept stay as written.
    """
    return _mask_value(match.kind, match.value)


def _mask_value(kind: str, value: str) -> str:
    if kind == "email":
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    positions = [k for k, ch in enumerate(value) if ch in _DIGIT_CHARS]
    n = len(positions)
    if kind == "id_number":
        hidden = positions[6 : n - (3 if n == 15 else 4)]
    elif kind == "mobile":
        hidden = positions[-11:][3:7]
    else:
        hidden = positions[: max(n - 4, 0)]
    chars = list(value)
    for k in hidden:
        chars[k] = "*"
    return "".join(chars)


def mask_text(text: str, matches: Iterable[PiiMatch] | None = None) -> str:
    """``text`` with every hit (or only the given ones) replaced by its masked form.

    Everything outside the hits is left exactly as it was. Matches that overlap or no longer fit
    the text (found on another version of it) raise ValueError rather than mask the wrong thing.
    """
    if matches is None:
        matches = find_pii(text)
    pieces: list[str] = []
    pos = 0
    for m in sorted(matches, key=lambda m: m.start):
        if m.start < pos:
            raise ValueError("matches overlap")
        if text[m.start : m.end] != m.value:
            raise ValueError(f"match at {m.start} does not fit the text")
        pieces.append(text[pos : m.start])
        pieces.append(m.masked)
        pos = m.end
    pieces.append(text[pos:])
    return "".join(pieces)


def mask_name(name: str) -> str:
    """A non-party's name as published: surname + 某 ("张三" → "张某", "欧阳修" → "欧阳某").

    A two-character name is read as a single surname plus given name even if it spells a compound
    surname (a person may be named 欧阳). A one-character string is returned unchanged.
    """
    if len(name) <= 1:
        return name
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    return name[0] + "某"
