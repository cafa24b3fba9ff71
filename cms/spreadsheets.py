"""Wagtail's CSV exports (page history, site history, form submissions, listings) without live formulas.

Wagtail writes cell text as it is, so a page title or log message starting with `=`, `+`, `-`, `@`
(or a tab or carriage return) becomes a formula when a coordinator opens the file in a spreadsheet
program. Every CSV export goes through `SpreadsheetExportMixin.preprocess_field_value`; wrapping it
once here prefixes such cells with an apostrophe, as OWASP advises. The xlsx export is safe already
(Wagtail marks every cell as text).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def install() -> None:
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        result = original(self, field, value, export_format)
        return neutralise(result) if export_format == self.FORMAT_CSV else result

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
