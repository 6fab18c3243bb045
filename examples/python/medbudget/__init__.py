"""medbudget from Python: exact settlement of county medical-alliance (医共体) total-budget payments.

    import medbudget
    statement = medbudget.settle(case)          # case: a dict as docs/formats.md describes, or its JSON text
    statement["funds"][0]["alliances"][0]["year_end_payment"]   # "-8947606.96": amounts are strings

Amounts go in as strings (or decimal.Decimal) and come out as strings, never floats: a float anywhere
in a request raises TypeError. Options are keyword arguments (format="text", lang="en", threads=4,
claims=..., registry=..., attribution=...); with format="text" or "csv" the result is a str.
Errors raise medbudget.InputError / UsageError / InternalError (all medbudget.Error) with
.status, .code, .message and .where (the field path, file:line:column or option).
Warnings (fields the policy does not use) are issued as medbudget.MedbudgetWarning.
"""
import decimal
import json
import os
import warnings as _warnings

from ._medbudget import ABI_VERSION, Error, InputError, InternalError, UsageError, run as _run

__all__ = ["settle", "budget", "aggregate", "schedule", "monitor", "calendar", "presets", "version", "run",
           "Error", "InputError", "UsageError", "InternalError", "MedbudgetWarning", "ABI_VERSION"]


class MedbudgetWarning(UserWarning):
    """A field accepted but not used by the case's policy (reported once per field)."""


def _check(value, path):
    """Raises TypeError at the first float (amounts are exact decimals, never binary floats)."""
    if isinstance(value, float):
        raise TypeError(f"{path or 'value'}: {value!r} is a float; give amounts and rates as strings or decimal.Decimal")
    if isinstance(value, dict):
        for k, v in value.items():
            _check(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check(v, f"{path}[{i}]")


def _plain(value):
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite amount")
        return format(value, "f")
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"{value!r} ({type(value).__name__}) cannot be written as JSON")


def _json(value, what):
    if value is None:
        return None
    if isinstance(value, (str, bytes)):
        return value.decode("utf-8") if isinstance(value, bytes) else value
    _check(value, "")
    return json.dumps(value, ensure_ascii=False, default=_plain)


def run(command, input=None, **options):
    """Runs any command of the C interface; returns a dict or list (format json) or a str."""
    opts = {k: v for k, v in options.items() if v is not None}
    output, warned, records = _run(command, _json(input, "input"), _json(opts, "options"))
    for w in json.loads(warned):
        _warnings.warn(w, MedbudgetWarning, stacklevel=3)
    if opts.get("format", "json") == "json":
        return json.loads(output, parse_float=decimal.Decimal)
    return output


def settle(case, **options):
    """The year-end settlement statement of a case (dict or JSON text)."""
    return run("settle", case, **options)


def budget(case, **options):
    """The budget part of a case's statement."""
    return run("budget", case, **options)


def aggregate(**options):
    """Settlement records to actuals: claims=, registry=, county=, year= (and attribution=, policy=)."""
    return run("aggregate", None, **options)


def schedule(case, **options):
    """The dated payment schedule of a case's year (calendar=, year_end_date= optional)."""
    return run("schedule", case, **options)


def monitor(case, **options):
    """In-year monitoring: through="YYYY-MM" required; the months so far, projection, warning level."""
    return run("monitor", case, **options)


def calendar(**options):
    """The working-day calendar: question="add-workdays", date="2024-02-10", days=30; is-workday; between."""
    return run("calendar", None, **options)


def presets(**options):
    """The embedded policy presets: [{"id", "notice", "name_zh"}, ...]."""
    return run("presets", None, **options)


def version(**options):
    """{"version": "0.1.0", "abi": 1}."""
    return run("version", None, **options)
