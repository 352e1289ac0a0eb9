"""The sentences the feeds say about a dataset, in the three portal languages.

Feeds are data, not pages: each text is kept in Kazakh, Russian and English and published with
its language tag, whatever language the reader's browser asks for. The dataset's own texts
(titles, descriptions, column notes) come from the owner; these only state facts the platform
recorded, or say plainly that the owner has not described something.
"""

from __future__ import annotations

from typing import Any

from aqyl.accounts.models import Organisation
from aqyl.catalog.models import Dataset

LANGUAGES = ("kk", "ru", "en")

Text = dict[str, str]
"""One text in the portal languages: {"kk": ..., "ru": ..., "en": ...}; blanks are left out."""

NOT_DESCRIBED: dict[str, Text] = {
    "dataset": {
        "kk": "Иесі бұл деректер жинағын сипаттамаған.",
        "ru": "Владелец не описал этот набор данных.",
        "en": "The owner has not described this dataset.",
    },
    "collection": {
        "kk": "Деректердің бастапқыда қалай жиналғанын иесі сипаттамаған.",
        "ru": "Владелец не описал, как данные были изначально собраны.",
        "en": "The owner has not described how the data was originally collected.",
    },
    "collection_type": {
        "kk": "Иесі деректерді жинау түрін көрсетпеген.",
        "ru": "Владелец не указал способ сбора данных.",
        "en": "The owner has not stated how the data was collected (collection type).",
    },
    "limitations": {
        "kk": "Иесі деректердің белгілі шектеулерін сипаттамаған.",
        "ru": "Владелец не описал известные ограничения данных.",
        "en": "The owner has not described known limitations of the data.",
    },
    "biases": {
        "kk": "Иесі деректердегі ықтимал бұрмалануларды сипаттамаған.",
        "ru": "Владелец не описал возможные смещения в данных.",
        "en": "The owner has not described biases in the data.",
    },
    "personal_information": {
        "kk": "Деректерде дербес немесе құпия ақпараттың бар-жоғын иесі көрсетпеген.",
        "ru": "Владелец не указал, содержат ли данные персональную или чувствительную "
              "информацию.",
        "en": "The owner has not stated whether the data contains personal or sensitive "
              "information.",
    },
    "use_cases": {
        "kk": "Иесі деректерді қолданудың көзделген жолдарын сипаттамаған.",
        "ru": "Владелец не описал, для чего предназначены данные.",
        "en": "The owner has not described what the data is meant to be used for.",
    },
    "social_impact": {
        "kk": "Иесі деректердің әлеуметтік әсерін сипаттамаған.",
        "ru": "Владелец не описал социальное воздействие данных.",
        "en": "The owner has not described the social impact of the data.",
    },
}

