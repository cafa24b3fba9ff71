"""Pending text changes of live vacancies: their values, and a word-level diff for the coordinator.

The text comes from employers and is untrusted: every piece of it is escaped before it is wrapped in
<del> or <ins>, and only that escaped result is marked safe.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from listings import lifecycle
from listings.models import Vacancy, VacancyRevision

# Words, runs of white space, and single other characters (punctuation), so the diff is per word.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# Beyond this many tokens the diff is made per line: difflib is roughly quadratic on long texts.
MAX_WORD_TOKENS = 20_000
# Short values chosen from a list: shown as old value → new value, not word by word.
WHOLE_VALUE_FIELDS = frozenset({"place", "remote", "coaching", "trial_placement", "certificate", "expense_allowance"})


def public_values(vacancy: Vacancy) -> dict:
    return {name: getattr(vacancy, name) for name in lifecycle.REVISION_FIELDS}


def apply(vacancy: Vacancy, proposed: dict) -> Vacancy:
    """Put the proposed values on the vacancy (in memory). Only the revision fields, whatever the JSON holds."""
    for name in lifecycle.REVISION_FIELDS:
        if name in proposed:
            setattr(vacancy, name, proposed[name])
    return vacancy


def display_value(name: str, value) -> str:
    """The value as a worker reads it."""
    if name == "coaching":
        return str(Vacancy.Coaching(value).label) if value in Vacancy.Coaching.values else str(value or "")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n")


def _tokens(text: str) -> list[str]:
    tokens = TOKENS.findall(text)
    if len(tokens) > MAX_WORD_TOKENS:
        return text.splitlines(keepends=True)
    return tokens


def word_diff(old: str, new: str, whole: bool = False) -> SafeString:
    """Old and new text as one escaped HTML fragment: removed words in <del>, added words in <ins>.

    Screen readers do not announce <del> and <ins>, so each carries a visually hidden "removed:" or
    "added:". With `whole`, the old value is removed and the new one added as a whole.
    """
    if whole:
        a, b = [old] if old else [], [new] if new else []
        opcodes = [("replace", 0, len(a), 0, len(b))] if a != b else [("equal", 0, len(a), 0, len(b))]
    else:
        a, b = _tokens(old), _tokens(new)
        if (len(a) > MAX_WORD_TOKENS) != (len(b) > MAX_WORD_TOKENS):  # compare like with like
            a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts: list[str] = []
    for operation, a_start, a_end, b_start, b_end in opcodes:
        if operation == "equal":
            parts.append(escape("".join(a[a_start:a_end])))
            continue
        if a_end > a_start:
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">{} </span>{}</del>', _("removed:"), "".join(a[a_start:a_end])
                )
            )
        if b_end > b_start:
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">{} </span>{}</ins>', _("added:"), "".join(b[b_start:b_end])
                )
            )
    # Every part above is escaped (escape, format_html), so the whole is safe.
    return mark_safe("".join(parts))  # noqa: S308


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str
    diff: SafeString


def changes(revision: VacancyRevision) -> list[Change]:
    """Each public field the revision changes, compared with what is online now."""
    vacancy = revision.vacancy
    found = []
    for name in lifecycle.PUBLIC_FIELDS:
        if name not in revision.proposed:
            continue
        old = display_value(name, getattr(vacancy, name))
        new = display_value(name, revision.proposed[name])
        if old != new:
            found.append(
                Change(
                    name,
                    capfirst(Vacancy._meta.get_field(name).verbose_name),
                    old,
                    new,
                    word_diff(old, new, whole=name in WHOLE_VALUE_FIELDS),
                )
            )
    return found
