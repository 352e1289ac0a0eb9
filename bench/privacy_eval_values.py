"""Single values for the privacy evaluation set: names, addresses and identifiers, computed from
the published rules (IIN and BIN two-pass mod-11 check digit, Luhn, ISO 13616 mod-97, the plate
and postcode formats) independently of the code under test. The names, streets and places are
this file's own lists, kept apart from the detectors' lexicons."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

KINDS = ("iin", "bin", "phone", "email", "card", "iban", "id_card", "passport", "vehicle_plate",
         "birth_date", "address", "person_name")

# ---------------------------------------------------------------------------------- names
KK_MALE = ("Асқар", "Ерлан", "Нұрлан", "Дәурен", "Бауыржан", "Қайрат", "Тимур", "Ержан",
           "Серік", "Болат", "Дархан", "Жандос", "Ақылбек", "Бекзат", "Ерболат", "Марат",
           "Талғат", "Азамат", "Әлібек", "Мұрат", "Ғалым", "Дамир", "Олжас", "Айдос", "Ерасыл",
           "Нұрбол", "Санжар", "Әділет", "Қуаныш", "Ермек", "Жасұлан", "Мейрам", "Бақытжан",
           "Рүстем", "Ілияс", "Еркін", "Жұмабек", "Сәкен", "Темірлан", "Мағжан")
KK_FEMALE = ("Айгүл", "Гүлнар", "Жанар", "Әсел", "Динара", "Мадина", "Алия", "Айгерім",
             "Жансая", "Гүлмира", "Сәуле", "Назерке", "Ақмарал", "Балжан", "Жұлдыз", "Ләззат",
             "Меруерт", "Раушан", "Салтанат", "Томирис", "Шолпан", "Эльмира", "Аружан", "Інкәр",
             "Камила", "Айнұр", "Ботагөз", "Гаухар", "Индира", "Перизат")
KK_SURNAMES = ("Әбілқасымов", "Жұмабаев", "Нұрланов", "Оспанов", "Смағұлов", "Есенов",
               "Төлеуов", "Серікбаев", "Ахметов", "Сейітов", "Қасымов", "Омаров", "Мұратов",
               "Бекмұхамбетов", "Исабеков", "Тұрсынов", "Сәрсенбаев", "Жақсылықов",
               "Құдайбергенов", "Әлімжанов", "Байжанов", "Ибраев", "Кенжебаев", "Мұқанов",
               "Рахымжанов", "Сыздықов", "Тоқтаров", "Үсенов", "Шәріпов", "Ерғалиев", "Алпысов",
               "Түймебаев", "Бейсенов", "Дүйсенов", "Жанболатов", "Қалиев", "Нұрпейісов",
               "Оразов", "Сағынтаев", "Ысқақов")
RU_MALE = ("Иван", "Сергей", "Алексей", "Дмитрий", "Андрей", "Николай", "Владимир", "Михаил",
           "Павел", "Евгений", "Виктор", "Олег", "Александр", "Юрий", "Константин")
RU_FEMALE = ("Ольга", "Мария", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна",
             "Екатерина", "Людмила", "Галина", "Юлия")
RU_SURNAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев",
               "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев",
               "Козлов", "Степанов", "Никитин", "Орлов", "Белов", "Гусев")
INVARIABLE_SURNAMES = ("Ким", "Цой", "Пак", "Шевченко", "Бондаренко", "Ли")
RU_PATRONYMICS = ("Иванов", "Сергеев", "Алексеев", "Александров", "Николаев", "Владимиров",
                  "Михайлов", "Петров", "Викторов", "Юрьев")

TRANSLIT = dict(zip(
    "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә",
    ["a", "b", "v", "g", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "k", "l", "m", "n", "n",
     "o", "o", "p", "r", "s", "t", "u", "u", "u", "f", "kh", "h", "ts", "ch", "sh", "sch", "",
     "y", "i", "", "e", "yu", "ya", "a"], strict=True))


def translit(word: str) -> str:
    """Cyrillic to the Latin letters of passports and e-mail addresses (Жұмабаева -> Zhumabaeva)."""
    return "".join(TRANSLIT.get(char, char) if char.islower() or not char.isalpha()
                   else TRANSLIT.get(char.lower(), char).capitalize() for char in word)


BACK, FRONT = set("аоұыяуёю"), set("әөүіеэи")
VOICELESS = set("кқпстфхцчшщбвгд")  # after these Kazakh endings start with т/қ/п


def _front(word: str) -> bool:
    """Front harmony from the last vowel of the root: the е of a surname's -ев/-ева after a
    vowel is the old -бай's [й] (Назарбаевтың, Түймебаевтың), not a front vowel."""
    lower = word.lower()
    for ending in ("ева", "ев"):
        if lower.endswith(ending) and len(lower) > len(ending) and (
                lower[-len(ending) - 1] in BACK | FRONT):
            lower = lower[:-len(ending)]
            break
    for char in reversed(lower):
        if char in FRONT:
            return True
        if char in BACK:
            return False
    return False


