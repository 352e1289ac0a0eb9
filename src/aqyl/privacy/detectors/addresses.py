"""Postal addresses in Kazakhstan, as people write them in Kazakh and Russian, Cyrillic and Latin.

An address is a chain of parts joined by commas or spaces, in the order either language uses:

- places: postcode (the Kazpost code Z05T3E0, or the old six digits 050000), country, region
  (Алматы облысы, Алматинская обл.), district (Бостандық ауданы, Карасайский р-н), city
  (Астана қ., Алматы қаласы, г. Алматы, or a big city's name alone) and settlement (Қосшы
  ауылы, а. Қосшы, с. Бесагаш, п. Аксу);
- a street (Абай көшесі/к-сі/көш., ул./улица Абая, Қабанбай батыр даңғылы/даң., пр./пр-т
  Достык, б-р, тұйық/пер.) or a microdistrict (Самал-2 шағын ауданы/ш.а., мкр. Самал-2);
- the house (53-үй, үй 53, д. 10, дом 10, or a bare 10, 12А, 12/3 right after the street),
  a building (корпус 2, блок 3) and the flat or office (12-пәтер, кв. 5, п. 5, apt 5, офис 3).

It is an address only with a house: a street followed by a house number, or a city or
settlement followed by a marked house ("Қосшы ауылы, 5-үй"). A street, a city, or a column of
region or city names (quasi-identifiers, not direct ones) is not; nor are the markers' other
meanings: "54 кв. м" (square metres), "п. 3" (a clause), "2020 г." and "2020 ж." (years), a
number after a street that is a distance or a sum ("Абай даңғылы 5 км"). Kazakh case endings
on the markers belong to the address ("Абай көшесіндегі 10-үйде").

Free text is split into words and parsed (a regex of every form is too slow in Python's engine
and in RE2 alike). A column is judged in Arrow by three small RE2 regexes that every address
the parser accepts also passes: the value is made of address words only (capitalised names,
numbers, markers), holds a street or place marker, and a house. `mask` keeps the region,
district, city and settlement and hides the rest, the postcode included (a Kazpost code pins a
building): "г. Алматы, ***".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.registry import Mask, Span

MAX_LENGTH = 200  # longer values are notes that mention an address, not addresses

# markers by the part they announce, written before the name (ru "ул. Абая") or after it (kk
# "Абай көшесі"); a trailing "." is part of an abbreviation, a space joins a two-word marker
STREET_BEFORE = ("ул.", "пр.", "просп.", "пер.", "туп.", "наб.", "пл.", "ul.", "pr.", "str.",
                 "улица", "улице", "улицы", "улицу", "пр-т", "проспект", "проспекта",
                 "проспекте", "б-р", "бульвар", "бульвара", "бульваре", "переулок", "переулке",
                 "тупик", "набережная", "шоссе", "тракт", "площадь", "ulitsa", "prospekt",
                 "тұйық")
STREET_AFTER = ("көш.", "даң.", "даңғ.", "ул.", "пр.", "пер.", "st.", "str.", "ave.", "av.",
                "blvd.", "rd.", "ul.", "pr.", "kósh.", "kosh.", "көшесі", "көшесінде",
                "көшесіндегі", "көшесіне", "көшесінен", "көшесінің", "к-сі", "даңғылы",
                "даңғылында", "даңғылындағы", "даңғылына", "даңғылының", "д-лы", "проспектісі",
                "бульвары", "тұйығы", "тұйық", "алаңы", "тас жолы", "street", "st", "str",
                "avenue", "ave", "blvd", "boulevard", "lane", "road", "улица", "проспект",
                "пр-т", "переулок", "бульвар", "kóshesi", "koshesi", "köşesi", "dańǵyly",
                "dangyly", "dańğyly", "ulitsa", "prospekt", "k-si")
ENGLISH_STREET = frozenset({"st", "str", "ave", "av", "blvd", "rd", "street", "avenue",
                            "boulevard", "road", "lane"})
MKR_BEFORE = ("мкр.", "мкрн.", "ш.а.", "ы.а.", "ж.м.", "mkr.", "md.", "мкр", "мкрн", "мкр-н",
              "микрорайон", "микрорайона", "микрорайоне", "ш/а", "ж/м", "жилой массив", "mkr",
              "microdistrict", "m-n")
MKR_AFTER = ("ш.а.", "ы.а.", "мкр.", "мкрн.", "mkr.", "md.", "шағын ауданы", "шағын ауданында",
             "шағын ауданындағы", "шағын ауданының", "шағынауданы", "шағын аудан",
             "мөлтек ауданы", "ықшам ауданы", "тұрғын алабы", "мкр", "мкрн", "микрорайон",
             "microdistrict", "mkr", "shaǵyn aýdany", "shagyn audany")
CITY_BEFORE = ("г.", "гор.", "город", "города", "городе")
CITY_AFTER = ("қ.", "q.", "қаласы", "қаласында", "қаласындағы", "қаласынан", "қаласына",
              "қаласының", "qalasy", "city")
SETTLEMENT_BEFORE = ("с.", "п.", "пос.", "пгт.", "а.", "д.", "ст.", "село", "селе", "села",
                     "поселок", "посёлок", "поселке", "посёлке", "ауыл", "деревня", "станция",
                     "кент", "aul", "auyl", "aýyl", "village")
SETTLEMENT_AFTER = ("а.", "а.о.", "с.о.", "ауылы", "ауылында", "ауылындағы", "ауылынан",
                    "ауылына", "ауылының", "кенті", "кентінде", "селосы", "ауылдық округі",
                    "сельский округ", "auyly", "aýyly", "village")
REGION_AFTER = ("обл.", "облысы", "облысында", "облысындағы", "облысының", "облысынан",
                "область", "области", "обл", "region", "oblast", "oblysy")
DISTRICT_BEFORE = ("р-н", "район", "района", "районе")
DISTRICT_AFTER = ("ауд.", "ауданы", "ауданында", "ауданындағы", "ауданының", "ауданынан", "р-н",
                  "р-на", "р-не", "район", "района", "районе", "district", "audany", "aýdany")
HOUSE_BEFORE = ("д.", "h.", "bld.", "зд.", "уч.", "үй", "дом", "дома", "доме", "house", "bld",
                "building", "здание", "ғимарат", "участок", "úi", "üy", "uy")
HOUSE_AFTER = ("үй", "үйі", "үйде", "үйге", "үйден", "үйдің", "үйінде", "үйіне", "úi", "üy",
               "uy")
BUILDING_BEFORE = ("корп.", "к.", "бл.", "стр.", "лит.", "bldg.", "корпус", "блок", "строение",
                   "литер", "block", "bldg")
BUILDING_AFTER = ("блок", "корпус", "корпусы")
FLAT_BEFORE = ("п.", "кв.", "apt.", "ap.", "оф.", "of.", "каб.", "пом.", "н.п.", "kv.", "пәтер",
               "пәтері", "кв", "квартира", "квартире", "квартиры", "кв-ра", "apt", "apartment",
               "flat", "офис", "офисе", "office", "кеңсе", "кабинет", "помещение", "páter",
               "pater", "kv", "room", "комната", "бөлме")
FLAT_AFTER = ("пәтер", "пәтері", "пәтерде", "пәтерге", "пәтерден", "пәтерінде", "пәтеріне",
              "páter", "pater", "кеңсе", "офис")
COUNTRIES = ("Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan",
             "Қазақстан", "Казахстан", "Kazakhstan", "Qazaqstan", "ҚР", "РК")
# big cities are written without a marker ("Almaty, Abay ave 10")
CITIES = frozenset({
    "Астана", "Алматы", "Шымкент", "Қарағанды", "Караганда", "Ақтөбе", "Актобе", "Тараз",
    "Павлодар", "Өскемен", "Усть-Каменогорск", "Семей", "Атырау", "Қостанай", "Костанай",
    "Қызылорда", "Кызылорда", "Орал", "Уральск", "Петропавл", "Петропавловск", "Ақтау", "Актау",
    "Теміртау", "Темиртау", "Түркістан", "Туркестан", "Көкшетау", "Кокшетау", "Талдықорған",
    "Талдыкорган", "Екібастұз", "Экибастуз", "Жезқазған", "Жезказган", "Қонаев", "Конаев",
    "Нұр-Сұлтан", "Нур-Султан", "Almaty", "Astana", "Shymkent", "Karaganda", "Qaragandy",
    "Aktobe", "Aqtobe", "Taraz", "Pavlodar", "Oskemen", "Ust-Kamenogorsk", "Semey", "Atyrau",
    "Kostanay", "Qostanai", "Kyzylorda", "Qyzylorda", "Uralsk", "Oral", "Petropavl",
    "Petropavlovsk", "Aktau", "Aqtau", "Temirtau", "Turkistan", "Turkestan", "Kokshetau",
    "Taldykorgan", "Ekibastuz", "Zhezkazgan", "Konaev", "Nur-Sultan"})
# lower-case words that belong to a name: Қабанбай батыр, Төле би, Абылай хана, Жібек жолы
TITLES = frozenset({"би", "батыр", "батыра", "хан", "хана", "ата", "ана", "жолы", "жырау",
                    "ақын", "ұлы", "bi", "batyr", "batyra", "khan", "han", "ata", "joly",
                    "zholy"})
# capitalised sentence openers and address words that never start a place or street name
NOT_NAMES = frozenset({
    "Мен", "Менің", "Біз", "Біздің", "Ол", "Оның", "Олар", "Сен", "Бұл", "Осы", "Сол", "Бұрын",
    "Қазір", "Кеше", "Бүгін", "Ертең", "Жуырда", "Сондай-ақ", "Сонымен", "Содан", "Кейін",
    "Я", "Мы", "Он", "Она", "Они", "Его", "Её", "Ее", "Их", "Это", "Этот", "Эта", "В", "Во",
    "На", "По", "Из", "С", "Со", "К", "У", "От", "До", "За", "И", "А", "Но", "Ранее",
    "Раньше", "Сейчас", "Теперь", "Также", "Затем", "Потом", "Вчера", "Сегодня", "Адрес",
    "Адресу", "Мекенжай", "Мекенжайы", "Мекенжайым", "Проживает", "Проживаю", "Тұрады",
    "Тұрамын", "Житель", "Жительница", "Тұрғыны", "Address", "The", "In", "At", "On", "My",
    "I", "From", "To", "Lives", "Previously", "Now"})
# after a bare number these make it a distance, a duration, a count or a sum, not a house
UNITS = frozenset({"мин", "минут", "км", "м", "метр", "шақырым", "жыл", "жылы", "лет", "год",
                   "года", "г.", "ж.", "тенге", "теңге", "тг", "₸", "kzt", "usd", "адам",
                   "человек", "рет", "раз", "сағат", "час", "күн", "дней", "дня", "млн", "млрд",
                   "тыс", "мың", "km", "min", "years", "%", "руб"})

MONEY = frozenset({"тенге", "теңге", "тг", "₸", "kzt", "usd", "руб", "тыс", "млн", "млрд",
                   "мың", "%"})

_UP = "A-ZА-ЯЁӘІҢҒҮҰҚӨҺÁÄǴĞŃÑÓÖÚÜŪŞÇÝ"
_LETTER = _UP + "a-zа-яёәіңғүұқөһáäǵğńñóöúüūşçýı"
_TOKEN = re.compile(r"№|[^\W_]+(?:[-/'’][^\W_]+)*\.?")
_GAP = re.compile("[ \u00a0]*[,;]?[ \u00a0]*")
_DIGIT = re.compile("[0-9]")
_YEAR = re.compile("(?:1[89]|20)[0-9]{2}")
_THOUSANDS = re.compile("[0-9]{3}[.,]?")
_NUMBER = re.compile(r"[0-9]{1,4}[^\W\d_]?(?:/[0-9]{1,4}[^\W\d_]?)?")
_NUMBERED = re.compile(r"([0-9]{1,4}[^\W\d_]?(?:/[0-9]{1,4}[^\W\d_]?)?)-([^\W\d_]+)")
_OLD_POSTCODE = re.compile("(?:0[1-9]|1[0-9])[0-9]{4}")
_KAZPOST = re.compile("[A-Z][0-9]{2}[A-Z][0-9][A-Z][0-9]")
_ADDRESS_KINDS = re.compile("[PM]*S*(?:SN|[SM]H|E)[HBF]*[PM]*")
_NUMBERED_KINDS = frozenset({"house", "building", "flat"})
WINDOW_BEFORE, WINDOW_AFTER = 10, 16  # words an address may reach before and after its marker


def _table(**groups: tuple[str, ...]) -> dict[tuple[str, ...], frozenset[str]]:
    """Markers as word tuples ("ш.а." -> ("ш.", "а."), "тас жолы" -> ("тас", "жолы")), each with
    the parts it may announce ("п." is a settlement or a flat, "д." a house or a village)."""
    table: dict[tuple[str, ...], set[str]] = {}
    for kind, markers in groups.items():
        for marker in markers:
            table.setdefault(tuple(_TOKEN.findall(marker)), set()).add(kind)
    return {words: frozenset(kinds) for words, kinds in table.items()}


BEFORE = _table(street=STREET_BEFORE, mkr=MKR_BEFORE, city=CITY_BEFORE,
                settlement=SETTLEMENT_BEFORE, district=DISTRICT_BEFORE, house=HOUSE_BEFORE,
                building=BUILDING_BEFORE, flat=FLAT_BEFORE)
AFTER = _table(street=STREET_AFTER, mkr=MKR_AFTER, city=CITY_AFTER, settlement=SETTLEMENT_AFTER,
               region=REGION_AFTER, district=DISTRICT_AFTER, house=HOUSE_AFTER,
               building=BUILDING_AFTER, flat=FLAT_AFTER)
_COUNTRY_WORDS: dict[str, list[tuple[str, ...]]] = {}
for _country in COUNTRIES:
    _COUNTRY_WORDS.setdefault(_country.split()[0], []).append(tuple(_country.split()))
_MULTI_FIRST = frozenset(words[0] for table in (BEFORE, AFTER) for words in table
                         if len(words) > 1)
_BEFORE_FIRST = frozenset(words[0] for words in BEFORE)
_MARKER_WORDS = frozenset(word for table in (BEFORE, AFTER) for words in table for word in words)
# every address holds a street, microdistrict, city or settlement marker: a text without one of
# these words is passed over at the cost of one `findall`
_PLACES = frozenset({"street", "mkr", "city", "settlement"})
_ANCHORS_BEFORE = frozenset(words[0] for words, kinds in BEFORE.items() if kinds & _PLACES)
_ANCHORS_AFTER = frozenset(words[0] for words, kinds in AFTER.items() if kinds & _PLACES)
_ANCHORS = _ANCHORS_BEFORE | _ANCHORS_AFTER | frozenset(
    f"{word}." for word in _ANCHORS_BEFORE | _ANCHORS_AFTER if not word.endswith("."))


def _anchored(words: list[str], lowers: list[str], i: int) -> bool:
    """Word i is a street or place marker where it stands: a name follows it ("г. Алматы",
    not "2020 г.", "п. 3") or precedes it ("Абай көшесі")."""
    lower, word = lowers[i], words[i]
    if (len(word) == 2 and word[0].isupper() and word[1] == "." and i + 1 < len(words)
            and words[i + 1][:2].istitle()):
        return False  # an initial: "Ким С. Петрович", "А. Кузнецов"
    if lower in _ANCHORS_BEFORE:
        following = words[i + 1] if i + 1 < len(words) else ""
        kinds = BEFORE.get((lower,), frozenset())
        if kinds == {"city"} and i and _YEAR.fullmatch(words[i - 1]):
            return False  # "2020 г." is a year
        if following[:1].isupper() or (following[:1].isdigit() and kinds & {"street", "mkr"}):
            return True
    if lower in _ANCHORS_AFTER or lower.rstrip(".") in _ANCHORS_AFTER:
        previous = words[i - 1] if i else ""
        return previous[:1].isupper() or previous[:1].isdigit() or previous in TITLES
    return False


@dataclass(frozen=True)
class _Part:
    """One part of an address: `kind` is P (place), M (city or settlement, which may carry a
    house), S (street), H (house), N (bare number), B (building), F (flat) or E (the English
    "10 Abay St"); `closed` when the sentence's full stop follows; `keep` for what a mask
    keeps."""

    kind: str
    start: int
    end: int
    next: int
    closed: bool = False
    keep: bool = False


Found = tuple[frozenset[str], int, bool]


class _Parser:
    """The parts of one text, word by word, and the address spans they chain into."""

    def __init__(self, text: str, lowers: list[str] | None = None) -> None:
        self.text = text
        matches = list(_TOKEN.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.words = [text[start:end] for start, end in zip(self.starts, self.ends, strict=True)]
        self.count = len(matches)
        self.lowers = (lowers if lowers is not None and len(lowers) == self.count
                       else [word.lower() for word in self.words])
        # word i follows word i-1 after spaces only, or straight after an abbreviation's dot;
        # filled in for the windows looked at
        self.spaced = [False] * (self.count + 1)

    def look_at(self, first: int, last: int) -> None:
        text, ends, starts, words = self.text, self.ends, self.starts, self.words
        for i in range(max(first, 1), min(last, self.count)):
            gap = text[ends[i - 1]:starts[i]]
            self.spaced[i] = gap == " " or (gap.strip(" \u00a0") == "" and (
                gap != "" or words[i - 1][-1] in ".№"))

    def marker(self, i: int, table: dict[tuple[str, ...], frozenset[str]]) -> Found | None:
        """The kinds a marker starting at word i announces, the word after it, and whether its
        last word's full stop ends the sentence rather than the abbreviation."""
        if i >= self.count:
            return None
        lower = self.lowers[i]
        if lower in _MULTI_FIRST:
            for size in (3, 2):
                end = i + size
                if end <= self.count and all(self.spaced[i + 1:end]):
                    words = tuple(self.lowers[i:end])
                    if words in table:
                        return table[words], end, False
        if (lower,) in table:
            return table[(lower,)], i + 1, False
        if lower[-1] == "." and (lower[:-1],) in table:
            return table[(lower[:-1],)], i + 1, True
        return None

    def name_word(self, i: int, *, first: bool, street: bool) -> bool:
        if i >= self.count or (not first and not self.spaced[i]):
            return False
        word, lower = self.words[i], self.lowers[i]
        if not first and lower in TITLES:
            return True
        if not (word[0].isupper() or (street and first and word[0].isdigit())):
            return False
        if lower in _MARKER_WORDS or (lower[-1] == "." and lower[:-1] in _MARKER_WORDS):
            return False
        return not (first and word.rstrip(".") in NOT_NAMES)

    def initial(self, i: int) -> bool:
        word = self.words[i] if i < self.count else ""
        return len(word) == 2 and word[0].isupper() and word[1] == "."

    def name_after_marker(self, i: int, *, street: bool) -> tuple[int, bool] | None:
        """The name after a marker ("ул. Абая", "г. Алматы"): one to three words, stopping before
        a word that another marker follows ("г. Алматы Абай көшесі")."""
        if self.initial(i) and self.name_word(i + 1, first=False, street=False):
            i += 1
        elif not self.name_word(i, first=True, street=street):
            return None
        end = i + 1
        while (end - i < 3 and self.words[end - 1][-1] != "."
               and self.name_word(end, first=False, street=street)
               and (self.lowers[end] in TITLES or self.marker(end + 1, AFTER) is None)):
            end += 1
        return end, self.words[end - 1][-1] == "."

    def part(self, i: int) -> _Part | None:
        first = self.words[i][0]
        if first.isdigit():
            return self._numbered(i)
        if self.lowers[i] in _BEFORE_FIRST:
            found = self._before_marker(i)
            if found is not None:
                return found
        if not first.isupper():
            return None
        return self._place_word(i) or self._name_then_marker(i) or self._known_city(i)

    def _end(self, kind: str, first: int, last: int, *, closed: bool, keep: bool = False
             ) -> _Part:
        end = self.ends[last] - 1 if closed else self.ends[last]
        return _Part(kind, self.starts[first], end, last + 1, closed, keep)

    def _before_marker(self, i: int) -> _Part | None:
        found = self.marker(i, BEFORE)
        if found is None or found[2]:
            return None
        kinds, j, _ = found
        if j >= self.count or not self.spaced[j]:
            return None
        if kinds & _NUMBERED_KINDS:
            k = j + 1 if self.words[j] == "№" and j + 1 < self.count and self.spaced[j + 1] else j
            if _NUMBER.fullmatch(self.words[k].rstrip(".")):
                kind = "H" if "house" in kinds else "B" if "building" in kinds else "F"
                return self._end(kind, i, k, closed=self.words[k][-1] == ".")
        if "city" in kinds and i and _YEAR.fullmatch(self.words[i - 1]) and self.spaced[i]:
            return None  # "2020 г." is a year
        for wanted, kind in (("street", "S"), ("mkr", "S"), ("city", "M"), ("settlement", "M"),
                             ("district", "P")):
            if wanted in kinds:
                name = self.name_after_marker(j, street=kind == "S")
                if name is not None:
                    return self._end(kind, i, name[0] - 1, closed=name[1], keep=kind != "S")
        return None

    def _numbered(self, i: int) -> _Part | None:
        """A part that starts with a number: "53-үй", "12 пәтер", "5 мкр.", "10 Abay St",
        a postcode, or a bare house number."""
        closed = self.words[i][-1] == "."
        word = self.words[i].rstrip(".")
        glued = _NUMBERED.fullmatch(word)
        kinds = AFTER.get((glued.group(2).lower(),), frozenset()) if glued else frozenset()
        for wanted, kind in (("house", "H"), ("flat", "F"), ("building", "B")):
            if wanted in kinds:
                return self._end(kind, i, i, closed=closed)
        if _NUMBER.fullmatch(word) is None:
            postcode = _OLD_POSTCODE.fullmatch(word) and not self._unit_follows(i, MONEY)
            return self._end("P", i, i, closed=closed) if postcode else None
        marked = None if closed else self._number_then_marker(i)
        if marked is not None or self._unit_follows(i):
            return marked
        return self._end("N", i, i, closed=closed)

    def _number_then_marker(self, i: int) -> _Part | None:
        if i + 1 >= self.count or not self.spaced[i + 1]:
            return None
        following = self.marker(i + 1, AFTER)
        if following is not None:
            kinds, j, stop = following
            for wanted, kind in (("house", "H"), ("flat", "F"), ("building", "B"),
                                 ("mkr", "S"), ("street", "S")):
                if wanted in kinds:
                    return self._end(kind, i, j - 1, closed=stop)
        english = self._name_then_marker(i + 1)
        if (english is not None and english.kind == "S"
                and self.lowers[english.next - 1].rstrip(".") in ENGLISH_STREET):
            return _Part("E", self.starts[i], english.end, english.next, english.closed)
        return None

    def _unit_follows(self, i: int, units: frozenset[str] = UNITS) -> bool:
        """A distance, a sum or a count ("5 км", "10 000 тенге", "15%"): not a house."""
        rest = self.text[self.ends[i]:self.ends[i] + 3].lstrip(" \u00a0")
        if rest[:1] in ("%", "₸"):
            return True
        if self.words[i][-1] == "." or i + 1 >= self.count or not self.spaced[i + 1]:
            return False
        following = self.lowers[i + 1]
        return (following in units or following.rstrip(".") in units
                or _THOUSANDS.fullmatch(following) is not None)  # "10 000"

    def _place_word(self, i: int) -> _Part | None:
        word = self.words[i].rstrip(".")
        if len(word) == 7 and _KAZPOST.fullmatch(word):
            return self._end("P", i, i, closed=self.words[i][-1] == ".")
        for words in _COUNTRY_WORDS.get(word, ()):
            last = i + len(words) - 1
            if last < self.count and all(
                    self.words[i + k].rstrip(".") == word and self.spaced[i + k]
                    for k, word in enumerate(words[1:], start=1)):
                return self._end("P", i, last, closed=self.words[last][-1] == ".", keep=True)
        return None

    def _name_then_marker(self, i: int) -> _Part | None:
        """A name and the marker after it: "Абай көшесі", "Алматы қ.", "Самал-2 ш.а."."""
        start = i
        if self.initial(i):
            i += 1
        for size in range(1, 4):
            last = i + size - 1
            if not self.name_word(last, first=size == 1, street=True) or self.words[last][
                    -1] == ".":
                return None
            found = self.marker(last + 1, AFTER)
            if found is None or not self.spaced[last + 1]:
                continue
            kinds, j, closed = found
            digits = self.words[i][0].isdigit()
            for wanted, kind in (("street", "S"), ("mkr", "S"), ("city", "M"),
                                 ("settlement", "M"), ("region", "P"), ("district", "P")):
                if wanted in kinds and (kind == "S" or not digits):
                    return self._end(kind, start, j - 1, closed=closed, keep=kind != "S")
            return None
        return None

    def _known_city(self, i: int) -> _Part | None:
        if self.words[i].rstrip(".") in CITIES:
            return self._end("P", i, i, closed=self.words[i][-1] == ".", keep=True)
        return None

    def runs(self, first: int = 0, last: int | None = None) -> Iterator[list[_Part]]:
        """Runs of parts joined by commas or spaces, from word `first` to `last`."""
        last = self.count if last is None else min(last, self.count)
        run: list[_Part] = []
        i = first
        while i < last:
            found = self.part(i)
            if found is None:
                if run:
                    yield run
                run = []
                i += 1
                continue
            if run and (run[-1].closed or
                        _GAP.fullmatch(self.text[run[-1].end:found.start]) is None):
                yield run
                run = []
            run.append(found)
            i = found.next
        if run:
            yield run

    def addresses(self, windows: list[tuple[int, int]]) -> Iterator[list[_Part]]:
        """The parts of each address, in the windows of words around the anchors."""
        for first, last in windows:
            self.look_at(first, last + WINDOW_AFTER)
            for run in self.runs(first, last):
                kinds = "".join(part.kind for part in run)
                for match in _ADDRESS_KINDS.finditer(kinds):
                    yield run[match.start():match.end()]

    def windows(self) -> list[tuple[int, int]]:
        """Where addresses may be: a few words either side of each street or place marker."""
        windows: list[tuple[int, int]] = []
        for i, lower in enumerate(self.lowers):
            if lower in _ANCHORS and _anchored(self.words, self.lowers, i):
                first, last = max(0, i - WINDOW_BEFORE), i + WINDOW_AFTER
                if windows and first <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], last)
                else:
                    windows.append((first, last))
        return windows


