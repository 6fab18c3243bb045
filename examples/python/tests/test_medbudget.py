"""The Python module over the C interface: the spec examples settled, figures and errors checked.

Expected figures come from the spec's *.expected.json files (worked out independently of the
engine) and from claims-small's hand-worked actuals, never from the module's own output.
Run from the source directory: PYTHONPATH=<build>/python /usr/bin/python3 -m pytest examples/python/tests
"""
import concurrent.futures
import decimal
import json
import pathlib
import warnings

import pytest

import medbudget

ROOT = pathlib.Path(__file__).resolve().parents[3]
CASES = ROOT / "examples" / "cases"
SMALL = ROOT / "tests" / "data" / "claims" / "small"
CASE_FILES = sorted(CASES.glob("*.case.json"))

# harbin-surplus gives performance.score, which its policy does not use: a warning, checked below.
pytestmark = pytest.mark.filterwarnings("ignore::medbudget.MedbudgetWarning")


def load(path):
    """A JSON file as dicts, its decimal numbers as decimal.Decimal (as a back office would load them)."""
    return json.loads(path.read_text(encoding="utf-8"), parse_float=decimal.Decimal)


def subset(expected, got, path=""):
    """Every field of expected is in got with the same value (got may carry more)."""
    if isinstance(expected, dict):
        assert isinstance(got, dict), path
        for k, v in expected.items():
            assert k in got, f"missing {path}.{k}"
            subset(v, got[k], f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), path
        for i, (e, g) in enumerate(zip(expected, got)):
            subset(e, g, f"{path}[{i}]")
    else:
        assert expected == got, f"{path}: expected {expected!r}, got {got!r}"


def test_four_spec_examples_are_there():
    assert [p.name for p in CASE_FILES] == ["guangdong-surplus.case.json", "harbin-surplus.case.json",
                                            "hunan-two-alliances.case.json", "sanming-package.case.json"]


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: p.name)
def test_settles_spec_example(case_file):
    expected = load(case_file.with_name(case_file.name.replace(".case.json", ".expected.json")))
    subset(expected, medbudget.settle(load(case_file)))


def test_amounts_are_strings_never_floats():
    s = medbudget.settle(load(CASES / "harbin-surplus.case.json"))
    alliance = s["funds"][0]["alliances"][0]
    # harbin-surplus.expected.json (spec): the alliance pays back 8,947,606.96 yuan.
    assert alliance["year_end_payment"] == "-8947606.96"
    assert decimal.Decimal(alliance["year_end_payment"]) == decimal.Decimal("-8947606.96")

    def no_float(v):
        assert not isinstance(v, float)
        for x in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else []):
            no_float(x)
    no_float(s)


def test_json_text_and_decimal_inputs_settle_alike():
    case = load(CASES / "sanming-package.case.json")
    text = (CASES / "sanming-package.case.json").read_text(encoding="utf-8")
    results = [medbudget.settle(text), medbudget.settle(case), medbudget.settle(json.loads(text, parse_float=str))]
    for r in results:  # the same statement; only the digest of the input bytes differs, and so the numbers
        del r["input_sha256"]
        for f in r["funds"]:
            del f["document_number"]
    assert results[0] == results[1] == results[2]


def test_a_float_is_refused():
    case = load(CASES / "harbin-surplus.case.json")
    case["funds"][0]["alliances"][0]["actuals"]["in_alliance_local"] = 514890.29
    with pytest.raises(TypeError, match=r"funds\[0\]\.alliances\[0\]\.actuals\.in_alliance_local: 514890\.29 is a float"):
        medbudget.settle(case)


def test_text_statement_in_english():
    out = medbudget.settle(load(CASES / "guangdong-surplus.case.json"), format="text", lang="en")
    # guangdong-surplus.expected.json (spec): year_end_payment -622,222.24.
    assert "the alliance pays back 622,222.24 yuan" in out


def test_budget():
    b = medbudget.budget(load(CASES / "harbin-surplus.case.json"))
    assert b["funds"][0]["alliances"][0]["budget"] == "137174604.41"  # harbin-surplus.expected.json


