"""Translation: one Qt context for the whole plugin, so that one extractor keeps i18n/ in step.

``scripts/update-translations`` collects every literal passed to ``tr()`` into
``i18n/geomorph_it.ts`` and compiles the ``.qm`` that ``install_translator`` loads.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from .paths import i18n_dir

CONTEXT = "Geomorph"

_translator: QTranslator | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def current_locale() -> str:
    value = QSettings().value("locale/userLocale", "") or QLocale.system().name()
    return str(value)[:2]


def install_translator(locale: str | None = None) -> bool:
    """Load ``geomorph_<locale>.qm`` into the application; True when a translation was found."""
    global _translator
    remove_translator()
    locale = (locale or current_locale())[:2]
    qm = i18n_dir() / f"geomorph_{locale}.qm"
    if not qm.exists():
        return False
    translator = QTranslator()
    if not translator.load(str(qm)):
        return False
    QCoreApplication.installTranslator(translator)
    _translator = translator
    return True


def remove_translator() -> None:
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