def find_addresses(text: str) -> Iterator[Span]:
    """The postal addresses in free text, from their first place or street to the flat."""
    lowers = _TOKEN.findall(text.lower())
    if _ANCHORS.isdisjoint(lowers) or _DIGIT.search(text) is None:
        return  # every address has a street or place marker and a house number
    words = _TOKEN.findall(text)
    if len(words) == len(lowers) and not any(
            lower in _ANCHORS and _anchored(words, lowers, i) for i, lower in enumerate(lowers)):
        return
    parser = _Parser(text, lowers)
    for parts in parser.addresses(parser.windows()):
        start, end = parts[0].start, parts[-1].end
        yield Span("address", start, end, text[start:end])


def mask_address(value: str) -> str:
    """Алматы қ., ***: the region, district, city and settlement stay, the rest is hidden (the
    postcode too: a Kazpost code pins a building)."""
    parser = _Parser(value)
    for parts in parser.addresses([(0, parser.count)]):
        return ", ".join([*(value[p.start:p.end] for p in parts if p.keep), "***"])
    return "***"


# The column check: address words only, a street or place marker, and a house. RE2 and Python
# read these the same way (no lookarounds, explicit letter classes).
def _escape(word: str) -> str:
    return re.sub(r"([.()\[\]{}?*+|^$\\])", r"\\\1", word)


