"""Person names in Kazakh, Russian and Latin script: free text and columns.

Free text is read once with a compiled regex that only stops at capitalised words. Neighbouring
capitalised words and initials (separated by spaces, or by the period of an initial) form a run;
each word is told apart by `names_lexicon.analyse` (given name, surname, patronymic, a place,
a word that is never a name, unknown), cached per distinct word. Words that are never names
(titles, places, months, organisation words) split a run. A piece of a run is a name when:

- two or more of its words are name parts, at least one of them certain (Нұрсұлтан Назарбаев,
  Иванов И.И., Тоқаев Қасым-Жомарт Кемелұлы, Zhumabayeva Aigerim), or one unknown word
  stands where a surname or a given name would (Жан-Клод Юнкер, Реувен Ривлин, Мизамова
  Жаңылсын);
- a single word is a surname or patronymic (Алпысовтың, Ивановым, Болатқызы) or a given name
  (Асқарға, Әселдің), except a given name that is also an everyday word (Бақыт, Арман) at the
  start of a sentence, which, like a place that is also a name (Алтай) or an unknown word,
  needs a cue (`name_context`): a title or said-verb before it (министр, әкім, г-н, деді), an
  honorific or said-verb after it (мырза, ханым, айтты, сказал), or a greeting around it
  (Рақмет, Азамат. Азамат, сіз эфирдесіз).

A piece is not a name when it names a street, a place or an organisation (ул. Абая, Абай
даңғылы, Абай атындағы мектеп, Назарбаев Университеті; unless it carries a case ending, as in
"Назарбаевқа Цукуба университеті..."), or is the whole of a short quotation («Әміре»). Titles
stay outside the span: "министр Асқар Мамин" gives "Асқар Мамин". Two full names with no comma
between them are two spans.

Columns: a value validates when all its words are name parts as above with no context at all
(a single given name, surname or patronymic validates, so a column of surnames under "Тегі" is
classified; a lone unknown word, a place, an organisation or a lowercase word does not).
`mask` keeps initials: "Иванов Иван Иванович" -> "И*** И*** И***".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.name_context import (
    PARTICLES,
    follows_street_word,
    has_cue,
    names_a_place,
)
from aqyl.privacy.detectors.names_lexicon import (
    AMBIGUOUS_GIVEN,
    GIVEN,
    NOT_NAME,
    PATRONYMIC,
    PLACE_NAME,
    SURNAME,
    UNKNOWN,
    WEAK_PART,
    analyse,
    word_part,
)
from aqyl.privacy.detectors.registry import Mask, Span, check_distinct

INITIAL = "I"
CERTAIN = frozenset({GIVEN, SURNAME, PATRONYMIC})
SOFT = frozenset({AMBIGUOUS_GIVEN, PLACE_NAME, WEAK_PART})
MAX_WORDS = 5  # a longer run of capitalised words is a heading, not a name
CONTEXT = 40  # characters looked at around a candidate for cues
MAX_GAP = 3  # spaces between two words of one name

_UPPER = "".join(chr(code) for code in (*range(0x41, 0x5B), *range(0xC0, 0x17F),
                                        *range(0x400, 0x530)) if chr(code).isupper())
_WORD = r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*"
# a capitalised word, not the tail of a longer word or of a code
_CAPITALISED = re.compile(rf"(?<![^\W_])[{_UPPER}](?:{_WORD})?")
_LATIN_INITIALS = frozenset({"Zh", "Sh", "Ch", "Kh", "Ts", "Yu", "Ya", "Ye", "Yo", "Дж"})
_SENTENCE_END = ".!?…\n"
_OPENERS = " \t\u00a0«\"“„(—–-'"
_VALUE_WORD = re.compile(rf"{_WORD}\.?|[^\W\d_]\.")
_VALUE_SHAPE = r"^\pL[\pL\pM.'’ʼ\- ]*$"
_MAX_VALUE = 80
_MIN_WORD = 2


class _Word(NamedTuple):
    start: int
    end: int  # past the period of an initial
    part: str
    inflected: bool = False  # carries a Kazakh case ending


class NameDetector:
    """Person names: the `Detector` protocol over the lexicons of `names_lexicon`."""

    kind = "person_name"
    hints = ("аты-жөні", "аты жөні", "тегі", "аты", "әкесінің аты", "толық аты-жөні", "фио",
             "ф и о", "фамилия", "имя", "отчество", "фамилия имя отчество", "full name",
             "fullname", "first name", "firstname", "given name", "last name", "lastname",
             "surname", "middle name", "patronymic", "person name")
    needs_hint = False

    def validate(self, value: str) -> bool:
        """True when `value` is a whole name (or one part of one): no digits, no
        organisation, every word a name part or a particle (оглы, фон)."""
        parts = _value_parts(value.strip())
        if not parts or NOT_NAME in parts:
            return False
        if len(parts) == 1:
            return parts[0] in CERTAIN or parts[0] == AMBIGUOUS_GIVEN
        return _accepts(parts, sentence_start=False, cue=False, leading_unknown=True)

    def validate_column(self, values: pa.Array) -> Mask:
        trimmed = pc.utf8_trim_whitespace(values.cast(pa.string()))
        return check_distinct(trimmed, _VALUE_SHAPE, self.validate)

    def find(self, text: str) -> Iterator[Span]:
        for run in _runs(text):
            for start, end in _name_in_run(text, run):
                yield Span(self.kind, start, end, text[start:end])

    def mask(self, value: str) -> str:
        """Initials only: "Иванов Иван Иванович" -> "И*** И*** И***"; an initial stays as
        written ("Иванов А.Б." -> "И*** А.Б.")."""
        return " ".join(word if _is_initial(word) else f"{word[0]}***"
                        for word in value.split())


def _value_parts(value: str) -> list[str] | None:
    """The name parts of a column value's words, or None when a word cannot be in a name."""
    words = value.split()
    if not _MIN_WORD <= len(value) <= _MAX_VALUE or len(words) > MAX_WORDS:
        return None
    parts: list[str] = []
    for word in words:
        if not _VALUE_WORD.fullmatch(word):
            return None
        if word.lower() in PARTICLES:
            continue
        if not word[0].isupper():
            return None
        parts.append(_value_part(word))
    return parts