PUBLISHED: Text = {
    "kk": "{number}-нұсқа {date} күні жарияланды, дереккөзі: {source}; иесі: {owner}.",
    "ru": "Версия {number} опубликована {date}, источник: {source}; владелец: {owner}.",
    "en": "Version {number} was published on {date} from {source}; owner: {owner}.",
}
DATABASE_SOURCE: Text = {
    "kk": "PostgreSQL дерекқорына сұраныс",
    "ru": "запрос к базе данных PostgreSQL",
    "en": "a PostgreSQL database query",
}
UNKNOWN_SOURCE: Text = {
    "kk": "белгісіз дереккөз",
    "ru": "неизвестный источник",
    "en": "an unrecorded source",
}
SYNTHETIC: Text = {
    "kk": "Платформамен танысуға арналған синтетикалық демо деректер.",
    "ru": "Синтетические демонстрационные данные для знакомства с платформой.",
    "en": "Synthetic demonstration data for trying the platform.",
}
TEMPORAL: Text = {
    "kk": "Қамтитын кезең: {start} — {end}.",
    "ru": "Охватываемый период: {start} — {end}.",
    "en": "Period covered: {start} to {end}.",
}
OPEN_END: Text = {"kk": "белгісіз", "ru": "не указано", "en": "not stated"}
SPATIAL: Text = {
    "kk": "Аумақтық қамту: {spatial}.",
    "ru": "Территориальный охват: {spatial}.",
    "en": "Spatial coverage: {spatial}.",
}
MAINTENANCE: Text = {
    "kk": "Жаңарту жиілігі: {frequency}. Әр нұсқа өз бақылау сомасымен және жүктеу "
          "мекенжайымен өзгеріссіз сақталады.",
    "ru": "Частота обновления: {frequency}. Каждая версия хранится без изменений, со своей "
          "контрольной суммой и адресом загрузки.",
    "en": "Update frequency: {frequency}. Every version is kept unchanged, with its own "
          "checksum and download address.",
}
FREQUENCIES: dict[str, Text] = {
    "continuous": {"kk": "үздіксіз", "ru": "непрерывно", "en": "continuously"},
    "daily": {"kk": "күн сайын", "ru": "ежедневно", "en": "daily"},
    "weekly": {"kk": "апта сайын", "ru": "еженедельно", "en": "weekly"},
    "monthly": {"kk": "ай сайын", "ru": "ежемесячно", "en": "monthly"},
    "quarterly": {"kk": "тоқсан сайын", "ru": "ежеквартально", "en": "quarterly"},
    "annual": {"kk": "жыл сайын", "ru": "ежегодно", "en": "annually"},
    "irregular": {"kk": "тұрақты емес", "ru": "нерегулярно", "en": "irregularly"},
    "never": {"kk": "жаңартылмайды", "ru": "не обновляется", "en": "not updated"},
}
OWNER_TERMS: Text = {
    "kk": "Иесі белгілеген шарттар",
    "ru": "Условия, установленные владельцем",
    "en": "Terms set by the owner",
}
ACCESS_CONDITIONS: dict[str, Text] = {
    "open": {
        "kk": "Деректер барлығына ашық.",
        "ru": "Данные открыты для всех.",
        "en": "The data is open to everyone.",
    },
    "restricted": {
        "kk": "Деректерге иесі қолжетімділік сұрауын мақұлдағаннан кейін қол жеткізуге болады.",
        "ru": "Данные доступны после того, как владелец одобрит запрос на доступ.",
        "en": "The data is available once the owner approves an access request.",
    },
    "confidential": {
        "kk": "Деректерді тек иесі ұйымның мүшелері оқи алады.",
        "ru": "Данные доступны только сотрудникам организации-владельца.",
        "en": "Only members of the owner organisation may read the data.",
    },
}

# How the source file was read (DatasetVersion.understood), for rai:dataPreprocessingProtocol.
READ_FROM: Text = {
    "kk": "{format} файлы оқылды: {name}.",
    "ru": "Прочитан файл {format}: {name}.",
    "en": "Read from the {format} file {name}.",
}
READ_FROM_DATABASE: Text = {
    "kk": "PostgreSQL дерекқорына сұраныс нәтижесі оқылды.",
    "ru": "Прочитан результат запроса к базе данных PostgreSQL.",
    "en": "Read from the result of a PostgreSQL database query.",
}
ENCODING: Text = {
    "kk": "Таңбалар кодировкасы: {encoding}.",
    "ru": "Кодировка: {encoding}.",
    "en": "Character encoding: {encoding}.",
}
DELIMITER: Text = {
    "kk": "Өріс бөлгіші: {delimiter}.",
    "ru": "Разделитель полей: {delimiter}.",
    "en": "Field delimiter: {delimiter}.",
}
NO_HEADER: Text = {
    "kk": "Файлда тақырып жолы жоқ: бағандарға атау автоматты түрде берілді.",
    "ru": "В файле нет строки заголовков: столбцы названы автоматически.",
    "en": "The file has no header row: columns were named automatically.",
}
HEADER_ROW: Text = {
    "kk": "Баған атаулары {row}-жолдан алынды.",
    "ru": "Названия столбцов взяты из строки {row}.",
    "en": "Column names were taken from row {row}.",
}
SHEET: Text = {
    "kk": "Оқылған парақ: {sheet}.",
    "ru": "Прочитан лист: {sheet}.",
    "en": "Sheet read: {sheet}.",
}
DECIMAL_COMMA: Text = {
    "kk": "Сандардағы ондық бөлгіш — үтір.",
    "ru": "В числах десятичный разделитель — запятая.",
    "en": "Numbers use a decimal comma.",
}
SPACE_GROUPS: Text = {
    "kk": "Сандардың разрядтары бос орынмен бөлінген (1 350 000).",
    "ru": "Разряды чисел разделены пробелами (1 350 000).",
    "en": "Digits of numbers are grouped with spaces (1 350 000).",
}
DATE_FORMAT: Text = {
    "kk": "Күндер {date_format} пішімімен оқылды.",
    "ru": "Даты прочитаны в формате {date_format}.",
    "en": "Dates were read with the format {date_format}.",
}
TOTALS_DROPPED: Text = {
    "kk": "Соңғы жиынтық жол («Барлығы», «Итого») алынып тасталды.",
    "ru": "Итоговая последняя строка («Барлығы», «Итого») удалена.",
    "en": "The final totals row (\"Барлығы\", \"Итого\") was dropped.",
}
SKIPPED_ROWS: Text = {
    "kk": "Тақырып жолының үстіндегі {count} жол (атау, дереккөз) өткізіп жіберілді.",
    "ru": "Пропущено строк над заголовком (название, источник): {count}.",
    "en": "{count} lines above the header (title, source) were skipped.",
}
MERGED_CELLS: Text = {
    "kk": "Біріктірілген ұяшықтардан толтырылған мәндер: {count}.",
    "ru": "Значений, заполненных из объединённых ячеек: {count}.",
    "en": "{count} values were filled in from merged cells.",
}
TEXT_AS_VALUES: Text = {
    "kk": "Мәтіні сан немесе күн ретінде оқылған бағандар: {columns}.",
    "ru": "Столбцы, текст которых прочитан как числа или даты: {columns}.",
    "en": "Columns whose text was read as numbers or dates: {columns}.",
}
JSON_TEXT: Text = {
    "kk": "Құрылымы әртүрлі болғандықтан JSON мәтіні ретінде сақталған бағандар: {columns}.",
    "ru": "Столбцы с меняющейся структурой, сохранённые как текст JSON: {columns}.",
    "en": "Columns whose shape varied, kept as JSON text: {columns}.",
}
COLUMN_TYPES: Text = {
    "kk": "Жүктеу кезінде қолмен берілген баған түрлері: {columns}.",
    "ru": "Типы столбцов, заданные вручную при загрузке: {columns}.",
    "en": "Column types set by hand at upload: {columns}.",
}
STORED: Text = {
    "kk": "Типтелген бағандармен Parquet пішімінде сақталды: {rows} жол, {columns} баған.",
    "ru": "Сохранено в Parquet с типизированными столбцами: строк — {rows}, столбцов — "
          "{columns}.",
    "en": "Stored as Parquet with typed columns: {rows} rows, {columns} columns.",
}
TAB: Text = {"kk": "табуляция", "ru": "табуляция", "en": "tab"}

