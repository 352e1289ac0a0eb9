"""API routes for the signed-in user, organisations, memberships and API tokens."""


from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from aqyl.accounts import selectors, services
from aqyl.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrganisationType,
    Role,
    Sector,
    TokenScope,
)
from aqyl.core.api_routes import Pages
from aqyl.core.errors import NotFound
from aqyl.core.permissions import require

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    slug: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str
    bin: str | None
    type: str
    sector: str
    website: str
    is_demo: bool


class OrganisationIn(Schema):
    slug: str = Field(..., min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_kk: str = Field(..., min_length=1, max_length=300)
    name_ru: str = Field(..., min_length=1, max_length=300)
    name_en: str = Field(..., min_length=1, max_length=300)
    bin: str | None = Field(None, max_length=12)
    type: OrganisationType
    sector: Sector
    website: str = Field("", max_length=200)


class OrganisationPatch(Schema):
    name_kk: str | None = Field(None, min_length=1, max_length=300)
    name_ru: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, min_length=1, max_length=300)
    bin: str | None = Field(None, max_length=12)
    type: OrganisationType | None = None
    sector: Sector | None = None
    website: str | None = Field(None, max_length=200)


class OrganisationFilters(Schema):
    q: str = Field("", max_length=200)
    type: OrganisationType | None = None
    sector: Sector | None = None


class MemberOut(Schema):
    username: str
    full_name: str
    role: str
    created_at: datetime

    @staticmethod
    def resolve_username(obj: Membership) -> str:
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.user.get_full_name()


class MemberIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    role: Role


class MemberPatch(Schema):
    role: Role


class MembershipOut(Schema):
    organisation: str
    role: str

    @staticmethod
    def resolve_organisation(obj: Membership) -> str:
        return obj.organisation.slug


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    language: str
    platform_role: str
    memberships: list[MembershipOut]


class TokenOut(Schema):
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    scope: TokenScope = TokenScope.READ
    days: int = Field(90, ge=1, le=settings.AQYL["AQYL_TOKEN_MAX_DAYS"])


class TokenCreated(TokenOut):
    token: str


def _organisation(slug: str) -> Organisation:
    organisation = selectors.get_organisation(slug)
    if organisation is None:
        raise NotFound
    return organisation


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "accounts.view_own_account", actor.user)  # any signed-in user, about themselves
    user = actor.user
    return {
        "username": user.username, "full_name": user.get_full_name(), "email": user.email,
        "language": user.language, "platform_role": user.platform_role,
        "memberships": list(selectors.memberships_of(user)),
    }


@router.get("/organisations", response=list[OrganisationOut], auth=None,
            summary="Organisations on the platform")
@paginate(Pages)
def organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    return selectors.list_organisations(query=filters.q, type=filters.type or "",
                                        sector=filters.sector or "")


@router.post("/organisations", response={201: OrganisationOut}, summary="Add an organisation")
def create_organisation(request: HttpRequest, body: OrganisationIn) -> Status[Any]:
    organisation = services.create_organisation(request.auth, **body.dict())  # type: ignore[attr-defined]
    return Status(201, organisation)


@router.get("/organisations/{slug}", response=OrganisationOut, auth=None,
            summary="One organisation")
def organisation(request: HttpRequest, slug: str) -> Organisation:
    return _organisation(slug)


@router.patch("/organisations/{slug}", response=OrganisationOut, summary="Change an organisation")
def update_organisation(request: HttpRequest, slug: str, body: OrganisationPatch) -> Organisation:
    changes = body.dict(exclude_unset=True)
    return services.update_organisation(request.auth, _organisation(slug), **changes)  # type: ignore[attr-defined]


@router.get("/organisations/{slug}/members", response=list[MemberOut], summary="Members")
@paginate(Pages)
def members(request: HttpRequest, slug: str) -> Any:
    organisation = _organisation(slug)
    require(request.auth, "accounts.view_members", organisation)  # type: ignore[attr-defined]
    return selectors.members_of(organisation)


def _membership(organisation: Organisation, username: str) -> Membership:
    membership = selectors.members_of(organisation).filter(user__username=username).first()
    if membership is None:
        raise NotFound
    return membership


@router.post("/organisations/{slug}/members", response={201: MemberOut}, summary="Add a member")
def add_member(request: HttpRequest, slug: str, body: MemberIn) -> Status[Any]:
    organisation = _organisation(slug)
    actor = request.auth  # type: ignore[attr-defined]
    membership = services.add_member(actor, organisation, username=body.username, role=body.role)
    return Status(201, membership)


@router.patch("/organisations/{slug}/members/{username}", response=MemberOut,
              summary="Change a member's role")
def change_member(request: HttpRequest, slug: str, username: str, body: MemberPatch
                  ) -> Membership:
    actor = request.auth  # type: ignore[attr-defined]
    organisation = _organisation(slug)
    require(actor, "accounts.view_members", organisation)
    return services.change_member_role(actor, _membership(organisation, username), role=body.role)


@router.delete("/organisations/{slug}/members/{username}", response={204: None},
               summary="Remove a member")
def remove_member(request: HttpRequest, slug: str, username: str) -> Status[Any]:
    actor = request.auth  # type: ignore[attr-defined]
    organisation = _organisation(slug)
    require(actor, "accounts.view_members", organisation)
    services.remove_member(actor, _membership(organisation, username))
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
def tokens(request: HttpRequest) -> Any:
    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "accounts.view_own_account", actor.user)
    return list(selectors.tokens_of(actor.user))


@router.post("/tokens", response={201: TokenCreated},
             summary="Create an API token (the secret is shown only in this response)")
def create_token(request: HttpRequest, body: TokenIn) -> Status[Any]:
    actor = request.auth  # type: ignore[attr-defined]
    token, secret = services.issue_token(actor, name=body.name, scope=body.scope, days=body.days)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@router.delete("/tokens/{prefix}", response=TokenOut, summary="Revoke an API token")
def revoke_token(request: HttpRequest, prefix: str) -> ApiToken:
    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "accounts.view_own_account", actor.user)
    token = selectors.tokens_of(actor.user).filter(prefix=prefix).first()
    if token is None:
        raise NotFound
    return services.revoke_token(actor, token)
