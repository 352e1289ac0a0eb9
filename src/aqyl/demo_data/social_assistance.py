"""Applications for targeted social assistance: a legacy system's Windows-1251 export.

Windows-1251 has no Kazakh letters, so names and places are written with Russian ones
(Сарсенова, not Сәрсенова). Every person is invented; IINs are generated with a valid check
digit so that the privacy tools have realistic identifiers to find.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, allocate, decimal_comma, seeded
from aqyl.demo_data.geography import REGIONS, VILLAGES, Region, in_russian_letters, is_town

APPLICATIONS = 4000
POVERTY_LINE = 30_385.0  # tenge per person a month, 70 % of the 2024 subsistence minimum
LEGACY_NAMES = {"abai": "Абайская область", "jetisu": "Жетысуская область",
                "ulytau": "Улытауская область"}

KAZAKH_SURNAMES = (
    "Ахметов", "Искаков", "Жумабаев", "Сулейменов", "Нурланов", "Касымов", "Омаров",
    "Абдрахманов", "Токтаров", "Серикбаев", "Ермеков", "Калиев", "Байжанов", "Мукашев",
    "Садыков", "Темирбаев", "Куанышев", "Жаксылыков", "Амангельдиев", "Сарсенов", "Аубакиров",
    "Есенов", "Жунусов", "Кенжебаев", "Утегенов", "Шаймерденов", "Оспанов", "Есимов",
)
KAZAKH_MEN = ("Нурлан", "Ерлан", "Асхат", "Бауржан", "Данияр", "Ержан", "Айдос", "Серик",
              "Марат", "Арман", "Алихан", "Тимур", "Канат", "Ерболат", "Жандос", "Азамат")
KAZAKH_WOMEN = ("Айгерим", "Гульнара", "Динара", "Жанар", "Асель", "Алия", "Сауле", "Мадина",
                "Айжан", "Назерке", "Гульмира", "Жанна", "Салтанат", "Толкын", "Балжан", "Дана")
KAZAKH_FATHERS = ("Болат", "Серик", "Марат", "Ержан", "Кайрат", "Бахыт", "Нурлан", "Асхат",
                  "Талгат", "Мурат", "Ерлан", "Канат")
RUSSIAN_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Новиков",
                    "Федоров", "Морозов", "Волков", "Соколов", "Лебедев", "Козлов", "Павлов")
SURNAMES_ONE_FORM = ("Ким", "Пак", "Цой", "Шевченко", "Бондаренко", "Коваленко")
RUSSIAN_MEN = ("Сергей", "Александр", "Андрей", "Дмитрий", "Виктор", "Николай", "Владимир",
               "Евгений", "Алексей", "Юрий")
RUSSIAN_WOMEN = ("Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Людмила",
                 "Галина", "Марина", "Анна")
RUSSIAN_PATRONYMICS = (("Сергеевич", "Сергеевна"), ("Александрович", "Александровна"),
                       ("Викторович", "Викторовна"), ("Николаевич", "Николаевна"),
                       ("Владимирович", "Владимировна"), ("Петрович", "Петровна"),
                       ("Иванович", "Ивановна"), ("Юрьевич", "Юрьевна"))
CITY_STREETS = ("ул. Абая", "пр. Абая", "ул. Сейфуллина", "ул. Жамбыла", "ул. Толе би",
                "ул. Ауэзова", "ул. Гагарина", "ул. Пушкина", "ул. Мира", "ул. Казыбек би",
                "ул. Букетова", "ул. Победы", "мкр. Самал", "мкр. Аксай")
VILLAGE_STREETS = ("ул. Центральная", "ул. Школьная", "ул. Степная", "ул. Абая",
                   "ул. Жамбыла", "ул. Садовая")
MOBILE_CODES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777",
                "778")

COLUMNS: dict[str, dict[str, str]] = {
    "№ п/п": {"kk": "Жолдың реттік нөмірі", "ru": "Порядковый номер строки",
              "en": "Row sequence number"},
    "ИИН": {"kk": "Өтініш берушінің ЖСН-і (жеке сәйкестендіру нөмірі), 12 сан; синтетикалық",
            "ru": "ИИН (индивидуальный идентификационный номер) заявителя, 12 цифр; "
                  "синтетический",
            "en": "Applicant's IIN (individual identification number), 12 digits; synthetic"},
    "ФИО": {"kk": "Өтініш берушінің тегі, аты, әкесінің аты (орыс әріптерімен); синтетикалық",
            "ru": "Фамилия, имя, отчество заявителя; синтетические",
            "en": "Applicant's surname, given name and patronymic (in Russian letters); "
                  "synthetic"},
    "Дата рождения": {"kk": "Туған күні, КК.АА.ЖЖЖЖ", "ru": "Дата рождения, ДД.ММ.ГГГГ",
                      "en": "Date of birth, dd.mm.yyyy"},
    "Пол": {"kk": "Жынысы: М (ер) немесе Ж (әйел)", "ru": "Пол: М (мужской) или Ж (женский)",
            "en": "Sex: М (male) or Ж (female)"},
    "Регион": {"kk": "Өңір, орысша; кейбір жаңа облыстар ескі атауымен жазылған",
               "ru": "Регион; некоторые новые области записаны в прежнем написании",
               "en": "Region, in Russian; some new regions under older spellings"},
    "Адрес": {"kk": "Тұрғылықты мекенжайы (қала немесе ауыл, көше, үй, пәтер); синтетикалық",
              "ru": "Адрес проживания (город или село, улица, дом, квартира); синтетический",
              "en": "Home address (town or village, street, house, flat); synthetic"},
    "Телефон": {"kk": "Ұялы телефон нөмірі, әртүрлі жазылған; кейде жоқ",
                "ru": "Номер мобильного телефона в разных форматах; иногда отсутствует",
                "en": "Mobile phone number in varying formats; sometimes missing"},
    "Членов семьи": {"kk": "Отбасы мүшелерінің саны", "ru": "Число членов семьи",
                     "en": "Number of family members"},
    "Среднедушевой доход, тенге": {
        "kk": "Отбасының жан басына шаққандағы орташа айлық табысы, теңге (ондық бөлгіш — үтір)",
        "ru": "Среднедушевой месячный доход семьи, тенге (десятичная запятая)",
        "en": "Family's average monthly income per person, tenge (decimal comma)"},
    "Сумма АСП, тенге": {
        "kk": "Тағайындалған айлық атаулы әлеуметтік көмек сомасы, теңге; қаралып жатқан "
              "өтініштерде бос",
        "ru": "Назначенная ежемесячная сумма адресной социальной помощи, тенге; пусто для "
              "заявлений на рассмотрении",
        "en": "Monthly targeted social assistance granted, tenge; blank while under review"},
    "Дата обращения": {"kk": "Өтініш берілген күн, КК.АА.ЖЖЖЖ",
                       "ru": "Дата подачи заявления, ДД.ММ.ГГГГ",
                       "en": "Date of application, dd.mm.yyyy"},
    "Решение": {"kk": "Шешім: назначена (тағайындалды), отказано (бас тартылды) немесе на "
                      "рассмотрении (қаралуда)",
                "ru": "Решение: назначена, отказано или на рассмотрении",
                "en": "Decision: назначена (granted), отказано (refused) or на рассмотрении "
                      "(under review)"},
}


def iin(rng: random.Random, birth: date, female: bool) -> str:
    """A well-formed IIN: birth date, century-and-sex digit, serial and check digit."""
    century = (3 if birth.year < 2000 else 5) + (1 if female else 0)
    while True:
        first = f"{birth:%y%m%d}{century}{rng.randint(0, 9999):04d}"
        for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
            check = sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11
            if check != 10:
                return first + str(check)


def _person(rng: random.Random, region: Region, female: bool) -> str:
    draw = rng.random()
    if draw < region.russian_share * 0.6:
        surname = rng.choice(RUSSIAN_SURNAMES + SURNAMES_ONE_FORM)
        name = rng.choice(RUSSIAN_WOMEN if female else RUSSIAN_MEN)
        patronymic = rng.choice(RUSSIAN_PATRONYMICS)[1 if female else 0]
    else:
        surname = rng.choice(KAZAKH_SURNAMES)
        name = rng.choice(KAZAKH_WOMEN if female else KAZAKH_MEN)
        father = rng.choice(KAZAKH_FATHERS)
        patronymic = (f"{father}{'кызы' if female else 'улы'}" if rng.random() < 0.15
                      else f"{father}{'овна' if female else 'ович'}")
    if female and surname not in SURNAMES_ONE_FORM:
        surname += "а"
    if rng.random() < 0.05:
        return f"{surname} {name}"
    return f"{surname} {name} {patronymic}"


def _phone(rng: random.Random) -> str:
    code, number = rng.choice(MOBILE_CODES), f"{rng.randint(0, 9_999_999):07d}"
    styles = (f"+7 {code} {number[:3]} {number[3:5]} {number[5:]}", f"8{code}{number}",
              f"8 ({code}) {number[:3]}-{number[3:5]}-{number[5:]}", f"+7{code}{number}")
    return "" if rng.random() < 0.08 else rng.choice(styles)


def _address(rng: random.Random, region: Region) -> str:
    if region.is_city or rng.random() > region.rural_share:
        flat = f", кв. {rng.randint(1, 180)}" if rng.random() < 0.7 else ""
        return f"г. {region.centre_ru}, {rng.choice(CITY_STREETS)}, д. {rng.randint(1, 150)}{flat}"
    district = rng.choice([d for d in region.districts if not is_town(d)])
    village = in_russian_letters(rng.choice(VILLAGES))
    return (f"{in_russian_letters(district)} р-н, с. {village}, {rng.choice(VILLAGE_STREETS)}, "
            f"д. {rng.randint(1, 90)}")


def _application(rng: random.Random, region: Region) -> list[object]:
    female = rng.random() < 0.7
    birth = date(1945, 1, 1) + timedelta(days=rng.randint(0, 365 * 61))
    applied = date(2024, 1, 1) + timedelta(days=rng.randint(0, 365))
    south = region.russian_share < 0.2
    family = rng.choices(range(1, 10), (8, 10, 18, 22, 18, 12, 7, 3, 2))[0] + (
        1 if south and rng.random() < 0.4 else 0)
    draw = rng.random()
    pending = (applied.month == 12 and draw < 0.4) or draw < 0.03
    if pending:
        decision, income, amount = "на рассмотрении", rng.uniform(0, 30_000), None
    elif draw < 0.15:
        decision, income, amount = "отказано", rng.uniform(POVERTY_LINE + 1, 48_000), 0.0
    else:
        income = rng.uniform(0, POVERTY_LINE - 500)
        decision, amount = "назначена", (POVERTY_LINE - income) * family
    return [applied, iin(rng, birth, female), _person(rng, region, female),
            birth.strftime("%d.%m.%Y"), "Ж" if female else "М",
            LEGACY_NAMES.get(region.key, region.name_ru), _address(rng, region), _phone(rng),
            family, decimal_comma(income, 2), "" if amount is None else decimal_comma(amount, 2),
            applied.strftime("%d.%m.%Y"), decision]


def application_rows() -> list[list[object]]:
    rng = seeded(20240315)
    weights = [region.population * (0.5 + region.rural_share) for region in REGIONS]
    rows = [_application(rng, region)
            for region, count in zip(REGIONS, allocate(APPLICATIONS, weights), strict=True)
            for _ in range(count)]
    rows.sort(key=lambda row: row[0])  # type: ignore[arg-type,return-value]
    return [[number, *row[1:]] for number, row in enumerate(rows, start=1)]


def write_social_assistance(path: Path) -> None:
    rows = application_rows()
    total = sum(float(str(row[10]).replace(",", ".")) for row in rows if row[10])
    with path.open("w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        writer.writerow(["", "", "Итого:", "", "", "", "", "", "", "", decimal_comma(total, 2),
                         "", ""])


SOCIAL_ASSISTANCE_DATASET = DemoDataset(
    name="social-assistance",
    organisation="labour",
    title={
        "kk": "Атаулы әлеуметтік көмек алуға берілген өтініштер",
        "ru": "Заявления на адресную социальную помощь",
        "en": "Applications for targeted social assistance",
    },
    description={
        "kk": "Әр жол — атаулы әлеуметтік көмекке (АӘК) берілген бір өтініш: өтініш берушінің "
              "ЖСН-і, аты-жөні, туған күні, мекенжайы, телефоны, отбасы құрамы, жан басына "
              "шаққандағы табысы, тағайындалған сома және шешім. 2024 жыл, барлық 20 өңір; ескі "
              "жүйенің Windows-1251 экспорты, сондықтан қазақ әріптері орыс әріптерімен "
              "жазылған, соңында «Итого» жолы бар. Деректер толығымен синтетикалық, бірақ "
              "дербес деректердің құрылымын қайталайтындықтан құпия деп белгіленген.",
        "ru": "Каждая строка — одно заявление на адресную социальную помощь (АСП): ИИН, ФИО, "
              "дата рождения, адрес и телефон заявителя, состав семьи, среднедушевой доход, "
              "назначенная сумма и решение. 2024 год, все 20 регионов; выгрузка старой "
              "системы в Windows-1251, поэтому казахские буквы заменены русскими, в конце — "
              "строка «Итого». Данные полностью синтетические, но повторяют структуру "
              "персональных данных и потому отмечены как конфиденциальные.",
        "en": "Each row is one application for targeted social assistance (ASP): the "
              "applicant's IIN, full name, date of birth, address and phone, family size, "
              "income per person, amount granted and decision. 2024, all 20 regions; a legacy "
              "system's Windows-1251 export, so Kazakh letters are replaced by Russian ones, "
              "ending with an «Итого» (total) row. The data are entirely SYNTHETIC but mirror "
              "personal data, hence marked confidential.",
    },
    sector="social",
    tags=("social-protection", "personal-data", "iin", "cp1251"),
    licence="owner-terms",
    update_frequency="monthly",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(date(2024, 1, 1), date(2024, 12, 31)),
    access_level="confidential",
    column_descriptions=COLUMNS,
    filename="social-assistance.csv",
    file_format="csv",
    encoding="cp1251",
    delimiter=";",
    rows=APPLICATIONS,
    writer=write_social_assistance,
)