def kazakh_case(word: str, case: str) -> str:
    """The word with a Kazakh case ending (gen, dat, acc, ins, abl, loc) by vowel harmony and
    its last sound: Алпысовтың, Асқарға, Ивановқа, Әселді, Түймебаевпен, Айгүлден."""
    last, front = word[-1].lower(), _front(word)
    vowel, voiceless = last in BACK | FRONT, last in VOICELESS
    a, y = ("е", "і") if front else ("а", "ы")
    after_vowel_or_nasal = "н" if vowel or last in "мнң" else "т" if voiceless else "д"
    endings = {
        "gen": f"{after_vowel_or_nasal}{y}ң",
        "dat": f"{('к' if front else 'қ') if voiceless else ('г' if front else 'ғ')}{a}",
        "acc": f"{'н' if vowel else 'т' if voiceless else 'д'}{y}",
        "ins": f"{'м' if vowel or last in 'лрйу' else 'б' if last in 'мнңжз' else 'п'}ен",
        "abl": f"{'н' if last in 'мнң' else 'т' if voiceless else 'д'}{a}н",
        "loc": f"{'т' if voiceless else 'д'}{a}",
    }
    return word + endings[case]


def person(rng: random.Random, *, language: str, case: str | None = None,
           female: bool | None = None) -> str:
    """A person's name as people write it: either order, with a patronymic or initials, in
    Kazakh, Russian or Latin letters; `case` puts a Kazakh ending on its last word."""
    female = rng.random() < 0.5 if female is None else female
    kazakh = rng.random() < (0.85 if language == "kk" else 0.55)
    if kazakh:
        given = rng.choice(KK_FEMALE if female else KK_MALE)
        surname = rng.choice(KK_SURNAMES) + ("а" if female else "")
        father = rng.choice(KK_MALE)
        patronymic = (f"{father}{'қызы' if female else 'ұлы'}" if rng.random() < 0.6
                      else f"{father}{'овна' if female else 'ович'}")
    else:
        given = rng.choice(RU_FEMALE if female else RU_MALE)
        if rng.random() < 0.15:
            surname = rng.choice(INVARIABLE_SURNAMES)
        else:
            surname = rng.choice(RU_SURNAMES) + ("а" if female else "")
        patronymic = rng.choice(RU_PATRONYMICS) + ("на" if female else "ич")
    form = rng.random()
    if form < 0.28:
        words = [surname, given]
    elif form < 0.5:
        words = [given, surname]
    elif form < 0.68:
        words = [surname, given, patronymic]
    elif form < 0.8:
        words = [surname, f"{given[0]}.{patronymic[0]}."] if rng.random() < 0.6 else [
            surname, f"{given[0]}. {patronymic[0]}."]
    elif form < 0.9:
        words = [f"{given[0]}.", surname]
    else:
        words = [surname]
    if language == "lat":
        words = [translit(word) for word in words]
    if case and words[-1][-1] != "." and language != "lat":
        words[-1] = kazakh_case(words[-1], case)
    return " ".join(words)


# ------------------------------------------------------------------------------ addresses
KK_CITIES = ("Астана", "Алматы", "Шымкент", "Қарағанды", "Ақтөбе", "Тараз", "Павлодар",
             "Өскемен", "Семей", "Атырау", "Қостанай", "Қызылорда", "Орал", "Петропавл",
             "Ақтау", "Түркістан", "Көкшетау", "Талдықорған", "Екібастұз", "Теміртау", "Сәтбаев",
             "Балқаш", "Кентау", "Жаркент", "Щучинск", "Аягөз")
RU_CITIES = ("Астана", "Алматы", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар",
             "Усть-Каменогорск", "Семей", "Атырау", "Костанай", "Кызылорда", "Уральск",
             "Петропавловск", "Актау", "Туркестан", "Кокшетау", "Талдыкорган", "Экибастуз",
             "Темиртау", "Балхаш", "Кентау", "Жаркент", "Щучинск", "Аягоз")
LAT_CITIES = ("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Atyrau",
              "Aktau", "Kostanay", "Taraz")