def _alternation(words: set[str] | frozenset[str]) -> str:
    return "|".join(sorted(map(_escape, words), key=len, reverse=True))


_NAME_WORD = f"[{_UP}0-9][{_LETTER}0-9]*(?:[-/'’][{_LETTER}0-9]+)*"
_LOWER_WORDS = frozenset({*_MARKER_WORDS, *TITLES, "of"})
_SPACE = "[ \u00a0]"
# an abbreviation (or №) may touch the next word; other words need a space or a comma between
_GLUED = f"(?:№|{_NAME_WORD}\\.|{_alternation({w for w in _LOWER_WORDS if w.endswith('.')})})"
_SPACED = f"(?:{_NAME_WORD}|{_alternation({w for w in _LOWER_WORDS if not w.endswith('.')})})"
_ADDRESS_WORDS = (f"^(?:{_GLUED}{_SPACE}*[,;]?{_SPACE}*|{_SPACED}(?:{_SPACE}*[,;]{_SPACE}*"
                  f"|{_SPACE}+))*(?:{_GLUED}|{_SPACED})$")
_EDGE = f"(?:^|[^{_LETTER}0-9])"
_END = f"(?:$|[^{_LETTER}0-9])"


def _markers(table: dict[tuple[str, ...], frozenset[str]], kinds: set[str]) -> str:
    """The markers of these kinds as an alternation; "ш.а." and "ш. а." are one marker."""
    forms = {"".join(_escape(word) + (f"{_SPACE}*" if word.endswith(".") else f"{_SPACE}+")
                     for word in words[:-1]) + _escape(words[-1])
             for words, found in table.items() if found & kinds}
    return "|".join(sorted(forms, key=len, reverse=True))


