"""Django's own messages that our pages show but Django's Kazakh catalog leaves untranslated.

Listing them here puts them into our catalogs (makemessages extracts these calls), and our
LOCALE_PATHS take precedence over Django's. Nothing imports this module at run time.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_VALIDATION = (
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