CATALOG_TITLE: Text = {
    "kk": "aqyl деректер каталогы",
    "ru": "Каталог данных aqyl",
    "en": "aqyl data catalogue",
}
CATALOG_DESCRIPTION: Text = {
    "kk": "Қазақстанның ұлттық жасанды интеллект платформасындағы деректер жинақтары.",
    "ru": "Наборы данных национальной платформы искусственного интеллекта Казахстана.",
    "en": "Datasets of Kazakhstan's national artificial intelligence platform.",
}


def fill(template: Text, **values: Text | str | int) -> Text:
    """`template` in each language with `values` put in; a value may itself be a Text."""
    return {lang: text.format(**{k: (v.get(lang) or v.get("en", "")) if isinstance(v, dict)
                                 else v for k, v in values.items()})
            for lang, text in template.items()}


def join(*parts: Text) -> Text:
    """Sentences joined language by language."""
    return {lang: " ".join(part[lang] for part in parts if part.get(lang))
            for lang in LANGUAGES if any(part.get(lang) for part in parts)}


def dataset_text(dataset: Dataset, field: str) -> Text:
    """`title`, `description` or `spatial_coverage` of a dataset in the languages the owner
    filled in."""
    return {lang: value for lang in LANGUAGES
            if (value := str(getattr(dataset, f"{field}_{lang}", "") or "").strip())}


def organisation_name(organisation: Organisation) -> Text:
    return {lang: value for lang in LANGUAGES
            if (value := str(getattr(organisation, f"name_{lang}", "") or "").strip())}


def column_text(dataset: Dataset, column: str) -> Text:
    texts: Any = (dataset.column_descriptions or {}).get(column) or {}
    if isinstance(texts, str):  # an owner who wrote one text, not three
        return {"kk": texts.strip()} if texts.strip() else {}
    return {lang: str(texts[lang]).strip() for lang in LANGUAGES
            if isinstance(texts, dict) and str(texts.get(lang) or "").strip()}


def pick(text: Text, language: str) -> str:
    """The text in `language`, else Kazakh (the state language), else whatever there is."""
    return text.get(language) or text.get("kk") or next(iter(text.values()), "")


def tagged(text: Text) -> list[dict[str, str]]:
    """JSON-LD language-tagged values, one per language."""
    return [{"@value": text[lang], "@language": lang} for lang in LANGUAGES if text.get(lang)]
