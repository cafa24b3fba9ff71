"""Limits on what a client may send, checked before anything is parsed.

A JSON body is read only when its declared size is within `MAX_BODY_BYTES`; its nesting is counted
by a small scan (strings skipped) before `json.loads` sees it, so a deeply nested document never
reaches the recursive parser. What JSON allows but no field can hold is refused per field: NaN and
Infinity (Python's json accepts them), numbers too large for a float, integers with absurdly many
digits, lone surrogates and NUL characters (PostgreSQL text cannot hold NUL).

Every problem is a `BodyProblem` with a status (400 or 413), the field it concerns and a message in
Dutch and English; the API turns it into `{"detail", "errors": {field: message}}`.
"""

import json
import math
import re
from dataclasses import dataclass

MAX_BODY_BYTES = 32 * 1024  # a search body is a few hundred bytes; 32 KiB leaves room for every field
MAX_JSON_DEPTH = 20  # a search body nests 3 deep (body → filters → list)
MAX_INTEGER_DIGITS = 30  # more digits than any field accepts; Python would parse up to 4,300
MAX_TEXT_LENGTH = 10_000  # single-line text from query strings and forms (fields have their own limits)

_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKEN = re.compile(r'["\[\]{}]|\\.', re.DOTALL)  # a quote, a bracket, or an escape pair (skipped whole)


@dataclass(frozen=True)
class BodyProblem:
    field: str
    nl: str
    en: str

    def message(self, language: str) -> str:
        return self.en if language == "en" else self.nl


class BodyRefused(Exception):  # noqa: N818 - an outcome, not a programming error
    """The body cannot be read as JSON, or holds values no field accepts; `problems` says which and why."""

    def __init__(self, problems: list[BodyProblem], status: int = 400):
        super().__init__("; ".join(f"{problem.field}: {problem.en}" for problem in problems))
        self.problems = problems
        self.status = status

    def by_field(self, language: str) -> dict[str, str]:
        return {problem.field: problem.message(language) for problem in self.problems}


def _refuse(nl: str, en: str, status: int = 400, field: str = "body") -> BodyRefused:
    return BodyRefused([BodyProblem(field, nl, en)], status)


def text_problem(value: str) -> tuple[str, str] | None:
    """(nl, en) when a text holds a character no field may store (NUL, a lone surrogate), else None."""
    if "\x00" in value:
        return ("mag geen NUL-teken (\\u0000) bevatten", "must not contain a NUL character (\\u0000)")
    if _SURROGATE.search(value):
        return (
            "bevat een ongeldig Unicode-teken (een losse surrogaat)",
            "contains an invalid Unicode character (a lone surrogate)",
        )
    return None


def printable_name(name: str) -> str:
    """A key as it can be shown back in an error: NUL and lone surrogates spelled as escapes."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", name.replace("\x00", "\\u0000"))


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest, counted without parsing (brackets inside strings skipped)."""
    depth = deepest = 0
    in_string = False
    for mark in _TOKEN.findall(text):  # linear: every character is looked at once
        if mark == '"':
            in_string = not in_string
        elif in_string or mark[0] == "\\":
            continue
        elif mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class _NotANumber:
    """Stands in for a number JSON text can spell but no field can hold, until it is reported per field."""

    def __init__(self, spelled: str, nl: str, en: str):
        self.spelled, self.nl, self.en = spelled, nl, en

    def __repr__(self):
        return f"<refused number {self.spelled[:20]}>"


def _constant(name: str) -> _NotANumber:
    return _NotANumber(
        name, f"{name} is geen getal; geef een gewoon getal", f"{name} is not a number; give a plain number"
    )


def _float(spelled: str):
    value = float(spelled)
    if math.isfinite(value):
        return value
    return _NotANumber(spelled, "dit getal is te groot", "this number is too large")


def _int(spelled: str):
    if len(spelled.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _NotANumber(
            spelled,
            f"dit getal heeft meer dan {MAX_INTEGER_DIGITS} cijfers",
            f"this number has more than {MAX_INTEGER_DIGITS} digits",
        )
    return int(spelled)


def _child(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]" if path else f"[{key}]"
    return f"{path}.{key}" if path else key


def _value_problems(value, path: str, problems: list[BodyProblem]) -> None:
    """Walk the parsed document (its depth is bounded) and report every value no field can hold."""
    if isinstance(value, _NotANumber):
        problems.append(BodyProblem(path or "body", value.nl, value.en))
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem:
            problems.append(BodyProblem(path or "body", *problem))
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                problems.append(
                    BodyProblem(
                        _child(path, printable_name(key)), f"de veldnaam {problem[0]}", f"the field name {problem[1]}"
                    )
                )
                continue
            _value_problems(item, _child(path, key), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _value_problems(item, _child(path, index), problems)


def content_length(meta) -> int:
    raw = meta.get("CONTENT_LENGTH") or "0"
    if not raw.isascii() or not raw.isdigit():
        raise _refuse(
            "de Content-Length-header is geen geldig aantal bytes",
            "the Content-Length header is not a valid number of bytes",
        )
    return int(raw)


def too_large() -> BodyRefused:
    kib = MAX_BODY_BYTES // 1024
    return _refuse(f"de body is groter dan {kib} KiB", f"the body is larger than {kib} KiB", status=413)


def read_json_body(request, empty=None):
    """The request's JSON body, or `empty` without one; raises `BodyRefused` (400 or 413) with the reasons."""
    if content_length(request.META) > MAX_BODY_BYTES:
        raise too_large()
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:  # a server that passed no Content-Length
        raise too_large()
    if not raw.strip():
        return empty
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse("de body is geen UTF-8", "the body is not UTF-8") from error
    if nesting_depth(text) > MAX_JSON_DEPTH:
        raise _refuse(
            f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus",
            f"the JSON nests deeper than {MAX_JSON_DEPTH} levels",
        )
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError as error:  # the scan above keeps this from happening; never a 500 if it does
        raise _refuse(
            f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus",
            f"the JSON nests deeper than {MAX_JSON_DEPTH} levels",
        ) from error
    except ValueError as error:
        position = getattr(error, "pos", None)
        where_nl = f" (bij teken {position})" if position is not None else ""
        where_en = f" (at character {position})" if position is not None else ""
        raise _refuse(f"de body is geen geldige JSON{where_nl}", f"the body is not valid JSON{where_en}") from error
    problems: list[BodyProblem] = []
    _value_problems(data, "", problems)
    if problems:
        raise BodyRefused(problems)
    return data


def clean_text(value: str, limit: int = MAX_TEXT_LENGTH) -> str:
    """Text from a query string without the characters no field may store, cut to `limit` characters."""
    return _SURROGATE.sub("", value.replace("\x00", ""))[:limit]
