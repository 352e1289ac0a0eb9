"""Demo content for a new installation: organisations and users to try every role with.

Organisations are marked as demo; real bodies appear without invented identifiers (no BIN).
Loading is idempotent: what exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from aqyl.accounts import services as accounts
from aqyl.accounts.models import Membership, Organisation, PlatformRole, Role, User
from aqyl.core.actors import SYSTEM

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
    DemoUser("steward", "Ержан", "Қасымов", "", (("stat", Role.STEWARD),)),
    DemoUser("developer", "Дана", "Омарова", "",
             (("kaznu", Role.DEVELOPER), ("dala-ai", Role.ORG_ADMIN))),
    DemoUser("auditor", "Нұрлан", "Әбенов", PlatformRole.AUDITOR, (("nit", Role.AUDITOR),)),
)


def load_demo(password: str) -> dict[str, int]:
    """Create what is missing; returns how many organisations, users and memberships were new."""
    created = {"organisations": 0, "users": 0, "memberships": 0}
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
    return created
