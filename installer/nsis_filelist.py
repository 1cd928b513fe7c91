"""Writes the uninstaller's list of what the installer puts in the program folder.

    python installer/nsis_filelist.py BUNDLE_DIR OUT.nsh

One ``RMDir /r`` or ``Delete`` line per top-level entry of the bundle: the uninstaller
removes exactly these, so a program folder pointed elsewhere with /D= loses nothing else.
"""
from __future__ import annotations

import sys
from pathlib import Path


def write_filelist(bundle: Path, out: Path) -> Path:
    lines = [f'RMDir /r "$INSTDIR\\{p.name}"\n' if p.is_dir() else f'Delete "$INSTDIR\\{p.name}"\n'
             for p in sorted(bundle.iterdir())]
    out.write_text("".join(lines), encoding="utf-8")
    return out


if __name__ == "__main__":
    write_filelist(Path(sys.argv[1]), Path(sys.argv[2]))
