"""What one capitalised word can be in a person's name: the lexicons and the surname endings.

A word's Kazakh case endings (and, for a word without Kazakh letters, its Russian declension
endings) are peeled (`kazakh_morphology`), and each stem is looked up in the lexicons shipped in
`name_data/` (given names, surnames, places, words that are never names, given names that are
also everyday words) and in Kazakhstan's territorial units
(`aqyl/quality/reference_data/kato.csv`), or recognised by a surname or patronymic ending
(-ов/-ева/-ин, -ұлы/-қызы, -ович/-евна).

Kazakh given names are matched through a script-free key, so that one entry meets every
spelling: Kazakh Cyrillic, Cyrillic without Kazakh letters, the common Latin transliterations and
the 2021 Kazakh Latin alphabet (Нұрлан, Нурлан, Nurlan, Nūrlan; Қайрат, Кайрат, Kairat, Qairat).
Every other list is matched as written (lowercase), or through the key for a Latin word
(Zhumabayeva, Ivanov): folding Kazakh letters away would make Кім ("who") the surname Ким and
Қарлы ("snowy") the given name Карл.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from aqyl.privacy.detectors.kazakh_morphology import declension_stem, kazakh_stems, russian_stems

# what a word can be
GIVEN = "G"  # a given name
AMBIGUOUS_GIVEN = "g"  # a given name that is also an everyday word (Бақыт, Арман, Вера)
SURNAME = "S"  # a surname: in the lexicon, or with a reliable ending (-ов, -ева, -енко)
# a weak name part: a surname ending ordinary words share (-ский, -ян, Latin -in), or a Latin
# given name that is an everyday English word (Grace, Mark, Christian): never a name alone or
# next to a word nothing is known about ("Christian Democrats")
WEAK_PART = "s"
PATRONYMIC = "P"  # -ович/-евна, -ұлы/-қызы
PLACE_NAME = "A"  # a place that is also a name (Алтай, Курчатов): a name only with support
UNKNOWN = "U"  # a capitalised word nothing is known about
NOT_NAME = "X"  # a month, a title, an organisation, a place: ends a name

_DIGRAPHS = {"shch": "ш", "sch": "ш", "dzh": "ж", "zh": "ж", "kh": "х", "sh": "ш", "ch": "ч",
             "ts": "ч", "gh": "г", "dj": "ж", "ya": "иа", "yu": "иу", "yo": "ио", "ye": "ие",
             "ph": "ф", "th": "т", "ck": "к", "x": "кс"}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_LATIN = dict(zip("abcdefghijklmnopqrstuvwyz", "абкдефгхижклмнопкрстуввиз", strict=True))
_FOLD = str.maketrans({
    **_LATIN,
    "ä": "а", "ö": "о", "ü": "у", "ū": "у", "ı": "и", "ğ": "г", "ş": "ш", "ç": "ч", "ñ": "н",
    "š": "ш", "ž": "ж", "č": "ч", "ß": "сс", "ø": "о", "æ": "а", "œ": "е",
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ы": "и", "й": "и", "ь": "", "ъ": "", "ё": "ио", "я": "иа", "ю": "иу", "э": "е", "ц": "ч",
    "щ": "ш", "є": "е", "ї": "и", "ґ": "г", "ў": "у", "'": "", "’": "", "ʼ": "",
})
_RUSSIFY = str.maketrans("әғқңөұүһі", "агкноуухи")
_RUSSIFY_UPPER = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_DOUBLE = re.compile(r"(.)\1+")  # Latin spellings double at will: Assel, Yessenov
_DOUBLE_VOWEL = re.compile(r"([аеиоу])\1+")  # Cyrillic keeps Жанна apart from Жаңа
_GLIDE = re.compile(r"(?<=[аоуе])ие|^ие")  # Zhumabayeva/Жұмабаева, Yerlan/Ерлан
LATIN_KEY = "~"  # marks the key of a Latin word, whose doubled letters are collapsed
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
MIN_KEY = 3  # shorter words (Ли, Ан) meet too many ordinary words
MIN_PEELED = 4  # letters of a stem whose case ending was peeled (Асанның; not Мұндай → Мун)
PLURALS = ("лар", "лер", "дар", "дер", "тар", "тер")
MIN_COMPOUND = 5  # letters of a name built from pieces: Ержан, Алтынай; not Алай ("but")

# surname and patronymic endings, tried on the lowercase word and on each of its Kazakh stems
_RU_FORMS = ("", "а", "у", "ым", "ом", "е", "ой", "ою", "ы", "ых", "ыми")
# -ин without the forms Kazakh words end in too (Әрине, Машинасы); never -ын (Бұрын, Қиын)
_STRONG_ENDINGS = (
    *(base + form for base in ("ов", "ев", "ёв") for form in _RU_FORMS),
    *("ин" + form for form in ("", "а", "у", "ым", "ой", "ых")),
    "енко", "ov", "ova", "ev", "eva", "yev", "yeva", "enko",
)
_PATRONYMIC_ENDINGS = (
    "ұлы", "қызы",
    *(base + form for base in ("ович", "евич") for form in ("", "а", "у", "ем", "е")),
    *(base + form for base in ("овн", "евн", "ичн") for form in ("а", "ы", "е", "у", "ой", "ою")),
    "ьич", "ьича", "ьичу", "ьичом", "ovich", "evich", "ovna", "evna", "ichna",
)
# son of, daughter of, in the spellings ordinary words share (Атаулы, Қарулы): only after a
# father's name the lexicon knows (Болатулы, Serikuly)
_FATHER_ENDINGS = ("улы", "кызы", "уулу", "оглы", "оглу", "гызы", "кизи", "uly", "ūly", "uli",
                   "ulı", "kyzy", "qyzy", "qızı", "kizi", "uulu")
_WEAK_ENDINGS = (
    *(base + form for base in ("ск", "цк") for form in ("ий", "ая", "ой", "ого", "ому", "им",
                                                          "ом", "ую")),
    "ук", "юк", "ян", "янц", "дзе", "швили", "ич",
    "in", "ina", "yn", "yna", "sky", "skiy", "skii", "skaya", "ski", "yan", "dze", "shvili",
    "uk", "yuk",
)
_VOWELS = frozenset("аәеёиіоөуұүыэюяaeiouyäöüūı")
MIN_SURNAME_STEM = 2  # letters before the ending, one a vowel: Попов, Боев; not Плов, Слов
_DATA = "aqyl.privacy.detectors"
_KATO_SKIP = frozenset({"облысы", "ауданы", "қаласы", "қ.ә.", "г.а.", "область", "район",
                        "region", "district", "city", "oblysy", "г.", "қ.", "of"})


def fold(word: str) -> str:
    """A script-free key of a word: Нұрлан, Нурлан, Nurlan and Nūrlan all fold to "нурлан"
    (a Latin word's key is marked with `LATIN_KEY` and has its doubled letters collapsed)."""
    lower = word.lower()
    if not _is_latin(lower):
        return _GLIDE.sub("е", _DOUBLE_VOWEL.sub(r"\1", _fold_letters(lower)))
    lower = _DIGRAPH.sub(lambda match: _DIGRAPHS[match.group()], lower)
    lower = unicodedata.normalize("NFD", lower.translate(_FOLD))
    lower = "".join(char for char in lower if not unicodedata.combining(char))
    return LATIN_KEY + _latin_key(_fold_letters(lower))


def exact(word: str) -> str:
    """The key of a word matched as written: lowercase, ё as е; a Latin word's `fold`."""
    lower = word.lower()
    return fold(lower) if _is_latin(lower) else lower.replace("ё", "е")


def _is_latin(lower: str) -> bool:
    return any("a" <= char <= "z" or "\u00c0" <= char <= "\u024f" for char in lower)


def _fold_letters(lower: str) -> str:
    return lower.translate(_FOLD).replace("дж", "ж")


def _latin_key(folded: str) -> str:
    return _GLIDE.sub("е", _DOUBLE.sub(r"\1", folded))


@dataclass(frozen=True)
class Lexicon:
    """The shipped word lists, as the keys they are matched by."""

    kazakh_given: frozenset[str]  # folded: every spelling of a Kazakh given name
    given: frozenset[str]  # as written: Russian and other given names
    declined: dict[str, frozenset[str]]  # Russian declension: stem key -> endings it takes
    ambiguous: frozenset[str]  # folded and as written
    surnames: frozenset[str]
    places: frozenset[str]  # the world's places, listed by hand
    kato: frozenset[str]  # Kazakhstan's territorial units, some named after people
    not_names: frozenset[str]
    russified_given: frozenset[str]  # Kazakh given names in Russian letters (Нурлан)
    first_pieces: frozenset[str]  # pieces Kazakh given names are built from
    last_pieces: frozenset[str]


def surname_shape(word: str, lexicon: Lexicon | None = None) -> str | None:
    """PATRONYMIC, SURNAME or WEAK_PART when `word` (lowercase) ends like one, else None.
    The ambiguous "son of" endings (-улы, -uly) count only with a `lexicon` that knows the
    father's name."""
    if word.endswith(_PATRONYMIC_ENDINGS):
        return PATRONYMIC if _has_stem(word, _PATRONYMIC_ENDINGS) else None
    if word.endswith(_FATHER_ENDINGS):
        size = max(len(ending) for ending in _FATHER_ENDINGS if word.endswith(ending))
        father = word[:-size]
        known = lexicon is not None and len(father) >= MIN_KEY and (
            fold(father) in lexicon.kazakh_given or exact(father) in lexicon.given)
        return PATRONYMIC if known else None
    if word.endswith(_STRONG_ENDINGS) and _has_stem(word, _STRONG_ENDINGS):
        return SURNAME
    if word.endswith(_WEAK_ENDINGS) and _has_stem(word, _WEAK_ENDINGS):
        return WEAK_PART
    return None


def _has_stem(word: str, endings: tuple[str, ...]) -> bool:
    size = max(len(ending) for ending in endings if word.endswith(ending))
    stem = word[:-size]
    return len(stem) >= MIN_SURNAME_STEM and any(char in _VOWELS for char in stem)


@lru_cache(maxsize=262_144)
def analyse(word: str) -> tuple[str, bool]:
    """What a capitalised word of text can be in a name (one of the constants above), and
    whether it carries a case ending (Назарбаевқа: a name in the dative is a person, never the
    first word of an organisation's name)."""
    lexicon = load_lexicon()
    if "-" in word:
        return _hyphenated_part(word, lexicon), False
    lower = word.lower()
    if word.isupper() and len(word) <= 4 and not (
            fold(lower) in lexicon.kazakh_given or exact(lower) in lexicon.given
            or exact(lower) in lexicon.surnames):
        return NOT_NAME, False  # an acronym: ҚР, БҰҰ, ТМД
    if lower.endswith(("овка", "евка", "овское", "евское")) and not _is_latin(lower):
        return NOT_NAME, False  # a Russian village (Мироновка), not Миронов in the dative
    return _part(lower, lexicon)


def word_part(word: str) -> str:
    """`analyse` without the case ending."""
    return analyse(word)[0]


@lru_cache(maxsize=65_536)
def is_place(word: str) -> bool:
    """True when a capitalised word is a place (Қостанай, Ресейдің), not a name."""
    lexicon = load_lexicon()
    return any(key in lexicon.places or key in lexicon.kato
               for key in map(exact, kazakh_stems(word.lower())))


def _part(lower: str, lexicon: Lexicon) -> tuple[str, bool]:
    """The part of a lowercase word, and whether it was found through a peeled case ending:
    the lexicons first, the longer stem winning (Алматыда is a place, not Алмат), then Russian
    declension, surname endings and the pieces of Kazakh names."""
    stems = [stem for at, stem in enumerate(kazakh_stems(lower))
             if at == 0 or len(stem) >= MIN_PEELED]
    exacts = [exact(stem) for stem in stems]
    if exacts[0] in lexicon.not_names:
        return NOT_NAME, False
    if len(lower) < MIN_KEY:  # Ли, Ан: surnames only next to a given name or initials
        return (WEAK_PART if exacts[0] in lexicon.surnames else UNKNOWN), False
    found = _listed_part(lower, stems, exacts, lexicon) or _declined_part(lower, lexicon)
    if found is not None:
        return found
    shapes = [surname_shape(stem, lexicon) for stem in stems]
    for shape in (PATRONYMIC, SURNAME, WEAK_PART):
        if shape in shapes:
            return shape, shapes.index(shape) > 0
    for at, stem in enumerate(stems):
        if _compound(stem, lexicon):
            return GIVEN, at > 0
    return UNKNOWN, False


def _declined_part(lower: str, lexicon: Lexicon) -> tuple[str, bool] | None:
    """A place or a given name in a Russian case (Ростова, Киеву; Анну, Сергею), for a word
    without Kazakh letters: Жаңа is not Жан in the genitive."""
    if KAZAKH_LETTERS.intersection(lower):
        return None
    for stem, ending in russian_stems(lower):
        if exact(stem) in lexicon.places:
            return NOT_NAME, False
        key = fold(stem)
        if ending in lexicon.declined.get(key, ()):
            return (AMBIGUOUS_GIVEN if key in lexicon.ambiguous else GIVEN), True
    return None


def _listed_part(lower: str, stems: list[str], exacts: list[str],
                 lexicon: Lexicon) -> tuple[str, bool] | None:
    """The part the lexicons give a word through its stems, or None when none lists it."""
    folds = [fold(stem) for stem in stems]
    named = len(stems)
    for at, (stem, key, folded) in enumerate(zip(stems, exacts, folds, strict=True)):
        if len(stem) < MIN_KEY:
            continue
        if key in lexicon.surnames or (
                (folded in lexicon.kazakh_given or key in lexicon.given)
                and not lower[len(stem):].startswith(PLURALS)):  # Ғалымдар: scientists
            named = at
            break
    placed = next((at for at, key in enumerate(exacts)
                   if key in lexicon.places or key in lexicon.kato), len(stems))
    if placed < len(stems) and placed <= named:
        # a place, unless the place is itself a name (Алтай, Курчатов): then only with support
        key = exacts[placed]
        named_place = placed == named or (
            key in lexicon.kato and key not in lexicon.places
            and surname_shape(stems[placed], lexicon) in (SURNAME, PATRONYMIC))
        return (PLACE_NAME, placed > 0) if named_place else (NOT_NAME, False)
    if any(key in lexicon.not_names for key in exacts[1:named]):
        return NOT_NAME, False
    if named == len(stems):
        return None
    if folds[named] in lexicon.kazakh_given or exacts[named] in lexicon.given:
        if not (folds[named] in lexicon.ambiguous or exacts[named] in lexicon.ambiguous):
            return GIVEN, named > 0
        return (WEAK_PART if _is_latin(lower) else AMBIGUOUS_GIVEN), named > 0
    return SURNAME, named > 0


def _compound(stem: str, lexicon: Lexicon) -> bool:
    """True when a word is built like a Kazakh given name: Өмір+жан, Тіллә+гүл. The pieces
    are matched as written (Жаңару is no Жан+ару), or in Russian letters for a word written
    without Kazakh ones (Омиржан), or by the Latin key."""
    if _is_latin(stem):
        key = fold(stem)
        given = lexicon.kazakh_given
    elif KAZAKH_LETTERS.intersection(stem):
        key, given = stem, lexicon.given
    else:
        key, given = stem.translate(_RUSSIFY), lexicon.russified_given
    if len(key) < MIN_COMPOUND:
        return False
    return any(key[cut:] in lexicon.last_pieces
               and (key[:cut] in lexicon.first_pieces or key[:cut] in given)
               for cut in range(2, len(key) - 1))


def _hyphenated_part(word: str, lexicon: Lexicon) -> str:
    """Қасым-Жомарт and Жан-Клод are given names; Нұр-Сұлтан is a place; Премьер-министр,
    Қарым-қатынас and АҚШ-қа are not names; Петров-Водкин is a surname."""
    lower = word.lower()
    whole, _ = _part(lower, lexicon)
    if whole != UNKNOWN:
        return whole
    pieces = word.split("-")
    if not all(pieces) or any(not piece[0].isupper() for piece in pieces[1:]):
        return NOT_NAME
    parts = [_part(piece.lower(), lexicon)[0] for piece in pieces]
    if NOT_NAME in parts:
        return NOT_NAME
    if GIVEN in parts or (AMBIGUOUS_GIVEN in parts and UNKNOWN not in parts):
        return GIVEN
    return parts[-1] if parts[-1] in (SURNAME, PATRONYMIC, WEAK_PART) else UNKNOWN


@cache
def load_lexicon() -> Lexicon:
    """The lexicons, read once from the package data."""
    ambiguous = _words("ambiguous.txt")
    kazakh = _words("given_kk.txt") + ambiguous
    others = _words("given_ru.txt") + _words("given_latin.txt")
    declined: dict[str, set[str]] = {}
    for name in kazakh + others:
        if not _is_latin(name.lower()):
            stem, endings = declension_stem(name.lower())
            declined.setdefault(fold(stem), set()).update(endings)
    kazakh_given = frozenset(key for name in kazakh for key in _keys(name))
    given = _as_written(kazakh + others) | {key for name in others for key in _keys(name)
                                            if key.startswith(LATIN_KEY)}
    first, last = _pieces()
    return Lexicon(
        kazakh_given=kazakh_given, given=frozenset(given),
        declined={key: frozenset(endings) for key, endings in declined.items() if endings},
        ambiguous=frozenset(_as_written(ambiguous) | {fold(word) for word in ambiguous}),
        surnames=_as_written(_words("surnames.txt")),
        places=_as_written(_words("places.txt")),
        kato=frozenset(_kato_places() - given - kazakh_given),
        not_names=_as_written(_words("not_names.txt")),
        russified_given=frozenset(name.lower().translate(_RUSSIFY) for name in kazakh),
        first_pieces=_piece_keys(first), last_pieces=_piece_keys(last))


def _keys(word: str) -> tuple[str, ...]:
    """The folded keys a Kazakh given name answers to: in Cyrillic, and in Latin."""
    key = fold(word)
    if key.startswith(LATIN_KEY):
        return (key,)
    return key, LATIN_KEY + _latin_key(key)


def _as_written(words: list[str]) -> frozenset[str]:
    """Each word as written, and as the Latin key its transliteration would give."""
    return frozenset(key for word in words for key in (exact(word), _keys(word)[-1]))


def _piece_keys(pieces: list[str]) -> frozenset[str]:
    """A name piece as written, in Russian letters, and as a Latin key."""
    return frozenset(key for piece in map(str.lower, pieces)
                     for key in (piece, piece.translate(_RUSSIFY), _keys(piece)[-1]))


def _pieces() -> tuple[list[str], list[str]]:
    sections: dict[str, list[str]] = {"[first]": [], "[last]": []}
    current: list[str] = []
    for word in _words("name_parts.txt"):
        if word in sections:
            current = sections[word]
        else:
            current.append(word)
    return sections["[first]"], sections["[last]"]


def _words(name: str) -> list[str]:
    text = resources.files(_DATA).joinpath("name_data", name).read_text(encoding="utf-8")
    return [word for line in text.splitlines() for word in line.split("#", 1)[0].split()]


def _kato_places() -> set[str]:
    """The words of Kazakhstan's oblasts, districts and cities (Қарағанды, Степногорск,
    Курчатов), shared with `aqyl.quality.territory` rather than copied."""
    path = resources.files("aqyl.quality").joinpath("reference_data", "kato.csv")
    places: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names = [row["name_kk"], row["name_ru"], row["name_en"],
                     *row["aliases"].split("|")]
            district = row["name_kk"].endswith("ауданы")
            for name in names:
                # districts named after people (Мағжан Жұмабаев ауданы) leave the surname a
                # name: "ауданы" after it tells the district apart
                words = [word for word in name.split() if word[:1].isupper()
                         and word.lower() not in _KATO_SKIP
                         and not (district and surname_shape(word.lower()) is not None)]
                # in Russian letters too, as legacy systems write them (Конаев, Талдыкорган)
                places.update(_as_written(words + [word.translate(_RUSSIFY_UPPER)
                                                   for word in words]))
    return places
