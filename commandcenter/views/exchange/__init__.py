"""Data exchange screens: the import dialog."""
from .import_dialog import ImportDialog, open_import_dialog

__all__ = ["ImportDialog", "open_import_dialog"]
