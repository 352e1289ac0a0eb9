"""The words around a capitalised word that tell whether it is a person's name.

Before a name: titles, positions and forms of address (министр, әкім, депутат, господин, г-н,
Mr). After it: Kazakh honorifics (Асқар мырза, Әсел ханым, Болат аға) and said-verbs (деді,
айтты, сказал, said). Either lets a word that is a name only sometimes (Арман, Алтай) or a
capitalised word no lexicon knows count as one. Words after a name that make it part of a place
or an organisation's name (Абай даңғылы, Абай атындағы мектеп, Назарбаев Университеті), and
words before it that make it a street (ул. Абая, проспект Назарбаева), rule it out.
"""

from __future__ import annotations

from aqyl.privacy.detectors.names_lexicon import PLURALS, is_place

PUNCTUATION = ".,:;!?«»\"“”„()[]—–-'’"

TITLES_BEFORE = (
    "министр", "вице-министр", "премьер", "президент", "әкім", "аким", "депутат", "директор",
    "төраға", "басшы", "хатшы", "спикер", "сенатор", "профессор", "академик", "доктор",
    "дәрігер", "ұстаз", "мұғалім", "тренер", "ақын", "жазушы", "композитор", "әнші",
    "журналист", "тілші", "сарапшы", "маман", "қызметкер", "генерал", "полковник", "майор",
    "капитан", "лейтенант", "судья", "прокурор", "адвокат", "елші", "посол", "губернатор",
    "мэр", "канцлер", "председател", "заместител", "орынбасар", "господин", "госпож",
    "гражданин", "гражданк", "мистер", "миссис", "спортшы", "балуан", "боксшы", "чемпион",
    "студент", "оқушы", "пациент", "автор", "режиссер", "режиссёр", "актер", "актёр",
    "актриса", "певец", "певица", "писател", "поэт", "художник", "суретші", "кәсіпкер",
    "зейнеткер", "ардагер", "тұрғын", "житель", "жительниц", "блогер", "эксперт", "аналитик",
    "бапкер", "ғалым", "учёный", "ученый", "врач", "учител", "инженер", "сотрудник",
    "руководител", "глав", "ректор", "декан", "омбудсмен", "король", "королев", "патша",
    "принц", "папа", "имам", "мүфти", "лорд", "император", "ханзада", "президент",
    "әріптес", "тілшіміз", "коллег", "жүргізуші", "водител", "клиент", "курьер", "заявител",
    "өтінішкер", "сатушы", "продав", "покупател", "собственник", "владел", "иесі", "менеджер",
    "бухгалтер", "кассир", "оператор", "инспектор", "следовател", "тергеуші", "нотариус",
    "полицей", "куәгер", "свидетел", "истец", "ответчик", "подсудим", "потерпевш",
    "жәбірленуші", "сотталушы", "заемщик", "абонент", "пользовател", "қолданушы", "получател",
    "отправител", "плательщик", "төлеуші", "client", "courier", "customer", "driver",
    "employee", "applicant", "owner", "witness", "contact", "manager", "president", "minister",
    "director", "governor", "mayor", "chairman", "professor", "doctor", "senator", "ambassador",
    "ceo", "founder",
)
TITLE_WORDS = frozenset({"г-н", "г-жа", "гн", "гжа", "тов", "mr", "mrs", "ms", "dr", "prof",
                         "sir", "lady", "елбасы"})
HONORIFICS_AFTER = frozenset({
    "мырза", "мырзаның", "мырзаға", "мырзамен", "мырзаны", "мырзадан", "ханым",
    "ханымның", "ханымға", "ханыммен", "ханымды", "ханымнан", "аға", "ағай", "ағамыз",
    "ағаның", "ағаға", "ағаймен", "апай", "апа", "апамыз", "апайдың", "әпке", "ата", "атамыз",
    "атаның", "әже", "әжей", "би", "бидің", "батыр", "батырдың", "қажы",
})
# before a name addressed (Қайырлы кеш, Зейін. Рақмет, Азамат.) or after it (Азамат, сіз
# эфирдесіз. Алмас, сөз сізде.)
GREETINGS_BEFORE = frozenset({"рақмет", "рахмет", "сәлем", "кеш", "таң", "күн", "құрметті",
                              "спасибо", "здравствуйте", "уважаемый", "уважаемая", "dear",
                              "thanks", "hello"})