def test_settle_with_records():
    # claims-small: YL01's resident fund I 514890.29, O 219962.56, NL 26429.52 (worked by hand).
    s = medbudget.settle(load(CASES / "harbin-surplus.case.json"), claims=SMALL / "claims.csv",
                         registry=SMALL / "registry.csv", threads=2)
    alliance = s["funds"][0]["alliances"][0]
    lines = {line["key"]: line["amount"] for line in alliance["lines"] if "amount" in line}  # ratio lines carry a value
    assert (lines["in_alliance_local"], lines["out_of_alliance_local"], alliance["in_alliance_nonlocal"]) == (
        "514890.29", "219962.56", "26429.52")
    # balance = final budget - I - O: 137792253.15 - 514890.29 - 219962.56 = 137057400.30
    # (final budget from harbin-surplus.expected.json).
    assert alliance["balance"] == "137057400.30"


def test_aggregate():
    got = medbudget.aggregate(claims=str(SMALL / "claims.csv"), registry=str(SMALL / "registry.csv"),
                              county="230123", year=2024)
    subset(load(SMALL / "expected.json"), got)


def test_presets_and_version():
    assert sorted(p["id"] for p in medbudget.presets()) == ["guangdong_yangxi", "harbin", "hunan", "sanming"]
    v = medbudget.version()
    assert v["abi"] == medbudget.ABI_VERSION == 1
    assert v["version"].count(".") == 2


def test_input_error_names_the_field():
    with pytest.raises(medbudget.InputError) as e:
        medbudget.settle(load(ROOT / "tests" / "data" / "cli" / "three-decimals.case.json"))
    assert e.value.status == 1 and e.value.code == "input"
    assert e.value.where == "funds[0].alliances[0].actuals.in_alliance_local"
    assert e.value.message == '"1.234" has more than two decimals (amounts are whole fen)'
    assert str(e.value) == e.value.where + ": " + e.value.message
    assert isinstance(e.value, medbudget.Error)


def test_missing_field():
    with pytest.raises(medbudget.InputError) as e:
        medbudget.settle((ROOT / "tests" / "data" / "cli" / "missing-revenue.case.json").read_text(encoding="utf-8"))
    assert e.value.where == "funds[0].budget_inputs.fund_revenue"
    assert e.value.message.startswith("missing")


def test_usage_errors_name_the_option():
    case = load(CASES / "harbin-surplus.case.json")
    with pytest.raises(medbudget.UsageError) as e:
        medbudget.settle(case, format="pdf")
    assert (e.value.status, e.value.where, e.value.message) == (2, "format", "format takes json, text or csv, not pdf")
    with pytest.raises(medbudget.UsageError, match="unknown option colour"):
        medbudget.settle(case, colour="red")
    with pytest.raises(medbudget.UsageError, match="county is required"):
        medbudget.aggregate(claims="c.csv", registry="r.csv", year=2024)
    with pytest.raises(medbudget.UsageError, match='unknown command "frobnicate"'):
        medbudget.run("frobnicate")


def test_unused_field_is_a_warning():
    case = load(CASES / "harbin-surplus.case.json")
    case["funds"][0]["alliances"][0]["tcm_share"] = "0.3"  # harbin's policy has no TCM tilt
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        medbudget.settle(case)
    # tcm_share, which harbin's policy does not use (the example itself gives no unused field).
    assert [str(w.message).split(": ")[1] for w in caught] == ["funds[0].alliances[0].tcm_share"]
    assert all(issubclass(w.category, medbudget.MedbudgetWarning) for w in caught)


def test_concurrent_calls_equal_single_threaded():
    cases = [load(p) for p in CASE_FILES]
    single = [medbudget.settle(c) for c in cases]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(medbudget.settle, cases * 8))
    assert got == single * 8


def test_schedule_monitor_and_calendar():
    # Hunan: January's claims declared 2024-02-10 are due 30 working days later, 2024-03-28 (春节 in
    # between; worked by hand in tests/calendar_test.cpp).
    s = medbudget.schedule(load(CASES / "hunan-two-alliances.case.json"))
    assert s["funds"][0]["alliances"][0]["payments"][1]["due"] == "2024-03-28"
    assert medbudget.calendar(question="add-workdays", date="2024-02-10", days=30) == {"date": "2024-03-28"}
    assert medbudget.calendar(question="is-workday", date="2024-02-18") == {"workday": True}
    # harbin-june: projected balance 137792253.15 − 36543210.96 − 98765432.04 = 2483610.15.
    m = medbudget.monitor(load(ROOT / "tests" / "data" / "schedule" / "harbin-june.case.json"), through="2024-06")
    assert m["funds"][0]["alliances"][0]["projection"]["balance"] == "2483610.15"
    with pytest.raises(medbudget.UsageError):
        medbudget.monitor(load(ROOT / "tests" / "data" / "schedule" / "harbin-june.case.json"))
