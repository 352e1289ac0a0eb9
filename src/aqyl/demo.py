"""Demo content for a new installation: organisations and users to try every role with.

Organisations are marked as demo; real bodies appear without invented identifiers (no BIN).
Loading is idempotent: what exists is left alone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aqyl.accounts import services as accounts
from aqyl.accounts.models import Membership, Organisation, PlatformRole, Role, User
from aqyl.catalog import drafts
from aqyl.catalog.metadata_exports.croissant import SYNTHETIC_TAG
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.core.actors import SYSTEM
from aqyl.demo_data import DEMO_DATASETS, OWNER_ORGANISATIONS, DemoDataset, generate_update

ORGANISATIONS = (
    {
        "slug": "aidd", "type": "government", "sector": "digital",
        "name_kk": "Қазақстан Республикасы Жасанды интеллект және цифрлық даму министрлігі",
        "name_ru": "Министерство искусственного интеллекта и цифрового развития "
                   "Республики Казахстан",
        "name_en": "Ministry of Artificial Intelligence and Digital Development of the "
                   "Republic of Kazakhstan",
    },
    {
        "slug": "nit", "type": "quasi_public", "sector": "digital",
        "name_kk": "«Ұлттық ақпараттық технологиялар» АҚ",
        "name_ru": "АО «Национальные информационные технологии»",
        "name_en": "National Information Technologies JSC",
    },
    {
        "slug": "stat", "type": "government", "sector": "public_administration",
        "name_kk": "ҚР Стратегиялық жоспарлау және реформалар агенттігінің Ұлттық статистика "
                   "бюросы",
        "name_ru": "Бюро национальной статистики Агентства по стратегическому планированию и "
                   "реформам РК",
        "name_en": "Bureau of National Statistics of the Agency for Strategic Planning and "
                   "Reforms",
    },
    {
        "slug": "kaznu", "type": "university", "sector": "education",
        "name_kk": "Әл-Фараби атындағы Қазақ ұлттық университеті",
        "name_ru": "Казахский национальный университет имени аль-Фараби",
        "name_en": "Al-Farabi Kazakh National University",
    },
    {
        "slug": "dala-ai", "type": "company", "sector": "agriculture",
        "name_kk": "«Dala AI» ЖШС (ойдан шығарылған стартап)",
        "name_ru": "ТОО «Dala AI» (вымышленный стартап)",
        "name_en": "Dala AI LLP (a fictional startup)",
        "bin": "250140012344",
    },
    *OWNER_ORGANISATIONS,
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    platform_role: str
    memberships: tuple[tuple[str, str], ...]


USERS = (
    DemoUser("orgadmin", "Айгерім", "Сәрсенова", "", (("aidd", Role.ORG_ADMIN),)),
    DemoUser("steward", "Ержан", "Қасымов", "",
             (("stat", Role.STEWARD), ("kazhydromet", Role.STEWARD))),
    DemoUser("developer", "Дана", "Омарова", "",
             (("kaznu", Role.DEVELOPER), ("dala-ai", Role.ORG_ADMIN))),
    DemoUser("auditor", "Нұрлан", "Әбенов", PlatformRole.AUDITOR, (("nit", Role.AUDITOR),)),
)


def load_demo(password: str, *, datasets: bool = True,
              progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create what is missing; returns how many organisations, users, memberships, datasets
    and versions were new."""
    created = {"organisations": 0, "users": 0, "memberships": 0, "datasets": 0, "versions": 0}
    for fields in ORGANISATIONS:
        if not Organisation.objects.filter(slug=fields["slug"]).exists():
            accounts.create_organisation(SYSTEM, is_demo=True, **fields)
            created["organisations"] += 1
    for demo in USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = accounts.create_user(
                SYSTEM, username=demo.username, password=password, first_name=demo.first_name,
                last_name=demo.last_name, platform_role=demo.platform_role,
            )
            created["users"] += 1
        for slug, role in demo.memberships:
            organisation = Organisation.objects.get(slug=slug)
            if not Membership.objects.filter(user=user, organisation=organisation).exists():
                accounts.add_member(SYSTEM, organisation, username=user.username, role=role)
                created["memberships"] += 1
    if datasets:
        from aqyl.demo_privacy import load_privacy_demo
        from aqyl.demo_quality import load_quality_demo

        _load_datasets(created, progress or (lambda _name: None))
        load_quality_demo(created, progress or (lambda _name: None))
        load_privacy_demo(created, progress or (lambda _name: None))
    return created


def _metadata(demo: DemoDataset) -> dict[str, object]:
    start, end = demo.temporal_coverage
    fields: dict[str, object] = {
        "name": demo.name, "sector": demo.sector, "tags": [*demo.tags, SYNTHETIC_TAG],
        "licence": demo.licence, "update_frequency": demo.update_frequency,
        "spatial_coverage": demo.spatial_coverage["kk"], "temporal_start": start,
        "temporal_end": end, "access_level": demo.access_level,
        "column_descriptions": demo.column_descriptions,
    }
    for lang in ("kk", "ru", "en"):
        fields[f"title_{lang}"] = demo.title[lang]
        fields[f"description_{lang}"] = demo.description[lang]
    return fields


def _ingest(demo: DemoDataset, organisation: Organisation, path: Path) -> DatasetVersion:
    if not demo.public_columns:
        return drafts.ingest_upload(SYSTEM, organisation, filename=path.name,
                                    chunks=drafts.file_chunks(path), new_dataset=_metadata(demo))
    from aqyl.privacy.services import record_decision

    draft = drafts.start_upload(SYSTEM, organisation, filename=path.name,
                                chunks=drafts.file_chunks(path), new_dataset=_metadata(demo))
    drafts.read_draft(draft)
    record_decision(SYSTEM, draft=draft, columns=list(demo.public_columns),
                    text="The organisations' public contact details, published on purpose.")
    return drafts.publish_draft(SYSTEM, draft)


def _load_datasets(created: dict[str, int], progress: Callable[[str], None]) -> None:
    """Each synthetic dataset goes through the same ingest a steward's upload does; air quality
    gets a second version so the card shows history."""
    with tempfile.TemporaryDirectory(prefix="aqyl-demo-") as folder:
        for demo in DEMO_DATASETS:
            organisation = Organisation.objects.get(slug=demo.organisation)
            if Dataset.objects.filter(organisation=organisation, name=demo.name).exists():
                continue
            progress(f"{demo.organisation}/{demo.name}")
            path = demo.write(Path(folder))
            version = _ingest(demo, organisation, path)
            created["datasets"] += 1
            created["versions"] += 1
            if demo.name == "air-quality":
                _update, update_path = generate_update(Path(folder) / "update")
                drafts.ingest_upload(SYSTEM, organisation, filename=update_path.name,
                                     chunks=drafts.file_chunks(update_path),
                                     dataset=version.dataset, note="June 2025 added")
                created["versions"] += 1
