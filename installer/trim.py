"""What the bundle leaves out: shared by commandcenter.spec (PyInstaller) and the
cross-assembled Windows build (cross_windows.py), so both carry the same program.

Qt for Python ships some 60 modules, QML, Quick3D, multimedia, designer tools and
Chromium's locale packs for 50 languages; the program needs a handful. A module the
program starts to import must be added to PYSIDE_MODULES — `commandcenter --selftest`
on the frozen bundle fails otherwise.
"""
from __future__ import annotations

import re

# The Qt for Python modules the program imports (directly or through a library it uses).
PYSIDE_MODULES = [
    "QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtPrintSupport",
    "QtOpenGL", "QtOpenGLWidgets", "QtWebChannel", "QtWebEngineCore", "QtWebEngineWidgets",
    "QtDBus",  # the wall keeps the screen awake over the session bus
]
# Every Qt for Python module that exists, for PyInstaller's excludes.
ALL_PYSIDE_MODULES = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAsyncio", "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent",
    "QtCore", "QtDBus", "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets",
    "QtGui", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    "QtXml",
]
UNUSED_PYSIDE_MODULES = [f"PySide6.{name}" for name in ALL_PYSIDE_MODULES
                         if name not in PYSIDE_MODULES]
# Python packages of the build machine that must not ride along.
UNUSED_PYTHON = ["tkinter", "unittest", "pydoc_data", "lib2to3", "IPython", "matplotlib",
                 "pytest", "hypothesis", "PyInstaller"]

# Paths (relative, forward slashes) never shipped, in either layout.
_DROP = [
    r"(^|/)PySide6/(Qt/)?qml/",               # QML imports: the program has no QML
    r"(^|/)PySide6/(Qt/)?metatypes/",
    r"(^|/)PySide6/(include|typesystems|glue|scripts|support/generate_pyi)/",
    r"(^|/)PySide6/[^/]+\.pyi$",
    r"devtools_resources",                     # Chromium's developer tools
    r"\.debug\.(pak|bin)$",
    r"(^|/)PySide6/(Qt/)?plugins/(sqldrivers|multimedia|sensors|position|geoservices|"
    r"qmltooling|qmllint|qmlls|scenegraph|texttospeech|canbus|designer|assetimporters|"
    r"renderers|sceneparsers|virtualkeyboard|webview|help|3dinputdevices|"
    r"renderplugins|geometryloaders|scxmldatamodel|vectorimageformats)/",
    # Qt's tools in the Windows wheels (designer, linguist, qmlls, …); only Chromium's
    # helper process runs.
    r"(^|/)PySide6/(?!QtWebEngineProcess)[^/]+\.exe$",
    r"(^|/)PySide6/[^/]+\.lib$",              # import libraries, for C++ builds only
    r"qtvirtualkeyboardplugin",                # an on-screen keyboard the desks do not use
]
_DROP_RE = re.compile("|".join(_DROP), re.IGNORECASE)
# Translations: Chinese and English only (Qt's own .qm and Chromium's locale packs).
_TRANSLATION = re.compile(r"/translations/.", re.IGNORECASE)
_KEEP_LANGUAGE = re.compile(r"(_zh_CN|_en)\.qm$|/(zh-CN|en-US)\.pak(\.info)?$", re.IGNORECASE)


def keep(path: str) -> bool:
    """Whether a file of the bundle (path relative to the bundle or site-packages) ships."""
    path = "/" + path.replace("\\", "/")
    if _TRANSLATION.search(path) and not _KEEP_LANGUAGE.search(path):
        return False
    return not _DROP_RE.search(path)