KK_STREETS = ("Абай", "Қабанбай батыр", "Төле би", "Сәтбаев", "Жібек жолы", "Мәңгілік Ел",
              "Тұран", "Достық", "Әл-Фараби", "Райымбек батыр", "Сейфуллин", "Кенесары",
              "Бөгенбай батыр", "Желтоқсан", "Байтұрсынұлы", "Жамбыл", "Махамбет", "Республика",
              "Тәуелсіздік", "Сарыарқа", "Керей", "Қонаев", "Бауыржан Момышұлы", "Гоголь")
RU_STREETS = ("Абая", "Кабанбай батыра", "Толе би", "Сатпаева", "Жибек жолы", "Достык",
              "Аль-Фараби", "Райымбека", "Сейфуллина", "Кенесары", "Желтоксан", "Байтурсынова",
              "Жамбыла", "Гоголя", "Пушкина", "Ленина", "Мира", "Гагарина", "Розыбакиева",
              "Тимирязева", "Жандосова", "Кунаева", "Мангилик Ел", "Богенбай батыра")
LAT_STREETS = ("Abay", "Dostyk", "Al-Farabi", "Satpayev", "Tole Bi", "Kabanbay Batyr",
               "Zhibek Zholy", "Seifullin", "Mangilik El", "Turan")
MKR = ("Самал-2", "Аксай-4", "Орбита-1", "Жетісу-3", "Мамыр-4", "Көктем-2", "Алмагүл", "Таугүл",
       "Нұркент", "Шұғыла", "Астана", "Жұлдыз-1")
KK_REGIONS = ("Алматы", "Ақмола", "Ақтөбе", "Атырау", "Жамбыл", "Қарағанды", "Қостанай",
              "Қызылорда", "Маңғыстау", "Павлодар", "Түркістан", "Абай", "Жетісу", "Ұлытау",
              "Батыс Қазақстан", "Шығыс Қазақстан", "Солтүстік Қазақстан")
RU_REGIONS = ("Алматинская", "Акмолинская", "Актюбинская", "Атырауская", "Жамбылская",
              "Карагандинская", "Костанайская", "Кызылординская", "Мангистауская",
              "Павлодарская", "Туркестанская", "Западно-Казахстанская",
              "Восточно-Казахстанская")
KK_DISTRICTS = ("Бостандық", "Алмалы", "Медеу", "Әуезов", "Түрксіб", "Наурызбай", "Алатау",
                "Есіл", "Сарыарқа", "Байқоңыр", "Талғар", "Еңбекшіқазақ", "Қарасай", "Іле",
                "Целиноград", "Сайрам", "Бұқар жырау")
RU_DISTRICTS = ("Бостандыкский", "Алмалинский", "Медеуский", "Ауэзовский", "Турксибский",
                "Наурызбайский", "Алатауский", "Есильский", "Талгарский", "Карасайский",
                "Илийский", "Целиноградский")
KK_VILLAGES = ("Қосшы", "Бесағаш", "Қаскелең", "Ақсу", "Үштөбе", "Шамалған", "Көктал",
               "Өтеген батыр", "Ақжар", "Жаңақала")
RU_VILLAGES = ("Каскелен", "Бесагаш", "Косшы", "Аксу", "Шамалган", "Отеген батыр", "Иргели",
               "Боралдай", "Акжар")


def _house(rng: random.Random, letters: str = "АБВ") -> str:
    house = str(rng.choice((rng.randint(1, 30), rng.randint(1, 250))))
    extra = rng.random()
    if extra < 0.12:
        house += rng.choice(letters)
    elif extra < 0.2:
        house += f"/{rng.randint(1, 20)}"
    return house


def postcode(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice('01')}{rng.randint(1, 9)}{rng.randint(0, 9)}{rng.randint(0, 99):02d}0"
    letters = "ABCDEFHKLMNPRTXZ"
    return (f"{rng.choice('ZAXTR')}{rng.randint(0, 2)}{rng.randint(0, 9)}{rng.choice(letters)}"
            f"{rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}")


