#!/usr/bin/env bash
# Prints the path of a CPython 3.12, installing one where it is missing: from the
# distribution's packages (as root on Debian/Ubuntu) or with pyenv.
set -euo pipefail
found=$(command -v python3.12 || true)
# A pyenv shim is on the PATH even when 3.12 is not the active version: it must run.
if [ -n "$found" ] && ! "$found" -c "" >/dev/null 2>&1; then found=""; fi
if [ -z "$found" ] && command -v pyenv >/dev/null 2>&1; then
    version=$(pyenv versions --bare | grep -E '^3\.12(\.|$)' | tail -n 1 || true)
    if [ -z "$version" ]; then
        pyenv install -s 3.12 >&2
        version=$(pyenv versions --bare | grep -E '^3\.12(\.|$)' | tail -n 1)
    fi
    found="$(pyenv root)/versions/$version/bin/python3.12"
fi
if [ -z "$found" ]; then
    bash "$(dirname "$0")/apt_install.sh" python3.12 python3.12-venv >&2
    found=$(command -v python3.12 || true)
fi
[ -n "$found" ] || { echo "no CPython 3.12 and no way to install one" >&2; exit 1; }
echo "$found"
