#!/usr/bin/env bash
# Builds everything from a clean checkout, checks it, and prints sizes and times:
#   1. the frozen program with PyInstaller (installer/commandcenter.spec) -> build/dist/commandcenter
#   2. its self-test, offscreen                 -> build/selftest.png
#   3. the NSIS script compiled against that bundle layout (uncompressed, then discarded)
#   4. the Windows installer, cross-assembled    -> build/windows/commandcenter-<version>-win64-setup.exe
# As root on Debian/Ubuntu it installs nsis, binutils (objdump) and wine64 (the installer
# tests) itself. The Windows bundle proper is built by .github/workflows/windows.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/apt_install.sh nsis binutils wine64
for tool in makensis objdump; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (apt-get install nsis binutils)" >&2; exit 1; }
done

bash scripts/setup.sh
stamp=.venv/.installer-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -e "$stamp" ]; then
    .venv/bin/python -m pip install -q -e ".[test,installer]"
    rm -f .venv/.installer-*
    touch "$stamp"
fi
version=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

t0=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath build/dist \
    --workpath build/pyinstaller installer/commandcenter.spec
t1=$(date +%s)

echo "--- self-test of the frozen program"
build/dist/commandcenter/commandcenter --selftest --selftest-shot build/selftest.png 2>build/selftest.log \
    || { cat build/selftest.log >&2; exit 1; }
t2=$(date +%s)

echo "--- NSIS script against the bundle layout"
.venv/bin/python installer/nsis_filelist.py build/dist/commandcenter build/bundle_files.nsh
makensis -V2 -DNOCOMPRESS -DVERSION="$version" -DBUNDLE="$PWD/build/dist/commandcenter" \
    -DAPP_EXE=commandcenter.exe -DFILELIST="$PWD/build/bundle_files.nsh" \
    -DOUTFILE="$PWD/build/layout-check.exe" installer/commandcenter.nsi
rm -f build/layout-check.exe
t3=$(date +%s)

echo "--- Windows installer, cross-assembled"
.venv/bin/python installer/cross_windows.py --out build/windows
t4=$(date +%s)

setup=build/windows/commandcenter-$version-win64-setup.exe
echo "--- sizes and times"
echo "frozen bundle (Linux): $(du -sm build/dist/commandcenter | cut -f1) MB, built in $((t1 - t0)) s, self-test $((t2 - t1)) s"
echo "NSIS layout check: $((t3 - t2)) s"
echo "Windows program folder: $(du -sm build/windows/commandcenter | cut -f1) MB"
echo "Windows installer: $setup $(( $(stat -c %s "$setup") / 1048576 )) MB, cross-assembled in $((t4 - t3)) s"
echo "total: $((t4 - t0)) s"
