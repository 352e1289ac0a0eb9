"""Bodies that own demo datasets but are not among the demo organisations yet.

Same shape as `aqyl.demo.ORGANISATIONS`: real bodies, marked demo, without invented BINs.
"""

from __future__ import annotations

OWNER_ORGANISATIONS: tuple[dict[str, str], ...] = (
    {
        "slug": "edu", "type": "government", "sector": "education",
        "name_kk": "Қазақстан Республикасы Оқу-ағарту министрлігі",
        "name_ru": "Министерство просвещения Республики Казахстан",
        "name_en": "Ministry of Education of the Republic of Kazakhstan",
    },
    {
        "slug": "kazhydromet", "type": "quasi_public", "sector": "ecology",
        "name_kk": "Қазақстан Республикасы Экология және табиғи ресурстар министрлігінің "
                   "«Қазгидромет» РМК",
        "name_ru": "РГП «Казгидромет» Министерства экологии и природных ресурсов Республики "
                   "Казахстан",
        "name_en": "Kazhydromet, the national hydrometeorological service (Ministry of "
                   "Ecology and Natural Resources)",
    },
    {
        "slug": "mia", "type": "government", "sector": "public_administration",
        "name_kk": "Қазақстан Республикасы Ішкі істер министрлігі",
        "name_ru": "Министерство внутренних дел Республики Казахстан",
        "name_en": "Ministry of Internal Affairs of the Republic of Kazakhstan",
    },
    {
        "slug": "health", "type": "government", "sector": "health",
        "name_kk": "Қазақстан Республикасы Денсаулық сақтау министрлігі",
        "name_ru": "Министерство здравоохранения Республики Казахстан",
        "name_en": "Ministry of Health of the Republic of Kazakhstan",
    },
    {
        "slug": "labour", "type": "government", "sector": "social",
        "name_kk": "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
        "name_ru": "Министерство труда и социальной защиты населения Республики Казахстан",
        "name_en": "Ministry of Labour and Social Protection of the Population of the "
                   "Republic of Kazakhstan",
    },
)