ADDRESSED_AFTER = frozenset({"сіз", "сен", "сізге", "саған", "сізді", "сөз", "рақмет",
                             "рахмет", "қайырлы", "сәлеметсіз", "вы", "ты", "you"})
SAID_AFTER = frozenset({
    "деді", "дейді", "айтты", "айтады", "айтқан", "атап", "мәлімдеді", "хабарлады",
    "жазды", "сөйледі", "түсіндірді", "сказал", "сказала", "заявил", "заявила", "отметил",
    "отметила", "сообщил", "сообщила", "пояснил", "пояснила", "считает", "говорит", "said",
    "says", "told", "added", "wrote",
})
# after a name: it names a place, an organisation, an award or a street (the possessive forms,
# since "Асқар университетте оқиды" and "Асқар мектепке барды" speak of a person)
PLACE_AFTER = (
    "атындағы", "атында", "университеті", "мектебі", "гимназиясы", "лицейі", "колледжі",
    "институты", "академиясы", "көшесі", "даңғылы", "проспектісі", "бульвары", "ауданы",
    "облысы", "ауылы", "ауылдық", "қаласы", "кенті", "алаңы", "саябағы", "сыйлығы",
    "стипендиясы", "қорының", "қорына", "қорынан", "қорында", "орталығы", "театры",
    "музейі", "стадионы", "ауруханасы", "емханасы", "мешіті", "ескерткіші", "кесенесі",
    "станциясы", "әуежайы", "вокзалы", "шыңы", "көлі", "өзені", "шатқалы", "бағдарламасы",
    "university", "street", "avenue", "district", "region", "prize", "award", "foundation",
    "school", "airport", "университет", "институт", "район", "област", "премия", "премии",
    "стипендия", "медал", "орден", "орденом", "республика", "министрлі", "комитет",
    "агенттіг", "департамент", "басқарма", "партия", "аудан", "облыс", "аулы", "көшел",
    "даңғылдар", "қалалар", "ордендері", "атындағ", "ауылдар", "чемпионат", "кубог",
    "біріншілі", "турнир", "фестивал", "олимпиада",
)
# words a list of street or organisation names is joined with (Байтұрсынов пен Қонаев көшелері)
JOINERS = frozenset({"пен", "мен", "бен", "және", "и", "and"})
PLACE_AFTER_WORDS = frozenset({"қоры", "жолы", "жолының", "жолына", "жолымен", "жолында",
                               "жолынан", "ордасы", "ауданы", "көш", "даң", "обл", "ауд", "р-н",
                               "қ", "г", "а", "с", "к-сі", "ш-ы"})