def address(rng: random.Random, *, language: str) -> str:
    """A postal address in one of the forms kk, ru and Latin writers use."""
    house, flat = _house(rng, "ABC" if language == "lat" else "АБВ"), str(rng.randint(1, 240))
    form = rng.randrange(6)
    if language == "lat":
        city, street = rng.choice(LAT_CITIES), rng.choice(LAT_STREETS)
        return rng.choice((f"{city}, {street} ave {house}, apt {flat}",
                           f"{house} {street} St, {city}",
                           f"{city}, {street} street {house}",
                           f"{street} Avenue {house}, flat {flat}, {city}"))
    if language == "kk":
        city, street = rng.choice(KK_CITIES), rng.choice(KK_STREETS)
        marker = rng.choice(("көшесі", "көшесі", "к-сі", "даңғылы", "даң.", "көш."))
        city_part = rng.choice((f"{city} қ.", f"{city} қаласы"))
        parts = [
            [city_part, f"{street} {marker}", f"{house}-үй", f"{flat}-пәтер"],
            [city_part, f"{rng.choice(KK_DISTRICTS)} ауданы", f"{street} {marker} {house}"],
            [f"{rng.choice(KK_REGIONS)} облысы", f"{rng.choice(KK_DISTRICTS)} ауданы",
             f"{rng.choice(KK_VILLAGES)} ауылы", f"{street} {marker}", house],
            [city_part, f"{rng.choice(MKR)} шағын ауданы", f"{house}-үй", f"{flat}-пәтер"],
            [f"{rng.choice(KK_VILLAGES)} ауылы", f"{house}-үй"],
            [city_part, f"{street} {marker}", f"үй {house}", f"пәтер {flat}"],
        ][form]
    else:
        city, street = rng.choice(RU_CITIES), rng.choice(RU_STREETS)
        marker = rng.choice(("ул.", "ул.", "улица", "пр.", "пр-т", "б-р"))
        parts = [
            [f"г. {city}", f"{marker} {street}", f"д. {house}", f"кв. {flat}"],
            [f"г. {city}", f"{marker} {street} {house}"],
            [f"{rng.choice(RU_REGIONS)} обл.", f"{rng.choice(RU_DISTRICTS)} р-н",
             f"с. {rng.choice(RU_VILLAGES)}", f"{marker} {street}", house],
            [f"г. {city}", f"мкр. {rng.choice(MKR)}", f"д. {house}", f"кв. {flat}"],
            [f"г. {city}", f"{rng.choice(RU_DISTRICTS)} р-н", f"{marker} {street}",
             f"дом {house}", f"кв. {flat}"],
            [f"{marker} {street}", f"д. {house}", f"кв. {flat}", f"г. {city}"],
        ][form]
    if rng.random() < 0.15 and form != 4:
        parts.insert(0, postcode(rng))
    if form == 1 and rng.random() < 0.3:
        parts.append(f"кв. {flat}" if language == "ru" else f"{flat}-пәтер")
    return ", ".join(parts) if rng.random() < 0.9 else " ".join(parts)


# ---------------------------------------------------------------------------- identifiers
def mod11(first_eleven: str) -> int | None:
    digits = [int(char) for char in first_eleven]
    for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def birth(rng: random.Random, first: int = 1940, last: int = 2006) -> dt.date:
    start = dt.date(first, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last, 12, 31).toordinal()))


def iin(rng: random.Random, born: dt.date | None = None) -> str:
    born = born or birth(rng)
    while True:
        century = (3 if born.year < 2000 else 5) + rng.randint(0, 1)
        head = f"{born:%y%m%d}{century}{rng.randint(0, 9999):04d}"
        check = mod11(head)
        if check is not None:
            return head + str(check)


def bin_(rng: random.Random) -> str:
    while True:
        head = (f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}{rng.choice('456')}"
                f"{rng.choice('0123')}{rng.randint(0, 99999):05d}")
        check = mod11(head)
        if check is not None:
            return head + str(check)


def not_twelve_id(rng: random.Random) -> str:
    """Twelve digits that are neither an IIN nor a BIN: a contract or account number."""
    while True:
        value = f"{rng.randint(1, 9)}{rng.randint(0, 10**11 - 1):011d}"
        check = mod11(value[:11])
        if check is None or str(check) != value[11]:
            return value


def luhn_digit(partial: str) -> str:
    total = 0
    for position, char in enumerate(reversed(partial)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    prefix = rng.choice(("440043", "400303", "516949", "540762", "220070", "427017", "548601"))
    partial = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9))
    number = partial + luhn_digit(partial)
    style = rng.random()
    if style < 0.5:
        return " ".join(number[i:i + 4] for i in range(0, 16, 4))
    if style < 0.65:
        return "-".join(number[i:i + 4] for i in range(0, 16, 4))
    return number


def iban(rng: random.Random, *, grouped: bool | None = None) -> str:
    bank = rng.choice(("722", "601", "998", "965", "914", "856", "826", "125", "949"))
    tail = "".join(rng.choice("0123456789" * 3 + "KZT") for _ in range(13))
    numeric = "".join(str(int(char, 36)) for char in f"{bank}{tail}KZ00")
    value = f"KZ{98 - int(numeric) % 97:02d}{bank}{tail}"
    grouped = rng.random() < 0.35 if grouped is None else grouped
    return " ".join(value[i:i + 4] for i in range(0, 20, 4)) if grouped else value


