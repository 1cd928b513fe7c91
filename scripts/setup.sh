#!/usr/bin/env bash
# Installs what commandcenter needs into .venv (idempotent; fast when nothing changed).
# As root on Debian/Ubuntu it also installs the system libraries QtWebEngine loads and
# the CJK fonts the Chinese interface needs (poppler-utils: the PDF report tests read
# the PDF back with pdftotext and pdffonts).
set -euo pipefail
cd "$(dirname "$0")/.."

QT_DEBS="libnss3 libnspr4 libasound2 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
 libegl1 libgl1 libopengl0 libgbm1 libdrm2 libxkbcommon0 libxkbcommon-x11-0 libxkbfile1
 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcomposite1 libxdamage1 libxrandr2 libxtst6
 libxshmfence1 fonts-noto-cjk poppler-utils"

# shellcheck disable=SC2086  # one word per package
bash scripts/apt_install.sh $QT_DEBS

# Any CPython >= 3.11 works: pyproject.toml picks PySide6 6.12 on 3.12+ and 6.11.3 on 3.11,
# where 6.12 is known to corrupt None's reference count. PYTHON picks the interpreter of a
# new environment, VENV its folder (e.g. VENV=.venv-py312 PYTHON=python3.12 beside .venv).
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
fi
stamp=$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -e "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
