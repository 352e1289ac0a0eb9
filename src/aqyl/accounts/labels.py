"""Names of the accounts domain's audit actions."""

from django.utils.translation import gettext_lazy as _

from aqyl.core.labels import register_actions

register_actions({
    "accounts.login": _("Sign-in"),
    "accounts.logout": _("Sign-out"),
    "accounts.password.change": _("Password change"),
    "accounts.user.create": _("User created"),
    "accounts.organisation.create": _("Organisation created"),
    "accounts.organisation.update": _("Organisation changed"),
    "accounts.membership.create": _("Member added"),
    "accounts.membership.change_role": _("Member's role changed"),
    "accounts.membership.delete": _("Member removed"),
    "accounts.token.create": _("API token created"),
    "accounts.token.revoke": _("API token revoked"),
    "accounts.view_organisation": _("View an organisation"),
    "accounts.create_organisation": _("Create an organisation"),
    "accounts.create_user": _("Create a user"),
    "accounts.change_organisation": _("Change an organisation"),
    "accounts.view_members": _("View an organisation's members"),
    "accounts.manage_members": _("Manage an organisation's members"),
    "accounts.view_own_account": _("View own account"),
    "accounts.manage_tokens": _("Manage API tokens"),
    "accounts.revoke_any_token": _("Revoke another user's API token"),
    "accounts.change_own_account": _("Change own account"),
})
