"""Refresh the interface's translations: resources/i18n/commandcenter_<lang>.ts and .qm.

The interface's source texts are Chinese; English lives in a Qt translation source file
(.ts) and its compiled form (.qm), which ``commandcenter.views.common.i18n.install_translators``
loads at start. Run from the project root, with the project's Python:

    .venv/bin/python scripts/update_translations.py            # update .ts, build .qm
    .venv/bin/python scripts/update_translations.py --check    # also fail on unfinished

What it does, for each language (only ``en`` so far):

1. ``pyside6-lupdate`` reads every ``self.tr(…)``, ``QCoreApplication.translate(…)`` and
   ``QT_TRANSLATE_NOOP(…)`` in ``commandcenter/**/*.py`` into the .ts file. Existing
   translations are kept; new source texts arrive marked unfinished; texts no longer in
   the code are marked vanished (kept, so a text that comes back keeps its translation).
2. A new message whose text is already translated in another context takes that
   translation (a text moved to a shared class keeps its English).
3. The context ``domain`` receives every label of the domain layer, read from the code
   and the bundled data rather than written out: the enums' ``label`` (roles, stages,
   sources, urgencies, case kinds, actions, request kinds), the closed loop's step names,
   the class catalog's major and minor class names (``load_catalog()``) and the
   departments' names and short names (``load_departments()``), and the monthly review's
   indicator, object and column labels (``commandcenter.review.indicators``). The views
   show all of them through ``commandcenter.views.common.i18n.domain_text``.
4. ``pyside6-lrelease`` compiles the .ts into the .qm beside it.

Translating: open ``resources/i18n/commandcenter_en.ts`` in Qt Linguist
(``.venv/bin/pyside6-linguist``), translate every unfinished message (keep the
``{placeholders}`` exactly as they are), mark each one done, save, and run this script
again to rebuild the .qm. Commit both files; tests/test_i18n.py fails while any message
is unfinished or a ``self.tr`` text of the views is missing from the .ts.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)
SOURCE_LANGUAGE = "zh_CN"
DOMAIN_FILE = "domain_labels.py"  # generated in a temporary folder for lupdate to read

sys.path.insert(0, str(ROOT))


def domain_labels() -> dict[str, list[str]]:
    """Every label the domain layer shows, each with what it is (for the translator)."""
    from commandcenter.models.case import Action, RequestKind
    from commandcenter.models.catalog import load_catalog, load_departments
    from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
    from commandcenter.models.timeline import LOOP_STEPS

    labels: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        if text and what not in labels[text]:
            labels[text].append(what)

    for enum, what in ((Role, "role"), (Stage, "stage of a case"), (Source, "source of a report"),
                       (Urgency, "urgency"), (CaseKind, "kind of case"),
                       (Action, "action on a case"), (RequestKind, "kind of request")):
        for member in enum:
            add(member.label, what)
    for _key, label, _stages in LOOP_STEPS:
        add(label, "step of the closed loop")
    catalog = load_catalog()
    for kind in CaseKind:
        for major in catalog.majors(kind):
            add(major.name, f"major class of {kind.value}s")
            for minor in catalog.minors(kind, major.code):
                add(minor.name, f"{kind.value} class under {major.name}")
    for department in load_departments():
        add(department.name, f"department {department.code}, full name")
        add(department.short_name, f"department {department.code}, short name")
    from commandcenter.review.indicators import COLUMN_LABELS, OBJECT_LABELS, OBJECTS
    for name, indicators in OBJECTS.items():
        for ind in indicators:
            add(ind.label, f"review indicator of a {name}")
    for label in (*OBJECT_LABELS.values(), *COLUMN_LABELS.values(), "街道", "专业部门"):
        add(label, "monthly review: object type, column or peer group")
    return labels


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_domain_source(folder: Path) -> Path:
    """A Python file lupdate reads like any other: one QT_TRANSLATE_NOOP per label."""
    lines = ["# Labels of the domain layer, for lupdate only.", ""]
    for text, what in domain_labels().items():
        lines.append(f"#: {'; '.join(what)}")
        lines.append(f'QT_TRANSLATE_NOOP("domain", {_literal(text)})')
    path = folder / DOMAIN_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tool(name: str) -> str:
    """A Qt tool from the environment running this script (the venv's Scripts/bin)."""
    here = Path(sys.executable).parent
    found = shutil.which(name, path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))
    if found is None:
        raise SystemExit(f"{name} not found next to {sys.executable} nor on PATH")
    return found


