"""Django's makemessages, writing catalogues that merge well: sorted by message, no source
locations, no creation date.

Several people add strings at once; with locations and dates every run rewrote hundreds of
lines, and two branches that each added a string conflicted all over the file. Sorted and
location-free, an added string is an added block of lines in its alphabetical place.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

POT_DATE = re.compile(r'^"POT-Creation-Date: [^"]*\\n"\n', re.M)


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output"]
    msgattrib_options = [*makemessages.Command.msgattrib_options, "--sort-output"]

    def handle(self, *args, **options):
        options["no_location"] = True
        options["add_location"] = None
        return super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        super().write_po_file(potfile, locale)
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        text = pofile.read_text(encoding="utf-8")
        pofile.write_text(POT_DATE.sub("", text, count=1), encoding="utf-8")