MOBILE = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")
LANDLINE = ("7172", "727", "7252", "7212", "7132", "7182", "7232", "7292", "7142", "7222")


def phone(rng: random.Random) -> str:
    if rng.random() < 0.2:
        code = rng.choice(LANDLINE)
        rest = "".join(str(rng.randint(0, 9)) for _ in range(10 - len(code)))
        head, tail = rest[:-4], rest[-4:]
        return rng.choice((f"8 ({code}) {head}-{tail[:2]}-{tail[2:]}",
                           f"+7 ({code}) {head}-{tail[:2]}-{tail[2:]}",
                           f"8 {code} {head} {tail[:2]} {tail[2:]}"))
    code, n = rng.choice(MOBILE), f"{rng.randint(0, 9_999_999):07d}"
    return rng.choice((
        f"+7 {code} {n[:3]} {n[3:5]} {n[5:]}", f"8 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}",
        f"8{code}{n}", f"+7{code}{n}", f"8 {code} {n[:3]} {n[3:]}",
        f"+7 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}", f"8-{code}-{n[:3]}-{n[3:5]}-{n[5:]}",
        f"+7 {code} {n}"))


def email(rng: random.Random) -> str:
    given = translit(rng.choice(KK_MALE + KK_FEMALE + RU_MALE)).lower().replace("'", "")
    surname = translit(rng.choice(KK_SURNAMES + RU_SURNAMES)).lower()
    local = rng.choice((f"{given}.{surname}", f"{given[0]}.{surname}",
                        f"{surname}{rng.randint(1, 99)}", f"{given}_{rng.randint(1980, 2005)}",
                        f"{given}{surname[:3]}"))
    domain = rng.choice(("mail.kz", "gmail.com", "mail.ru", "inbox.ru", "yandex.kz", "bk.ru",
                         "list.ru", "outlook.com", "gov.kz", "kaznu.kz", "halykbank.kz"))
    return f"{local}@{domain}"


def id_card(rng: random.Random) -> str:
    return f"0{rng.randint(10_000_000, 99_999_999)}"


def passport(rng: random.Random) -> str:
    return f"N{rng.randint(0, 99_999_999):08d}"


PLATE_LETTERS = "ABCDEFHKMOPTXYZ"


def plate(rng: random.Random) -> str:
    digits = f"{rng.randint(1, 999):03d}"
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3 if rng.random() < 0.8 else 2))
    region = f"{rng.randint(1, 20):02d}"
    return f"{digits} {letters} {region}" if rng.random() < 0.7 else f"{digits}{letters}{region}"


def old_plate(rng: random.Random) -> str:
    """The pre-2012 format (region letter, three digits, letters): still on the roads."""
    return (f"{rng.choice('ABCDEFHLMNPRSTXZ')} {rng.randint(1, 999):03d} "
            f"{''.join(rng.choice(PLATE_LETTERS) for _ in range(3))}")


def birth_date(rng: random.Random) -> str:
    born = birth(rng)
    return f"{born:%d.%m.%Y}" if rng.random() < 0.8 else born.isoformat()


def date(rng: random.Random) -> str:
    return f"{birth(rng, 2015, 2025):%d.%m.%Y}"


def ean13(rng: random.Random) -> str:
    body = "487" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def phone_like_code(rng: random.Random) -> str:
    return f"8{rng.choice(MOBILE)}{rng.randint(0, 9_999_999):07d}"


def amount(rng: random.Random) -> str:
    value = rng.choice((rng.randint(1, 999) * 1000, rng.randint(1000, 99_999_999)))
    return f"{value:,}".replace(",", " ")


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "iin": iin, "bin": bin_, "phone": phone, "email": email, "card": card, "iban": iban,
    "id_card": id_card, "passport": passport, "vehicle_plate": plate, "birth_date": birth_date,
}


def address_locative(rng: random.Random) -> str:
    """A Kazakh sentence's "on Abay street, in house 12": the case endings stay on the markers."""
    street, house = rng.choice(KK_STREETS), _house(rng)
    city = rng.choice(KK_CITIES)
    return rng.choice((f"{street} көшесіндегі {house}-үйде",
                       f"{city} қаласы, {street} көшесіндегі {house}-үйде",
                       f"{street} даңғылындағы {house}-үйде"))


def bad_iin(rng: random.Random) -> str:
    """An IIN with a typo in its last digit: the check fails, so it is no IIN."""
    valid = iin(rng)
    return valid[:11] + str((int(valid[11]) + rng.randint(1, 9)) % 10)
