"""Kazakh case endings and Russian declension endings peeled off a word to reach its stem.

A name in Kazakh text carries the case of its place in the sentence (Тоқаевтың, Асқарға,
Түймебаевпен, Құнанбайұлының), sometimes after a plural or possessive ending
(Назарбаевтардың); in Russian text it is declined (Ивановым, Анну, Сергею). Lexicons hold the
nominative, so a word is looked up through every stem these endings leave. Vowel harmony is not
checked: peeling both the back and the front variant only offers more stems to look up, and a
stem counts only when a lexicon or a surname ending confirms it.
"""

from __future__ import annotations

from functools import lru_cache

# Kazakh case endings, with the spellings of texts typed without Kazakh letters (-тын, -га, -ка)
CASE_ENDINGS = frozenset({
    # genitive
    "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нин", "дын", "дин", "тын", "тин",
    # dative (-на/-не after a possessive: Әкесіне)
    "ға", "ге", "қа", "ке", "на", "не", "га", "ка",
    # accusative
    "ны", "ні", "ды", "ді", "ты", "ті", "ни", "ди", "ти",
    # locative, and the adjectival locative (Алматыдағы)
    "да", "де", "та", "те", "нда", "нде", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "дагы", "деги", "тагы", "теги",
    # ablative
    "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",
    # instrumental
    "мен", "пен", "бен", "менен", "пенен", "бенен",
    # equative and similative (Абайша, Абайдай), possessive pronoun (Асанның → Асандікі)
    "ша", "ше", "дай", "дей", "тай", "тей", "нікі", "дікі", "тікі",
})
# what may stand between a stem and its case ending: plural and third-person possessive
INNER_ENDINGS = frozenset({"лар", "лер", "дар", "дер", "тар", "тер", "ы", "і", "сы", "сі"})
OUTER_ENDINGS = CASE_ENDINGS | INNER_ENDINGS
# Russian declension of given names, by how the nominative ends: the nominative's last letter
# (or nothing, after a consonant) is replaced by one of these endings
RUSSIAN_DECLENSION = {
    "а": ("ы", "и", "е", "у", "ой", "ей", "ою", "ею"),  # Анна: Анны, Анне, Анну, Анной
    "я": ("и", "е", "ю", "ей", "ею"),  # Мария: Марии, Марию, Марией
    "й": ("я", "ю", "ем", "е"),  # Сергей: Сергея, Сергею, Сергеем
    "ь": ("я", "ю", "ем", "е"),  # Игорь: Игоря
    "": ("а", "у", "ом", "е", "ым"),  # Иван, Нурлан: Ивана, Нурлану, Иваном
}
RUSSIAN_ENDINGS = frozenset(ending for endings in RUSSIAN_DECLENSION.values()
                            for ending in endings)
LONGEST = max(len(ending) for ending in OUTER_ENDINGS)
MIN_STEM = 2
MIN_RUSSIAN_STEM = 3
_VOWELS = frozenset("аәеёиіоөуұүыэюяaeiouy")
_VOICED = {"г": "к", "ғ": "қ", "б": "п"}  # a final к, қ, п turns voiced before a vowel


@lru_cache(maxsize=65_536)
def kazakh_stems(word: str) -> tuple[str, ...]:
    """`word` (lowercase) and every stem left by peeling one Kazakh case, plural or possessive
    ending, then one more plural or possessive ending: "назарбаевтардың" gives
    "назарбаевтар" and "назарбаев". Longer stems first."""
    stems = [word]
    for stem in _peel(word, OUTER_ENDINGS):
        stems.extend(_restored(stem, word))
        for inner in _peel(stem, INNER_ENDINGS):
            stems.extend(_restored(inner, word))
    return tuple(dict.fromkeys(stems))


def _restored(stem: str, word: str) -> tuple[str, ...]:
    """A stem, and before a vowel ending also the stem with its voiceless final consonant
    back (әкімшілігі: әкімшілік; Бақытжанға needs no such help)."""
    final = _VOICED.get(stem[-1:])
    if final and word[len(stem):len(stem) + 1] in _VOWELS:
        return stem, stem[:-1] + final
    return (stem,)


@lru_cache(maxsize=65_536)
def russian_stems(word: str) -> tuple[tuple[str, str], ...]:
    """The (stem, ending) pairs left by peeling one Russian declension ending: "анну" gives
    ("анн", "у")."""
    return tuple((word[:-size], word[-size:])
                 for size in range(1, min(3, len(word) - MIN_RUSSIAN_STEM) + 1)
                 if word[-size:] in RUSSIAN_ENDINGS)


def declension_stem(name: str) -> tuple[str, tuple[str, ...]]:
    """The stem of a given name (lowercase) that Russian declension keeps, and the endings it
    takes; no endings for names Russian leaves undeclined (Әли, Сәуле)."""
    last = name[-1:]
    if last in RUSSIAN_DECLENSION:
        return name[:-1], RUSSIAN_DECLENSION[last]
    if last in _VOWELS:
        return name, ()
    return name, RUSSIAN_DECLENSION[""]


def _peel(word: str, endings: frozenset[str]) -> list[str]:
    return [word[:-size] for size in range(1, min(LONGEST, len(word) - MIN_STEM) + 1)
            if word[-size:] in endings]
