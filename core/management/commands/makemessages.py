"""makemessages that also knows the project's short gettext aliases.

Some modules import `gettext_lazy as L`, `gettext as _g` or `gettext_noop as N_` (to keep
long tables readable); without these keywords xgettext would not see their strings.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [
        *MakeMessagesCommand.xgettext_options,
        "--keyword=L",
        "--keyword=_g",
        "--keyword=N_",
    ]