# lowercase words inside an institution's name, between the name it bears and its head word
# (Амангелді жалпы орта білім беретін мектебі)
INSTITUTION_WORDS = frozenset({
    "жалпы", "орта", "білім", "беретін", "негізгі", "бастауыш", "мемлекеттік", "облыстық",
    "аудандық", "қалалық", "ауылдық", "көпбейінді", "мамандандырылған", "дарынды", "балаларға",
    "арналған", "мектеп-гимназиясы", "мектеп-лицейі", "орталық", "аймақтық", "халықаралық",
    "ұлттық", "республикалық", "средняя", "общеобразовательная", "основная", "начальная",
    "школа", "государственный", "областной", "районный",
})
# before a name: a street, a settlement or an institution "named after" (abbreviations only
# with their period: "с Ивановым" is "with Ivanov", "с. Абай" a village)
PLACE_BEFORE = frozenset({
    "улица", "улицы", "улице", "улицу", "проспект", "проспекта", "переулок", "бульвар",
    "имени", "поселок", "посёлок", "село", "города", "город", "микрорайон", "street", "avenue",
    "область", "области", "район", "района", "аул", "аула", "станция", "ст.", "р-н", "обл.",
    "ул.", "пр.", "пр-т", "пр-т.", "пер.", "им.", "пос.", "с.", "г.", "мкр.", "мкр", "көш.",
    "даң.", "st.", "ave.",
})
# lowercase words that may stand inside a full name
PARTICLES = frozenset({"оглы", "оглу", "кызы", "қызы", "ұлы", "улы", "уулу", "гызы", "кизи",
                       "ибн", "бин", "фон", "ван", "де", "дер", "ди", "да", "ла", "ле", "van",
                       "von", "de", "der", "di", "da", "la", "le", "bin", "ibn", "al", "el"})
# honorifics that follow a name but belong to a historic person's name (Төле би, Қабанбай
# батыр): looked past when checking what follows
NAME_TAILS = frozenset({"би", "батыр", "хан", "сал", "ақын", "қажы"})


def has_cue(before: str, after: str, *, sentence_start: bool, said_after: bool = True) -> bool:
    """True when the word before a candidate is a title, a said-verb ("— деді Асқар") or a
    greeting ("Рақмет, Азамат"), or the word after it an honorific, a said-verb (with
    `said_after`, and unless the candidate starts the sentence: "Біліп айтқан" is an adverb)
    or, after a comma, a word that addresses someone ("Азамат, сіз эфирдесіз")."""
    previous = last_word(before)
    same_sentence = not before.rstrip().endswith((".", "!", "?", ":", ";", "…"))
    if same_sentence and (previous in TITLE_WORDS or previous in SAID_AFTER or (
            len(previous) > 2 and previous.startswith(TITLES_BEFORE))):
        return True
    if before.rstrip().endswith(",") and previous in GREETINGS_BEFORE:
        return True
    following = after.split(maxsplit=2)
    word = following[0].lower().strip(PUNCTUATION) if following else ""
    if word in HONORIFICS_AFTER or (word in SAID_AFTER and said_after and not sentence_start):
        return True
    if after.lstrip().startswith(","):
        rest = after.lstrip()[1:].split(maxsplit=1)
        return bool(rest) and rest[0].lower().strip(PUNCTUATION) in ADDRESSED_AFTER
    return False


def names_a_place(after: str) -> bool:
    """True when the words after a candidate make it (part of) a place or an organisation's
    name: Абай даңғылы, Абай атындағы мектеп, Назарбаев Зияткерлік мектебі; after a list, a
    plural head (Махамбет, Индер және Исатай аудандарында; Байтұрсынов пен Қонаев
    көшелеріндегі)."""
    listed = False
    for raw in after.split()[:8]:
        word = raw.lower().strip(PUNCTUATION)
        if word in PLACE_AFTER_WORDS or word.startswith(PLACE_AFTER):
            return not listed or any(plural in word for plural in PLURALS)
        if not word:
            if raw.strip() != ",":
                return False
            listed = True
            continue
        if word in NAME_TAILS or word in INSTITUTION_WORDS:
            continue
        if word in JOINERS:
            listed = True
            continue
        if not raw[0].isupper() or (is_place(word) and not listed):
            return False
        listed = listed or raw.endswith(",")
        if raw[-1] in ".;:!?»)":
            return False
    return False


def follows_street_word(before: str) -> bool:
    """True when the word before a candidate makes it a street or a settlement: ул. Абая,
    проспект Назарбаева, имени Абая."""
    words = before.split()
    return bool(words) and words[-1].lower().lstrip(PUNCTUATION) in PLACE_BEFORE


def last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip(PUNCTUATION) if words else ""
