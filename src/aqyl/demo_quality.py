"""Demo content for data quality: the KATO reference published by the statistics bureau, rules
on the demo datasets (some of which their messy data fails, so the pages have something to
show) and preparation recipes applied to the schools register and the air-quality series."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aqyl.accounts.models import Organisation
from aqyl.catalog import drafts
from aqyl.catalog.models import Dataset
from aqyl.core.actors import SYSTEM
from aqyl.quality import recipe_services, rule_services
from aqyl.quality.territory import load_kato

KATO_DATASET = {
    "name": "kato", "sector": "public_administration", "licence": "CC-BY-4.0",
    "update_frequency": "irregular", "access_level": "open",
    "tags": ["reference", "KATO", "КАТО", "ӘАОЖ"],
    "title_kk": "Әкімшілік-аумақтық объектілер жіктеуіші (ӘАОЖ): облыстар, қалалар, аудандар",
    "title_ru": "Классификатор административно-территориальных объектов (КАТО): области, "
                "города, районы",
    "title_en": "Classifier of administrative-territorial units (KATO): regions, cities, "
                "districts",
    "description_kk": "Эталон анықтамалық: ӘАОЖ кодтары, қазақ, орыс және ағылшын атаулары, "
                      "жоғары тұрған бірлік. Ережелер мен дайындау рецептері жер атауларын осы "
                      "кодтарға сәйкестендіреді.",
    "description_ru": "Эталонный справочник: коды КАТО, названия на казахском, русском и "
                      "английском, вышестоящая единица. Правила и рецепты подготовки "
                      "сопоставляют с этими кодами названия мест.",
    "description_en": "The reference list: KATO codes, names in Kazakh, Russian and English, "
                      "and the parent unit. Rules and preparation recipes map place names onto "
                      "these codes.",
    "spatial_coverage": "Қазақстан Республикасы",
    "column_descriptions": {
        "code": {"kk": "ӘАОЖ коды", "ru": "Код КАТО", "en": "KATO code"},
        "level": {"kk": "Деңгей: 1 облыс не республикалық маңызы бар қала, 2 аудан не қала",
                  "ru": "Уровень: 1 область или город республиканского значения, 2 район "
                        "или город",
                  "en": "Level: 1 region or city of republican significance, 2 district or "
                        "city"},
        "parent_code": {"kk": "Жоғары тұрған бірліктің коды", "ru": "Код вышестоящей единицы",
                        "en": "Code of the parent unit"},
    },
}

RULES = {
    ("stat", "regions"): """\
- check: not_null
  column: name_kk
  severity: critical
- check: unique
  column: kato
  severity: critical
- check: range
  column: population
  min: 0
- check: row_count
  min: 17
""",
    ("labour", "social-assistance"): """\
- check: not_null
  column: ИИН
  severity: critical
- check: iin
  column: ИИН
- check: unique
  column: ИИН
- check: allowed_values
  column: Пол
  values: [М, Ж]
- check: regex
  column: Телефон
  pattern: '\\+7 7[0-9]{2} [0-9]{3} [0-9]{2} [0-9]{2}'
""",
    ("edu", "schools"): """\
- check: not_null
  column: Мектеп коды
  severity: critical
- check: unique
  column: Мектеп коды
- check: reference
  column: Аудан_kato
  reference: kato
  name: Аудандар ӘАОЖ бойынша
""",
}

RECIPES = {
    ("edu", "schools"): """\
- step: normalise_text
- step: drop_duplicates
- step: map_territory
  column: Облыс
- step: map_territory
  column: Аудан
  parent_column: Облыс
""",
    # Sensors write -999 for "no data": flagged with the other outliers.
    ("kazhydromet", "air-quality"): """\
- step: flag_outliers
  column: pm25
  method: iqr
""",
}


def load_quality_demo(created: dict[str, int], progress: Callable[[str], None]) -> None:
    """Idempotent like the rest of the demo: what exists is left alone."""
    stat = Organisation.objects.get(slug="stat")
    if not Dataset.objects.filter(organisation=stat, name="kato").exists():
        progress("stat/kato")
        with tempfile.TemporaryDirectory(prefix="aqyl-demo-") as folder:
            path = Path(folder) / "kato.parquet"
            units = load_kato()
            pq.write_table(pa.table({
                "code": [u.code for u in units], "level": [u.level for u in units],
                "parent_code": [u.parent_code for u in units],
                "name_kk": [u.name_kk for u in units], "name_ru": [u.name_ru for u in units],
                "name_en": [u.name_en for u in units]}), path)
            drafts.ingest_upload(SYSTEM, stat, filename=path.name,
                                 chunks=drafts.file_chunks(path), new_dataset=KATO_DATASET)
        created["datasets"] += 1
        created["versions"] += 1
    for (org, name), text in RECIPES.items():
        dataset = Dataset.objects.filter(organisation__slug=org, name=name).first()
        if dataset is not None and recipe_services.recipe_of(dataset) is None:
            progress(f"{org}/{name}: recipe")
            recipe_services.save_recipe(SYSTEM, dataset, text, auto_apply=True)
            if recipe_services.apply_now(SYSTEM, dataset).status == "done":
                created["versions"] += 1
    for (org, name), text in RULES.items():
        dataset = Dataset.objects.filter(organisation__slug=org, name=name).first()
        if dataset is not None and not rule_services.rules_text(dataset):
            rule_services.save_rules(SYSTEM, dataset, text)