def _value_part(word: str) -> str:
    if _is_initial(word) or (len(word) == 1 and word.isupper()):
        return INITIAL
    return word_part(word.rstrip("."))


def _is_initial(word: str) -> bool:
    letters = word.rstrip(".")
    return word.endswith(".") and (len(letters) == 1 or letters in _LATIN_INITIALS
                                   or (len(letters) == 3 and letters[1] == "."))


def _runs(text: str) -> Iterator[list[_Word]]:
    """Capitalised words and initials that stand next to each other, except runs of words
    that are never names."""
    run: list[_Word] = []
    hopeful = False
    last = -MAX_GAP - 1
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        token = match.group()
        if text.startswith(".", end) and (len(token) == 1 or token in _LATIN_INITIALS):
            word = _Word(start, end + 1, INITIAL)
        else:
            word = _Word(start, end, *analyse(token))
        if start - last > MAX_GAP or (start != last and not _blank(text[last:start])):
            if hopeful:
                yield run
            run = []
            hopeful = False
        run.append(word)
        hopeful = hopeful or word.part != NOT_NAME
        last = word.end
    if hopeful:
        yield run


def _blank(gap: str) -> bool:
    return gap.isspace() and "\n" not in gap


def _name_in_run(text: str, run: list[_Word]) -> Iterator[tuple[int, int]]:
    """The names a run holds, as (start, end). Words that are never names split the run, and
    so does a given name that starts a second full name (Қасым-Жомарт Тоқаев Дмитрий
    Медведевті)."""
    pieces: list[tuple[list[_Word], bool]] = [([], False)]
    for word in run:
        if word.part == NOT_NAME:
            # a capitalised word that is not a name, inside a sentence, makes the next piece
            # part of a longer proper name (Конституциялық Кеңес)
            pieces.append(([], not _starts_sentence(text, word.start)))
        else:
            pieces[-1][0].append(word)
    for piece, after_other_word in pieces:
        for part in _split_names(piece):
            found = _name_in_piece(text, part, after_other_word=after_other_word
                                   and part is piece)
            if found is not None:
                yield found


def _split_names(piece: list[_Word]) -> list[list[_Word]]:
    """Two full names with no comma between them: a given name and a surname that follow a
    given name and a surname (or an unknown word in its place)."""
    parts = [word.part for word in piece]
    for cut in range(2, len(piece) - 1):
        if (parts[cut] == GIVEN and parts[cut + 1] in (SURNAME, PATRONYMIC)
                and parts[cut - 1] in (SURNAME, PATRONYMIC, WEAK_PART, UNKNOWN)
                and parts[cut - 2] in (GIVEN, AMBIGUOUS_GIVEN)):
            return [piece[:cut], *_split_names(piece[cut:])]
    return [piece]


def _name_in_piece(text: str, piece: list[_Word], *,
                   after_other_word: bool) -> tuple[int, int] | None:
    """`after_other_word`: a capitalised word that is not a name stands just before the piece
    (Конституциялық Кеңес, Шымкент Сити): a lone uncertain word there is a name's tail."""
    if not piece or len(piece) > MAX_WORDS:
        return None
    if len(piece) == 1:
        return _single_name(text, piece[0], after_other_word=after_other_word)
    for first, last in _trims(piece):
        words = piece[first:last]
        start, end = words[0].start, words[-1].end
        parts = [word.part for word in words]
        if not _plausible(parts):
            continue
        before = text[max(0, start - CONTEXT):start]
        after = text[end:end + CONTEXT]
        if follows_street_word(before) or _quoted(text, start, end) or (
                not words[-1].inflected and names_a_place(after)):
            continue
        sentence_start = _starts_sentence(text, start)
        # a word nothing is known about is not a name for being said-verb's subject: "the
        # Ministry of Finance said"
        cue = len(parts) == 1 and parts[0] not in CERTAIN and has_cue(
            before, after, sentence_start=sentence_start, said_after=parts[0] != UNKNOWN)
        if cue and parts[0] == UNKNOWN and _continues(after):
            cue = False  # министрі Денсаулық сақтау: a title before a noun phrase, not a name
        if (len(parts) == 1 and parts[0] not in CERTAIN and after_other_word and first == 0
                and not cue):
            continue
        if _accepts(parts, sentence_start=sentence_start, cue=cue, leading_unknown=False):
            return start, end
    return None