_PLACE_MARKERS_AFTER = _markers(AFTER, {"street", "mkr", "city", "settlement"})
_ANCHOR_WORD = (f"{_EDGE}(?i:{_markers(BEFORE, {'street', 'mkr'})}){_SPACE}*[{_UP}0-9]"
                f"|{_EDGE}(?i:{_markers(BEFORE, {'city', 'settlement'})}){_SPACE}*[{_UP}]"
                f"|[{_LETTER}0-9]{_SPACE}+(?i:{_PLACE_MARKERS_AFTER}){_END}")
_HOUSE_NUMBER = (
    f"{_EDGE}(?i:{_markers(BEFORE, {'house', 'building', 'flat'})}){_SPACE}*№?{_SPACE}*[0-9]"
    f"|[0-9][{_LETTER}]?{_SPACE}?-?{_SPACE}?(?i:{_markers(AFTER, {'house', 'building', 'flat'})})"
    f"{_END}"
    f"|(?i:{_markers(BEFORE, {'street', 'mkr'})}|{_markers(AFTER, {'street', 'mkr'})})"
    f".*[^{_LETTER}0-9][0-9]"
    f"|[0-9]{_SPACE}+[{_UP}].*{_SPACE}(?i:{_alternation(ENGLISH_STREET)}){_END}")
