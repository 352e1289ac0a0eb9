"""Kazakhstan's administrative-territorial reference (KATO levels 1-2) and a free-text mapper.

The reference ships in `reference_data/kato.csv` (its README says where the codes come from).
`match_territory` maps a region or district name written in Kazakh, Russian or English, in any
case, with or without the type word, with Russian look-alike letters, old names, Latin
transliterations or a small misspelling, onto one unit; a name that fits several units is
refused rather than guessed. `map_column` does it once per distinct value of a column.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import repeat
from typing import Literal

Kind = Literal["oblast", "city", "district"]
How = Literal["code", "exact", "alias", "fuzzy"]
ValueKey = tuple[str, str | None]


@dataclass(frozen=True)
class TerritorialUnit:
    """One KATO unit: level 1 is an oblast or a city of republican significance, level 2 is a
    district or a city of oblast significance (its KATO "city administration", Г.А. / Қ.Ә.)."""

    code: str
    level: int
    parent_code: str | None
    name_kk: str
    name_ru: str
    name_en: str
    aliases: tuple[str, ...]
    source: str

    @property
    def kind(self) -> Kind:
        if self.name_ru.startswith("г."):
            return "city"
        if self.level == 1:
            return "oblast"
        return "city" if self.name_ru.endswith("Г.А.") else "district"


@dataclass(frozen=True)
class Match:
    """How a text was mapped: `score` is 1.0 except for a fuzzy match (1 - edits / length)."""

    unit: TerritorialUnit
    how: How
    score: float


@dataclass(frozen=True)
class Ambiguity:
    """A text that fits several units equally well; a parent (oblast) usually settles it."""

    text: str
    candidates: tuple[TerritorialUnit, ...]


@cache
def load_kato() -> tuple[TerritorialUnit, ...]:
    """The reference shipped with the package, ordered by code."""
    text = (files("aqyl.quality") / "reference_data" / "kato.csv").read_text(encoding="utf-8")
    return tuple(
        TerritorialUnit(
            code=row["code"],
            level=int(row["level"]),
            parent_code=row["parent_code"] or None,
            name_kk=row["name_kk"],
            name_ru=row["name_ru"],
            name_en=row["name_en"],
            aliases=tuple(alias for alias in row["aliases"].split("|") if alias),
            source=row["source"],
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _units_by_code() -> dict[str, TerritorialUnit]:
    return {unit.code: unit for unit in load_kato()}


def unit_by_code(code: str) -> TerritorialUnit | None:
    """The unit with this nine-digit KATO code, if the reference has it."""
    return _units_by_code().get(code.strip())


# --- normalisation -------------------------------------------------------------------------

_OBLAST_WORDS = frozenset({"облысы", "облыс", "область", "обл", "oblysy", "oblys", "oblast",
                           "obl", "region", "reg", "облысының", "области"})
_DISTRICT_WORDS = frozenset({"ауданы", "аудан", "район", "р", "district", "audany", "rayon",
                             "raion", "аудандық", "районы"})
_CITY_WORDS = frozenset({"қаласы", "қала", "қ", "город", "гор", "г", "city", "town", "qalasy",
                         "kalasy", "каласы", "gorod", "ga", "к"})
_FILLER_WORDS = frozenset({"им", "имени", "атын", "атындағы", "ат", "named", "after", "the",
                           "of", "республика", "казахстан", "kazakhstan", "рк"})
_ABBREVIATIONS = (
    (re.compile(r"(?<![а-яәғқңөұүһі])р-?о?н(?![а-яәғқңөұүһі])"), " район "),
    (re.compile(r"(?<![а-яәғқңөұүһі])[гқк]\.\s?[аә](?![а-яәғқңөұүһі])\.?"), " город "),
)
_LATIN_LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxyi", "АВСЕНКМОРТХУасеорхуі")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
# «Талгарский», «Талгарская», «Talgarskiy» (and a misspelt «Талгарскй») all fold to «талгар».
_ADJECTIVE_ENDING = re.compile(r"(?<=[а-яёәғқңөұүһі]{3})ск[а-яё]{0,3}$|(?<=[a-z]{3})sk[a-z]{0,3}$")
_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "j",
    "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ş": "sh", "ç": "ch", "ı": "i", "ğ": "g", "ñ": "n", "ä": "a", "ö": "o", "ü": "u", "ū": "u",
})
# Spellings of one sound that transliterations disagree on: Zhambyl / Jambyl / Джамбул,
# Qostanay / Kostanai, Khromtau / Хромтау, Taldyqorghan / Taldykorgan.
_LATIN_FOLDS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"),
                ("y", "i"), ("w", "v"), ("x", "ks"))
_REPEATS = re.compile(r"(.)\1+")


def _unmix(word: str) -> str:
    """Latin letters typed inside a Cyrillic word ("Aлматы", "Жетiсу") become Cyrillic."""
    return word.translate(_LATIN_LOOKALIKES) if _CYRILLIC.search(word) else word


def _stem(word: str) -> str:
    return _ADJECTIVE_ENDING.sub("", word)


def _skeleton(words: Iterable[str]) -> str:
    text = "".join(_stem(word) for word in words).translate(_TO_LATIN)
    text = "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char))
    for spelling, folded in _LATIN_FOLDS:
        text = text.replace(spelling, folded)
    return _REPEATS.sub(r"\1", "".join(char for char in text if char.isalnum()))


def normalize_name(text: str) -> tuple[str, Kind | None]:
    """The comparison key of a territory name and the kind its type word names, if any.

    Case, spacing, punctuation, type words (облысы/область/район/р-н/ауданы/г./қ./city...),
    Kazakh letters against their Russian look-alikes, and Cyrillic against Latin spelling all
    fold away: «Алматинская обл.» and «Almatinskaya oblast» give the same key.
    """
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(_unmix(word) for word in text.split()).casefold()
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    kinds: set[Kind] = set()
    kept: list[str] = []
    for word in _WORD.findall(text):
        if word in _OBLAST_WORDS:
            kinds.add("oblast")
        elif word in _DISTRICT_WORDS:
            kinds.add("district")
        elif word in _CITY_WORDS:
            kinds.add("city")
        elif word not in _FILLER_WORDS:
            kept.append(word)
    kind = kinds.pop() if len(kinds) == 1 else None
    return _skeleton(kept), kind


# --- the index -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    """One name of a unit under its key: `typed` if the name carries a type word."""

    unit: TerritorialUnit
    kind: Kind
    official: bool
    typed: bool


@cache
def _index() -> dict[str, tuple[_Entry, ...]]:
    entries: dict[str, set[_Entry]] = {}
    for unit in load_kato():
        names = [(name, True) for name in (unit.name_kk, unit.name_ru, unit.name_en)]
        names += [(alias, False) for alias in unit.aliases]
        for name, official in names:
            key, kind = normalize_name(name)
            if key:
                entry = _Entry(unit, kind or unit.kind, official, kind is not None)
                entries.setdefault(key, set()).add(entry)
    return {key: tuple(sorted(found, key=lambda e: e.unit.code)) for key, found in entries.items()}


def _bounded_distance(left: str, right: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it is known to exceed limit."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous = list(range(len(right) + 1))
    for row, char in enumerate(left, start=1):
        current = [row]
        for column, other in enumerate(right, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1,
                               previous[column - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _edit_limit(key: str) -> int:
    """One edit from five letters on, two from ten: «Алмты» is Almaty, «Омск» stays unknown."""
    if len(key) <= 4:
        return 0
    return 1 if len(key) <= 9 else 2


# --- resolution ----------------------------------------------------------------------------

_CODE = re.compile(r"\s*(\d{9})(?:\.0+)?\s*")
_SEPARATORS = re.compile(r"[,;/\n|]+")


def _admits(entry: _Entry, kind: Kind | None, level: int | None,
            parents: frozenset[str] | None) -> bool:
    if kind is not None and entry.kind != kind:
        return False
    if level is not None and entry.unit.level != level:
        return False
    if parents is None:
        return True
    return entry.unit.parent_code in parents or entry.unit.code in parents


def _choose(text: str, entries: Iterable[_Entry], kind: Kind | None, level: int | None,
            ) -> tuple[TerritorialUnit, bool] | Ambiguity:
    """One unit (and whether an official name matched) by a fixed order of preference.

    For a bare text (no type word, no level): a name written bare like the text wins («Уральск»
    is the old name of the city, not «Uralsk Region»); then a level-1 unit (a bare «Жамбыл» is
    the oblast, not one of three Жамбыл districts). Then an official name wins over an alias,
    and, without a type word, a city over the rest (a bare «Алматы» is the city, not the
    oblast). Whatever is still tied is an Ambiguity.
    """
    units: dict[str, tuple[TerritorialUnit, bool, bool]] = {}
    for entry in entries:
        unit, bare, official = units.get(entry.unit.code, (entry.unit, False, False))
        units[unit.code] = (unit, bare or not entry.typed, official or entry.official)
    bare_text = kind is None and level is None
    steps: tuple[tuple[Callable[[tuple[TerritorialUnit, bool, bool]], bool], bool], ...] = (
        (lambda found: found[1], bare_text),
        (lambda found: found[0].level == 1, bare_text),
        (lambda found: found[2], True),
        (lambda found: found[0].kind == "city", kind is None),
    )
    chosen = list(units.values())
    for keep, applies in steps:
        narrowed = [found for found in chosen if keep(found)] if applies else chosen
        chosen = narrowed or chosen
    if len(chosen) == 1:
        return chosen[0][0], chosen[0][2]
    return Ambiguity(text, tuple(sorted((found[0] for found in chosen), key=lambda u: u.code)))


def _nearest(key: str, kind: Kind | None, level: int | None, parents: frozenset[str] | None,
             ) -> tuple[list[_Entry], int]:
    """The admitted entries whose keys are fewest edits (within the limit) from the key."""
    limit = _edit_limit(key)
    nearest: list[_Entry] = []
    nearest_distance = limit + 1
    if limit == 0:
        return nearest, nearest_distance
    for other, entries in _index().items():
        admitted = [entry for entry in entries if _admits(entry, kind, level, parents)]
        if not admitted:
            continue
        distance = _bounded_distance(key, other, min(limit, nearest_distance))
        if distance < nearest_distance:
            nearest, nearest_distance = admitted, distance
        elif distance == nearest_distance <= limit:
            nearest += admitted
    return nearest, nearest_distance


def _resolve_one(text: str, level: int | None, parents: frozenset[str] | None,
                 ) -> Match | Ambiguity | None:
    code = _CODE.fullmatch(text)
    if code is not None:
        unit = unit_by_code(code.group(1))
        return None if unit is None else Match(unit, "code", 1.0)
    key, kind = normalize_name(text)
    if not key:
        return None
    entries = [entry for entry in _index().get(key, ()) if _admits(entry, kind, level, parents)]
    distance = 0
    if not entries:
        entries, distance = _nearest(key, kind, level, parents)
    if not entries:
        return None
    chosen = _choose(text, entries, kind, level)
    if isinstance(chosen, Ambiguity):
        return chosen
    if distance:
        return Match(chosen[0], "fuzzy", round(1 - distance / len(key), 3))
    return Match(chosen[0], "exact" if chosen[1] else "alias", 1.0)


@lru_cache(maxsize=4096)
def _parent_codes(parent: str) -> frozenset[str]:
    """Every level-1 unit the parent text may name: «Алматы» is both the city and the oblast."""
    code = _CODE.fullmatch(parent)
    if code is not None:
        return frozenset({code.group(1)}) if unit_by_code(code.group(1)) else frozenset()
    key, kind = normalize_name(parent)
    entries = [entry for entry in _index().get(key, ()) if _admits(entry, kind, 1, None)]
    if entries:
        return frozenset(entry.unit.code for entry in entries)
    found = _resolve_one(parent, 1, None)
    return frozenset({found.unit.code}) if isinstance(found, Match) else frozenset()


def _resolve_pair(parts: list[str], level: int | None) -> Match | Ambiguity | None:
    """«Алматинская обл., Талгарский р-н» in either order: the level-1 part constrains the rest."""
    for position, part in enumerate(parts):
        upper = _resolve_one(part, 1, None)
        if not isinstance(upper, Match):
            continue
        if level == 1:
            return upper
        parents = _parent_codes(part)
        for rest in parts[:position] + parts[position + 1:]:
            found = _resolve_one(rest, level or 2, parents)
            if found is not None:
                return found
        return None
    return None


@lru_cache(maxsize=65536)
def resolve_territory(text: str, *, parent: str | None = None, level: int | None = None,
                      ) -> Match | Ambiguity | None:
    """Like `match_territory`, but says when a text fits several units instead of None."""
    if not text.strip():
        return None
    parents = _parent_codes(parent) if parent and parent.strip() else None
    if parents is not None and not parents:
        return None
    parts = [part for part in _SEPARATORS.split(text) if normalize_name(part)[0]]
    if len(parts) > 1 and _CODE.fullmatch(text) is None:
        return _resolve_pair(parts, level)
    return _resolve_one(parts[0] if parts else text, level, parents)


def match_territory(text: str, *, parent: str | None = None, level: int | None = None,
                    ) -> Match | None:
    """The KATO unit a free-text region or district name means, or None if unknown or ambiguous.

    Args:
        text: a name («Талғар ауданы», «Талгарский р-н», «Talgar district»), an old name
            («Гурьев», «Целиноград»), a pair «Алматинская обл., Талгарский р-н», or a
            nine-digit KATO code.
        parent: the oblast or city of republican significance the unit must lie in, by name
            or code; it settles district names that exist in several oblasts.
        level: 1 or 2 to accept only oblasts and cities, or only districts and oblast cities.
    """
    found = resolve_territory(text, parent=parent, level=level)
    return found if isinstance(found, Match) else None


# --- columns -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MappingReport:
    """The outcome of mapping a column; keys are (value, parent value) pairs."""

    total: int
    blank: int
    mapped: int
    matches: Mapping[ValueKey, Match]
    unmapped: Mapping[ValueKey, int]
    ambiguous: Mapping[ValueKey, tuple[str, ...]]

    @property
    def fuzzy(self) -> dict[ValueKey, Match]:
        """The values mapped only by tolerating a misspelling: worth a human look."""
        return {key: found for key, found in self.matches.items() if found.how == "fuzzy"}

    @property
    def unmapped_rows(self) -> int:
        return sum(self.unmapped.values())

    @property
    def ambiguous_rows(self) -> int:
        return self.total - self.blank - self.mapped - self.unmapped_rows

    def code_for(self, value: str, parent: str | None = None) -> str | None:
        """The KATO code a value of the column was mapped to, if it was."""
        found = self.matches.get((value, parent))
        return None if found is None else found.unit.code


def map_column(values: Iterable[str | None], *, parents: Iterable[str | None] | None = None,
               level: int | None = None) -> MappingReport:
    """Map every distinct value of a column (with its oblast column, if given) once.

    Args:
        values: the column; None and blank values are counted, not mapped.
        parents: a parallel column naming each row's oblast or city of republican significance.
        level: as in `match_territory`.
    """
    rows_of: Iterable[tuple[str | None, str | None]] = (
        zip(values, repeat(None), strict=False) if parents is None
        else zip(values, parents, strict=True))
    pairs = Counter(rows_of)
    total = blank = mapped = 0
    matches: dict[ValueKey, Match] = {}
    unmapped: dict[ValueKey, int] = {}
    ambiguous: dict[ValueKey, tuple[str, ...]] = {}
    for (value, parent), rows in pairs.items():
        total += rows
        text = "" if value is None else str(value)
        if not text.strip():
            blank += rows
            continue
        key: ValueKey = (text, None if parent is None else str(parent))
        found = resolve_territory(text, parent=key[1], level=level)
        if isinstance(found, Match):
            matches[key] = found
            mapped += rows
        elif isinstance(found, Ambiguity):
            ambiguous[key] = tuple(unit.code for unit in found.candidates)
        else:
            unmapped[key] = unmapped.get(key, 0) + rows
    return MappingReport(total, blank, mapped, matches, unmapped, ambiguous)