def _single_name(text: str, word: _Word, *, after_other_word: bool) -> tuple[int, int] | None:
    """`_name_in_piece` for a single word, the common case, cues first: most single
    capitalised words are not names and need no more look."""
    part, start, end = word.part, word.start, word.end
    if part == INITIAL:
        return None
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    if part not in CERTAIN:
        sentence_start = _starts_sentence(text, start)
        cue = has_cue(before, after, sentence_start=sentence_start,
                      said_after=part != UNKNOWN)
        if cue and part == UNKNOWN and _continues(after):
            cue = False
        if not cue and (part != AMBIGUOUS_GIVEN or sentence_start or after_other_word):
            return None
    if follows_street_word(before) or _quoted(text, start, end) or (
            not word.inflected and names_a_place(after)):
        return None
    return start, end


def _continues(after: str) -> bool:
    """True when a lowercase word follows at once, as in a noun phrase."""
    following = after.split(maxsplit=1)
    return bool(following) and following[0][0].islower() and not has_cue(
        "", after, sentence_start=False)


def _trims(piece: list[_Word]) -> Iterator[tuple[int, int]]:
    """The whole piece, then without an uncertain word at its start (города Аягоз Цой Иван
    Петрович; Сонда Тоқаев) or an unknown word or an initial at its end."""
    size = len(piece)
    yield 0, size
    lead = 1 if size > 1 and piece[0].part not in CERTAIN and piece[0].part != INITIAL else 0
    tail = size - 1 if size > 1 and piece[-1].part in (UNKNOWN, INITIAL) else size
    if (lead, tail) != (0, size) and tail > lead:
        if lead:
            yield lead, size
        if tail < size:
            yield 0, tail
        if lead and tail < size:
            yield lead, tail


def _plausible(parts: list[str]) -> bool:
    return len(parts) == 1 or any(part not in (INITIAL, UNKNOWN) for part in parts)


def _accepts(parts: list[str], *, sentence_start: bool, cue: bool,
             leading_unknown: bool) -> bool:
    """The rules of the module docstring over the parts of a candidate. `leading_unknown`
    lets a column value start with an unknown surname before a given name."""
    if len(parts) == 1:
        part = parts[0]
        if part == AMBIGUOUS_GIVEN:
            return cue or not sentence_start
        return part in CERTAIN or (cue and part in (PLACE_NAME, WEAK_PART, UNKNOWN))
    certain = sum(part in CERTAIN for part in parts)
    soft = sum(part in SOFT for part in parts)
    unknown = parts.count(UNKNOWN)
    if unknown > 1 or certain + soft == 0 or (
            certain == 0 and soft + unknown + (INITIAL in parts) < 2):
        return False
    return not unknown or _unknown_fits(parts, parts.index(UNKNOWN),
                                        sentence_start=sentence_start,
                                        leading_unknown=leading_unknown)


def _unknown_fits(parts: list[str], at: int, *, sentence_start: bool,
                  leading_unknown: bool) -> bool:
    """Whether the one unknown word of a candidate stands where a name part would."""
    if at:
        # a surname after a given name or an initial (Жан-Клод Юнкер, Дархан Әбдуахит), a
        # given name after a surname (Мизамова Жаңылсын), or a middle part
        return (parts[at - 1] in (GIVEN, AMBIGUOUS_GIVEN, INITIAL) or at < len(parts) - 1
                or (at == 1 and parts[0] == SURNAME))
    # a foreign given name before a surname (Реувен Ривлин); at the start of a sentence only
    # before a certain surname (Сонда Тоқаев has Сонда among the words that are never names)
    following = parts[1]
    return (following in (SURNAME, PATRONYMIC)
            or (following == WEAK_PART and not sentence_start)
            or (leading_unknown and following == GIVEN))


def _starts_sentence(text: str, start: int) -> bool:
    at = start - 1
    while at >= 0 and text[at] in _OPENERS:
        at -= 1
    return at < 0 or text[at] in _SENTENCE_END


def _quoted(text: str, start: int, end: int) -> bool:
    """True when the candidate is the whole of a short quotation: «Әміре», «Абай жолы»."""
    at = start - 1
    while at >= 0 and text[at] == " ":
        at -= 1
    if at < 0 or text[at] not in "«\"“„":
        return False
    closing = "»" if text[at] == "«" else "\"”“"
    tail = text[end:end + 30]
    for offset, char in enumerate(tail):
        if char in closing:
            return not any(mark in tail[:offset] for mark in ".!?,")
    return False


DETECTORS = (NameDetector(),)
