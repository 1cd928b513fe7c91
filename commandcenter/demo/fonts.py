"""A font with Chinese glyphs from the system, for drawing names into pictures without Qt."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Simplified-Chinese faces first; a collection's SC face is picked by its name.
_NAMES = ["NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf",
          "SourceHanSansSC-Regular.otf", "SourceHanSans-Regular.ttc", "msyh.ttc", "msyh.ttf",
          "simhei.ttf", "simsun.ttc", "PingFang.ttc", "Hiragino Sans GB.ttc",
          "wqy-microhei.ttc", "wqy-zenhei.ttc", "DroidSansFallbackFull.ttf"]


def _folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        return [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local/share/fonts", home / ".fonts"]


def _fontconfig_choice() -> str | None:
    """What fontconfig would give Chinese text, where fontconfig is installed."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None


def _candidates() -> list[str]:
    wanted = {name.lower(): rank for rank, name in enumerate(_NAMES)}
    found: list[tuple[int, str]] = []
    for folder in _folders():
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            rank = wanted.get(path.name.lower())
            if rank is not None:
                found.append((rank, str(path)))
    chosen = [path for _rank, path in sorted(found)]
    fontconfig = _fontconfig_choice()
    return chosen + ([fontconfig] if fontconfig and fontconfig not in chosen else [])


def _has_chinese(font) -> bool:
    try:
        # A face without the glyph draws its "missing" box, the same for any absent character.
        return bytes(font.getmask("东")) != bytes(font.getmask("\U0010fffd"))
    except Exception:  # a face Pillow cannot render from
        return False


@functools.cache
def cjk_font() -> tuple[str, int] | None:
    """(file, face index) of a font that draws Chinese, or None when the system has none."""
    from PIL import ImageFont
    for path in _candidates():
        faces = []
        for index in range(8 if path.lower().endswith(".ttc") else 1):
            try:
                font = ImageFont.truetype(path, 12, index=index)
            except OSError:
                break
            faces.append((index, " ".join(font.getname())))
        # In a collection, the simplified-Chinese face (Noto's "… CJK SC").
        faces.sort(key=lambda face: (" SC" not in face[1], face[0]))
        for index, _name in faces:
            if _has_chinese(ImageFont.truetype(path, 12, index=index)):
                return path, index
    return None
