"""A small reader for gettext .po files (enough for the translation checks)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs.values())


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def flush():
        nonlocal entry
        if entry.msgid or entry.msgstrs:
            entries.append(entry)
        entry = Entry()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            target = None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#:"):
            entry.references.extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
            continue
        value = ast.literal_eval(rest)
        if keyword.startswith("msgstr["):
            target = ("msgstr", int(keyword[7:-1]))
        else:
            target = (keyword, None)
        _append(entry, target, value, start=True)
    flush()
    return [e for e in entries if not e.obsolete]


def _append(entry: Entry, target, value: str, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        index = index or 0
        entry.msgstrs[index] = ("" if start else entry.msgstrs.get(index, "")) + value
    elif name == "msgctxt":
        entry.msgctxt = ("" if start or entry.msgctxt is None else entry.msgctxt) + value
    else:
        setattr(entry, name, ("" if start else getattr(entry, name)) + value)