COLUMN_REGEXES = (_ADDRESS_WORDS, _ANCHOR_WORD, _HOUSE_NUMBER)
_COLUMN_CHECKS = tuple(re.compile(regex) for regex in COLUMN_REGEXES)


def is_address(value: str) -> bool:
    """The whole value is one postal address: address words only, with a street or a place
    marker and a house (the column check; free text is parsed by `find_addresses`)."""
    return len(value) <= MAX_LENGTH and all(check.search(value) for check in _COLUMN_CHECKS)


@dataclass(frozen=True)
class AddressDetector:
    """The `address` kind: parsed rather than matched, so not a `PatternDetector`."""

    kind: str = "address"
    hints: tuple[str, ...] = (
        "мекенжай", "мекенжайы", "мекен жай", "мекен жайы", "мекен-жай", "мекен-жайы",
        "тіркелген мекенжайы", "тұрғылықты мекенжайы", "нақты мекенжайы", "пошталық мекенжайы",
        "тұратын жері", "адрес", "адреса", "адрес регистрации", "адрес проживания",
        "фактический адрес", "юридический адрес", "почтовый адрес", "место жительства",
        "место проживания", "address", "home address", "postal address", "street address",
        "residential address", "addr")
    needs_hint: bool = False

    def validate(self, value: str) -> bool:
        return is_address(value.strip())

    def validate_column(self, values: pa.Array) -> Mask:
        trimmed = pc.utf8_trim_whitespace(values.cast(pa.string()))
        ok = pc.less_equal(pc.utf8_length(trimmed), MAX_LENGTH)
        for regex in COLUMN_REGEXES:
            ok = pc.and_(ok, pc.match_substring_regex(trimmed, regex))
        return np.asarray(pc.fill_null(ok, False).to_numpy(zero_copy_only=False), dtype=bool)

    def find(self, text: str) -> Iterator[Span]:
        return find_addresses(text)

    def mask(self, value: str) -> str:
        return mask_address(value.strip())


ADDRESS = AddressDetector()
DETECTORS = (ADDRESS,)
