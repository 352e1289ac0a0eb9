"""The labelled evaluation set of the personal-data detectors, generated from a seed (never kept
as data): tables whose columns carry their true kind (or none), and Kazakh, Russian and mixed
sentences (complaints, applications, transfer orders, news, registry notes) with the character
span of each piece of personal data.

Decoys carry no label: 12-digit contract numbers that fail the IIN/BIN check, IINs with a typo,
product codes and EAN-13 codes that look like phones, KATO codes and order numbers of nine
digits, postcodes alone, amounts, dates of contracts, city, region, district and street names,
"54 кв. м", "п. 3 ст. 5", plates' look-alikes ("450 USD 12"). Person names are labelled as
written, Kazakh case endings included ("Алпысовтың"), titles and honorifics excluded.

    from privacy_eval_data import eval_tables, eval_texts
    columns = eval_tables(seed=7)           # [LabelledColumn(table, name, values, kind|None)]
    texts = eval_texts(seed=7, count=3000)  # [LabelledText(text, spans, language)]
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from privacy_eval_values import (
    GENERATORS,
    KINDS,
    KK_CITIES,
    KK_DISTRICTS,
    KK_REGIONS,
    KK_STREETS,
    RU_CITIES,
    RU_REGIONS,
    address,
    address_locative,
    amount,
    bad_iin,
    date,
    ean13,
    not_twelve_id,
    old_plate,
    person,
    phone_like_code,
    postcode,
)

__all__ = ["KINDS", "LabelledColumn", "LabelledText", "eval_tables", "eval_texts"]


@dataclass(frozen=True)
class LabelledColumn:
    table: str
    name: str
    values: list[str | None]
    kind: str | None


@dataclass(frozen=True)
class LabelledText:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end)
    language: str


Make = Callable[[random.Random], str]


def _slots(language: str) -> dict[str, tuple[str | None, Make]]:
    """Slot name -> (the kind it is labelled with, or None for a decoy; its generator)."""
    slots: dict[str, tuple[str | None, Make]] = {
        kind: (kind, make) for kind, make in GENERATORS.items()}
    slots.update({
        "person": ("person_name", lambda r: person(r, language=language)),
        "person_lat": ("person_name", lambda r: person(r, language="lat")),
        "person_male": ("person_name", lambda r: person(r, language=language, female=False)),
        "address": ("address", lambda r: address(r, language=language)),
        "address_lat": ("address", lambda r: address(r, language="lat")),
        "address_loc": ("address", address_locative),
        "old_plate": ("vehicle_plate", old_plate),
        "contract": (None, not_twelve_id), "bad_iin": (None, bad_iin),
        "phonecode": (None, phone_like_code), "ean": (None, ean13), "amount": (None, amount),
        "date": (None, date), "order": (None, lambda r: f"{r.randint(0, 999_999_999):09d}"),
        "kato": (None, lambda r: f"{r.randint(11, 79)}{r.randint(0, 9_999_999):07d}"),
        "city": (None, lambda r: r.choice(KK_CITIES)), "city_ru": (None, lambda r: r.choice(
            RU_CITIES)), "region": (None, lambda r: r.choice(KK_REGIONS)),
        "region_ru": (None, lambda r: r.choice(RU_REGIONS)),
        "district": (None, lambda r: r.choice(KK_DISTRICTS)),
        "street": (None, lambda r: r.choice(KK_STREETS)),
        "org": (None, lambda r: f"{r.choice(('Болашақ', 'Астана Су', 'KazTrade', 'Береке'))}"),
        "sqm": (None, lambda r: str(r.randint(25, 160))), "small": (None, lambda r: str(
            r.randint(1, 40))), "year": (None, lambda r: str(r.randint(2000, 2025))),
        "postcode": (None, postcode), "money_plate": (None, lambda r: f"{r.randint(400, 530)} "
                                                      f"USD {r.randint(1, 20):02d}"),
    })
    for case in ("gen", "dat", "acc", "ins", "abl"):
        slots[f"person_{case}"] = (
            "person_name", lambda r, c=case: person(r, language="kk", case=c))
    return slots


KK = (
    "Мен, {person}, ЖСН {iin}, {address} мекенжайында тұрамын. {date} ж. жасалған № {contract} "
    "келісімшарт бойынша ақша қайтарылмады. Байланыс телефоны: {phone}.",
    "{person_gen} өтініші бойынша {amount} теңге {iban} шотына аударылсын. Келісімшарт № "
    "{contract}, {date}.",
    "Құрметті әкімдік! Көлігім {vehicle_plate} мемлекеттік нөмірімен {address} мекенжайынан "
    "эвакуаторға алынды. Иесі: {person}, тел.: {phone}.",
    "{city} қаласының әкімі {person} бүгін тұрғындармен кездесу өткізді.",
    "Полиция {date} күні {person_acc} ұстады. Ол {birth_date} туған.",
    "Сот {person_dat} {amount} теңге айыппұл салды.",
    "Тіркеу жазбасы: {person}, туған күні {birth_date}, жеке куәлік № {id_card}, ЖСН {iin}.",
    "{person_ins} байланысу үшін {email} поштасына немесе {phone} нөміріне жазыңыз.",
    "«{org}» ЖШС, БСН {bin}, заңды мекенжайы: {address}, ЖСК {iban}.",
    "Тауар: артикул {phonecode}, EAN {ean}, бағасы {amount} теңге. Жеткізу мекенжайы: {address}.",
    "Төлем {card} картасынан жасалды, сомасы {amount} ₸. Карта иесі {person}.",
    "{date} ж. № {order} бұйрықпен {person} бөлім басшысы болып тағайындалды.",
    "Пәтердің ауданы {sqm} кв. м, {region} облысы бойынша бағасы {amount} теңге.",
    "Төлқұжат {passport}, берілген күні {date}. Иесінің жеке куәлігі № {id_card}.",
    "{person_male} мырза {city} қаласында баспасөз мәслихатын өткізді.",
    "КАТО {kato}, тапсырыс № {order}, {region} облысы, {district} ауданы.",
    "Жүргізуші {person}, көлік {vehicle_plate}, куәлік берілген күні {date}.",
    "Бұрын {address_loc} тұрған {person} қазір {phone} нөмірі арқылы хабарласады.",
    "{address_loc} тұратын {person_gen} арызы қаралды.",
    "Қате ЖСН {bad_iin} енгізілді, дұрысы {iin}. Ескі көлігі {old_plate}.",
    "{person_abl} {email} поштасы арқылы хат келді, ол {street} көшесінде жұмыс істейді.",
    "{year} жылы {city} қаласында {amount} адам тіркелді, өсім {small}%.",
    "Депутат {person} әріптесі {person_gen} ұсынысын қолдады.",
)
RU = (
    "Заявитель: {person}, ИИН {iin}, дата рождения {birth_date}, адрес: {address}, тел. {phone}.",
    "Прошу перечислить {amount} тенге на счёт {iban}, получатель {person}, ИИН {iin}.",
    "Оплата по карте {card} на сумму {amount} тенге прошла {date}.",
    "ТОО «{org}», БИН {bin}, юридический адрес: {address}, тел.: {phone}, e-mail: {email}.",
    "Гражданин(ка) {person}, {birth_date} г.р., проживающий по адресу {address}, задержан {date}.",
    "Паспорт {passport}, удостоверение личности № {id_card} выдано МВД РК {date}.",
    "Согласно договору № {contract} от {date} поставщик обязуется поставить товар артикул "
    "{phonecode} (EAN {ean}) на сумму {amount} тенге.",
    "Автомобиль с госномером {vehicle_plate} зарегистрирован на имя {person}.",
    "Аким города {city_ru} {person} провёл встречу с жителями.",
    "Согласно п. 3 ст. {small} Закона РК от {year} г. заявление рассмотрено, заявитель {person}.",
    "Жалоба: {person} сообщает, что с карты {card} списано {amount} тенге. Контакт: {email}.",
    "Квартира площадью {sqm} кв. м в г. {city_ru}, цена {amount} тенге, звонить {phone}.",
    "Водитель {person} на автомобиле {old_plate} нарушил ПДД, штраф {amount} тенге.",
    "Приказ № {order} от {date}: назначить {person} на должность главного специалиста.",
    "Код КАТО {kato}, индекс {postcode}, заказ № {order}, {region_ru} обл.",
    "Контактное лицо: {person}, моб. {phone}, {email}.",
    "Курс {money_plate} мая, объём торгов {amount} тенге.",
    "Договор № {contract} от {date} с ИП {person}, ИИН {iin}, счёт {iban}.",
    "Ранее {person} проживал по адресу {address}, теперь его телефон {phone}.",
)
MIXED = (
    "Client {person_lat}, IIN {iin}, phone {phone}, e-mail {email}; мекенжайы: {address}.",
    "Payment from card {card} to IBAN {iban} (получатель {person}).",
    "Shipping address: {address_lat}. Contact: {person_lat}, {phone}.",
    "DOB {birth_date}, passport {passport}, ID card {id_card}, plate {vehicle_plate}.",
    "Клиент {person} (ИИН {iin}) paid {amount} KZT, order #{order}.",
    "Курьер {person_lat}: delivery to {address}, call {phone}.",
    "Invoice {contract} from {date}, EAN {ean}, SKU {phonecode}, BIN {bin}.",
)
TEMPLATES = (*(("kk", t) for t in KK), *(("ru", t) for t in RU), *(("mixed", t) for t in MIXED))
_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, language: str, rng: random.Random) -> LabelledText:
    """The template with each slot filled, and the spans of the labelled ones."""
    slots = _slots("ru" if language == "mixed" and rng.random() < 0.5 else
                   "kk" if language == "mixed" else language)
    text, spans, at = "", [], 0
    for match in _SLOT.finditer(template):
        text += template[at:match.start()]
        kind, make = slots[match.group(1)]
        value = make(rng)
        if kind is not None:
            spans.append((kind, len(text), len(text) + len(value)))
        text += value
        at = match.end()
    text += template[at:]
    return LabelledText(text, tuple(spans), language)


def eval_texts(seed: int = 7, count: int = 3000) -> list[LabelledText]:
    """`count` sentences, every template in turn, values drawn from the seed."""
    rng = random.Random(seed)
    return [fill(TEMPLATES[n % len(TEMPLATES)][1], TEMPLATES[n % len(TEMPLATES)][0], rng)
            for n in range(count)]


HEADERS = {
    "iin": ("ЖСН", "ИИН", "iin", "client_iin", "ИИН клиента", "col_1"),
    "bin": ("БСН", "БИН", "bin", "БИН организации", "col_2"),
    "phone": ("Телефон", "Байланыс телефоны", "phone", "Моб. телефон", "col_3"),
    "email": ("Эл. пошта", "E-mail", "email", "Электронная почта", "col_4"),
    "card": ("Номер карты", "Карта нөмірі", "card_number", "col_5"),
    "iban": ("ЖСК", "ИИК", "IBAN", "Расчетный счет", "col_6"),
    "id_card": ("Жеке куәлік нөмірі", "Номер удостоверения", "id_card"),
    "passport": ("Паспорт", "Төлқұжат нөмірі", "passport_no", "col_7"),
    "vehicle_plate": ("Мемлекеттік нөмір", "Госномер", "plate_number", "col_8"),
    "birth_date": ("Туған күні", "Дата рождения", "date_of_birth", "dob"),
    "address": ("Мекенжайы", "Адрес регистрации", "address", "Тіркелген мекенжайы",
                "Фактический адрес", "col_9"),
    "person_name": ("Аты-жөні", "ФИО", "full_name", "Тегі, аты", "Клиент", "col_10"),
}
LANGUAGES = {"address": ("kk", "ru", "ru", "kk", "ru", "lat"),
             "person_name": ("kk", "ru", "lat", "kk", "ru", "kk")}
DECOYS: tuple[tuple[str, Make], ...] = (
    ("Келісімшарт №", not_twelve_id), ("Номер договора", not_twelve_id),
    ("Лицевой счет", not_twelve_id), ("col_11", not_twelve_id), ("ЖСН (қате)", bad_iin),
    ("Артикул", lambda r: phone_like_code(r) if r.random() < 0.3
     else str(r.randint(10**10, 10**11 - 1))),
    ("Тауар коды", lambda r: str(r.randint(10**9, 10**10 - 1))), ("EAN", ean13),
    ("Штрихкод", ean13), ("Сома", amount),
    ("Сумма, тенге", lambda r: f"{r.randint(100, 10**7)}.{r.randint(0, 99):02d}"),
    ("Келісімшарт күні", date), ("Дата договора", date), ("created", date),
    ("Қала", lambda r: r.choice(KK_CITIES)), ("Город", lambda r: f"г. {r.choice(RU_CITIES)}"),
    ("Облыс", lambda r: f"{r.choice(KK_REGIONS)} облысы"),
    ("Регион", lambda r: f"{r.choice(RU_REGIONS)} обл."),
    ("Аудан", lambda r: f"{r.choice(KK_DISTRICTS)} ауданы"),
    ("Көше", lambda r: f"{r.choice(KK_STREETS)} көшесі"), ("Индекс", postcode),
    ("КАТО", lambda r: f"{r.randint(11, 79)}{r.randint(0, 9_999_999):07d}"),
    ("Тапсырыс №", lambda r: f"{r.randint(0, 999_999_999):09d}"),
    ("Саны", lambda r: str(r.randint(0, 500))), ("Жыл", lambda r: str(r.randint(1990, 2025))),
    ("Статус", lambda r: r.choice(("белсенді", "жабық", "активный", "закрыт", "новый"))),
    ("Ұйым", lambda r: f"ЖШС «{r.choice(KK_STREETS)} {r.randint(1, 99)}»"),
    ("Өнім", lambda r: r.choice(("Сүт 2,5% 1 л", "Нан", "Ұн 2 кг", "Күріш", "Шай 100 г"))),
    ("Пікір", lambda r: r.choice(("Жақсы қызмет", "Жеткізу кешікті", "Всё отлично",
                                  "Долго ждали", "Рахмет!"))),
    ("Валюта", lambda r: r.choice(("KZT", "USD", "EUR", "RUB"))),
    ("Курс", lambda r: f"{r.uniform(400, 520):.2f}"),
    ("Котировка", lambda r: f"{r.randint(400, 530)} USD {r.randint(1, 20):02d}"),
    ("Ставка", lambda r: f"{r.uniform(0, 25):.1f}%"),
)


def eval_tables(seed: int = 7, rows: int = 400) -> list[LabelledColumn]:
    """Columns of every kind under kk/ru/en headers (some under neutral ones like "col_3"), with
    a few blanks, beside non-personal and decoy columns labelled none."""
    rng = random.Random(seed)
    columns: list[LabelledColumn] = []

    def add(table: str, name: str, kind: str | None, make: Make) -> None:
        values = [None if rng.random() < 0.03 else make(rng) for _ in range(rows)]
        columns.append(LabelledColumn(table, name, values, kind))

    for kind, headers in HEADERS.items():
        for n, header in enumerate(headers):
            if kind == "address":
                add(f"{kind}_{n}", header, kind,
                    lambda r, lang=LANGUAGES[kind][n]: address(r, language=lang))
            elif kind == "person_name":
                add(f"{kind}_{n}", header, kind,
                    lambda r, lang=LANGUAGES[kind][n]: person(r, language=lang))
            else:
                add(f"{kind}_{n}", header, kind, GENERATORS[kind])
    for header, make in DECOYS:
        add(f"other_{header}", header, None, make)
    return columns