def run(*args: str) -> None:
    print("$", Path(args[0]).name, " ".join(a for a in args[1:] if not a.endswith(".py")))
    subprocess.run(args, check=True, cwd=ROOT)


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "commandcenter").rglob("*.py"))


def drop_generated_locations(ts: Path) -> None:
    """The generated file lives in a temporary folder: its locations would only churn."""
    text = ts.read_text(encoding="utf-8")
    pattern = re.compile(r'^\s*<location filename="[^"]*' + re.escape(DOMAIN_FILE)
                         + r'"[^>]*/>\n', re.MULTILINE)
    ts.write_text(pattern.sub("", text), encoding="utf-8")


_MESSAGE = re.compile(r"<message>.*?</message>", re.DOTALL)
_SOURCE = re.compile(r"<source>(.*?)</source>", re.DOTALL)
_TRANSLATION = re.compile(r'<translation( type="(\w+)")?>(.*?)</translation>', re.DOTALL)


def reuse_translations(ts: Path) -> int:
    """Give each new message the translation the same source text already has in another
    context (a text that moved to a shared class, or is said twice);
    returns how many were filled. Kept as lupdate writes it: text, not a parsed tree."""
    text = ts.read_text(encoding="utf-8")
    known: dict[str, str] = {}
    for block in _MESSAGE.findall(text):
        source, translation = _SOURCE.search(block), _TRANSLATION.search(block)
        if source and translation and translation[3].strip() and translation[2] != "unfinished":
            known.setdefault(source[1], translation[3])
    filled = 0

    def fill(match: re.Match) -> str:
        nonlocal filled
        block = match[0]
        source, translation = _SOURCE.search(block), _TRANSLATION.search(block)
        # lupdate itself copies a same-text translation but leaves it unfinished (a copy
        # that starts or ends with a space is still the same one).
        if (source and translation and translation[2] == "unfinished" and source[1] in known
                and translation[3].strip() in ("", known[source[1]].strip())):
            filled += 1
            return block.replace(translation[0], f"<translation>{known[source[1]]}</translation>")
        return block

    ts.write_text(_MESSAGE.sub(fill, text), encoding="utf-8")
    return filled


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of each live message without a finished translation."""
    result = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            if kind == "unfinished" or not (translation.text or "").strip():
                result.append((name, message.findtext("source") or ""))
    return result


def update(language: str) -> tuple[Path, Path]:
    ts = I18N / f"commandcenter_{language}.ts"
    qm = ts.with_suffix(".qm")
    I18N.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cc-i18n-") as folder:
        generated = write_domain_source(Path(folder))
        run(tool("pyside6-lupdate"), "-locations", "absolute",
            "-source-language", SOURCE_LANGUAGE, "-target-language", language,
            *sources(), str(generated), "-ts", str(ts.relative_to(ROOT)))
    drop_generated_locations(ts)
    if filled := reuse_translations(ts):
        print(f"{filled} new messages took the translation their text has elsewhere")
    run(tool("pyside6-lrelease"), str(ts.relative_to(ROOT)), "-qm", str(qm.relative_to(ROOT)))
    return ts, qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 if any message is left unfinished")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        ts, _qm = update(language)
        missing = unfinished(ts)
        total = sum(1 for _ in ET.parse(ts).getroot().iter("message"))
        print(f"{ts.relative_to(ROOT)}: {total} messages, {len(missing)} unfinished")
        for context, source in missing[:50]:
            print(f"  unfinished [{context}] {source}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
