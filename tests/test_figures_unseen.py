"""Figures in invented news text: money with scale words, percentages, ranges, symbol and
postfix hedges. Each case asserts the exact span, value, bounds, approximation and unit."""

from __future__ import annotations

import pytest

from polit_corpus.annotate import stated_approximation, stated_unit, stated_value
from polit_corpus.preannotate.figures import _exceptions_for_numbers, _figures


def figs(text: str) -> dict[str, tuple]:
    paras = [(0, len(text))]
    out = _figures(text, paras, _exceptions_for_numbers(text, paras))
    return {text[f.start:f.end]: (f.value, f.value_low, f.value_high, f.approximation, f.unit,
                                  f.unit_text) for f in out}


@pytest.mark.parametrize("text, span, want", [
    ("The depot cost £6.8m to rebuild.", "£6.8m", (6_800_000.0, None, None, "exact", "GBP", "£")),
    ("A grant of $8 million was refused.", "$8 million",
     (8_000_000.0, None, None, "exact", "USD", "$")),
    ("The firm lost €1.2bn last spring.", "€1.2bn",
     (1_200_000_000.0, None, None, "exact", "EUR", "€")),
    ("A ticket costs £4.50 at the gate.", "£4.50", (4.5, None, None, "exact", "GBP", "£")),
    ("The house sold for £350,000 in May.", "£350,000",
     (350_000.0, None, None, "exact", "GBP", "£")),
    ("Interest rose 2.25 percent overnight.", "2.25 percent",
     (2.25, None, None, "exact", "percent", "percent")),
    ("Turnout was 93% in the ward.", "93%", (93.0, None, None, "exact", "percent", "%")),
    ("Prices fell 4 per cent on the year.", "4 per cent",
     (4.0, None, None, "exact", "percent", "per cent")),
    ("Between four and six wardens patrol.", "Between four and six",
     (None, 4.0, 6.0, "range", "count", None)),
    ("We expect 20-30 volunteers to help.", "20-30", (None, 20.0, 30.0, "range", "count", None)),
    ("We expect 20 to 30 volunteers to help.", "20 to 30",
     (None, 20.0, 30.0, "range", "count", None)),
    ("The loss was ~5 tonnes of grain.", "~5 tonnes",
     (5.0, None, None, "approximately", "mass", "tonnes")),
    ("The car was doing 70 mph on the bend.", "70 mph", (70.0, None, None, "exact", "speed", "mph")),
    ("The hall seats in excess of 400 guests.", "in excess of 400",
     (400.0, 400.0, None, "more_than", "count", None)),
])
def test_invented_figures(text, span, want):
    got = figs(text)
    assert span in got, got
    assert got[span] == want


def test_scale_word_is_not_a_second_figure():
    assert list(figs("A grant of $8 million was refused.")) == ["$8 million"]


def test_decimal_money_and_percent_are_not_clock_times():
    got = figs("Shares at £94.32 rose 2.25 percent by 10.30am.")
    assert sorted(got) == ["2.25 percent", "£94.32"]
    assert got["£94.32"][0] == 94.32


@pytest.mark.parametrize("text, unit, approximation, value", [
    ("£6.8m", "GBP", "exact", 6_800_000.0), ("20 or more", None, "at_least", 20.0),
    ("c. 40", None, "approximately", 40.0), ("<2 ppm", "other", "less_than", 2.0),
    ("between 20 and 30", None, "range", 20.0), ("50p", "GBP", "exact", 0.5),
])
def test_validator_reads_the_extended_model(text, unit, approximation, value):
    assert stated_unit(text)[0] == unit
    assert stated_approximation(text) == approximation
    assert stated_value(text) == value


def test_a_number_too_big_for_a_float_is_skipped_not_a_traceback():
    assert figs("A ledger listing " + "9" * 5000 + " entries.") == {}


@pytest.mark.parametrize("text, number, reason", [
    ("Traffic on the A12 was slow.", "A12", "name"),
    ("The M25 reopened.", "M25", "name"),
    ("A lorry shed its load near junction 10 on Monday.", "junction 10", "name"),
    ("She lives at 15 Mill Street with a cat.", "15", "other"),
    ("Covid-19 shut the hall.", "Covid-19", "name"),
    ("Pupils in Year 11 sat papers.", "Year 11", "name"),
    ("He was awarded grade 7 in art.", "grade 7", "name"),
    ("The S&P 500 fell sharply.", "S&P 500", "name"),
    ("The ferry left near 1750 GMT.", "1750 GMT", "time"),
    ("The trial showed it [18].", "[18]", "other"),
    ("As Fig. 8 shows, rainfall rose.", "Fig. 8", "other"),
])
def test_not_figures_are_excused_with_a_reason(text, number, reason):
    paras = [(0, len(text))]
    excused = [(text[s:e], r) for s, e, r, _ in _exceptions_for_numbers(text, paras)]
    assert (number, reason) in excused
    assert figs(text) == {}


def test_clock_times_are_not_figures_but_money_beside_them_is():
    got = figs("The 2.15pm train and the 10.30am bus cost £3.20 each.")
    assert list(got) == ["£3.20"] and got["£3.20"][0] == 3.2


@pytest.mark.parametrize("text, span, value, approximation", [
    ("Half the crew left early.", "Half", 0.5, "exact"),
    ("Only a third of the seats were sold.", "a third", 1 / 3, "exact"),
    ("One in four drivers was speeding.", "One in four", 0.25, "exact"),
    ("Almost a quarter of shops shut.", "Almost a quarter", 0.25, "approximately"),
])
def test_fractions_are_proportions(text, span, value, approximation):
    got = figs(text)
    assert list(got) == [span]
    assert got[span] == (value, None, None, approximation, "other", None)


def test_three_or_four_is_a_range():
    assert figs("Three or four boats sank.") == {
        "Three or four": (None, 3.0, 4.0, "range", "count", None)}


def test_number_words_that_overflow_a_float_are_skipped():
    text = "There were " + "one hundred and " * 1000 + "ten cats on the wall."
    assert figs(text) == {}


def test_annotate_cli_survives_overflowing_numbers(tmp_path):
    import json
    import subprocess
    import sys
    src = tmp_path / "big.txt"
    src.write_text("There were " + "one hundred and " * 1000 + "ten cats. Then "
                   + "7" * 5000 + " ants and 12 dogs.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "polit_corpus.cli", "annotate", "--format",
                          "jsonl", str(src)], capture_output=True, text=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    row = json.loads(run.stdout.splitlines()[0])
    assert [(f["text"], f["value"]) for f in row["figures"]] == [("12", 12.0)]


# Science units come from pint's registry (polit_corpus.measures); the span takes the unit as
# written, `unit` is the closed-list name and `unit_text` keeps the written form.
@pytest.mark.parametrize("text, span, want", [
    ("The weld held at 10 MPa before it failed.", "10 MPa",
     (10.0, None, None, "exact", "other", "MPa")),
    ("Lead stayed at <2 ppm in every sample.", "<2 ppm",
     (2.0, None, 2.0, "less_than", "other", "ppm")),
    ("The film was 0.22 nm thick.", "0.22 nm", (0.22, None, None, "exact", "distance", "nm")),
    ("A dose of 12 mg L−1 was given.", "12 mg L−1", (12.0, None, None, "exact", "other", "mg L−1")),
    ("Ejecta left at 30 km s−1 from the rim.", "30 km s−1",
     (30.0, None, None, "exact", "speed", "km s−1")),
    ("The tower is 180 m tall.", "180 m", (180.0, None, None, "exact", "distance", "m")),
    ("The probe cooled to 300 K overnight.", "300 K", (300.0, None, None, "exact", "other", "K")),
    ("Ice formed at −4 °C on the deck.", "−4 °C", (-4.0, None, None, "exact", "other", "°C")),
    ("Yield was ∼0.5 kg per plant.", "∼0.5 kg", (0.5, None, None, "approximately", "mass", "kg")),
    ("Glucose of ≥7.0 mmol/L was the cut-off.", "≥7.0 mmol/L",
     (7.0, 7.0, None, "at_least", "other", "mmol/L")),
    ("Hardness was 3.19 ± 0.10 GPa on average.", "3.19 ± 0.10 GPa",
     (3.19, None, None, "approximately", "other", "GPa")),
    ("Cover was 43.5% ± 4.3% across plots.", "43.5% ± 4.3%",
     (43.5, None, None, "approximately", "percent", "%")),
])
def test_science_units_are_in_the_span(text, span, want):
    got = figs(text)
    assert got == {span: want}, got


@pytest.mark.parametrize("text, left", [
    ("Cells with SOX2 and HNF-4 grew, 12 of them.", ["12"]),        # gene names: codes
    ("As Figure 3B shows, 40 cases were mild.", ["40"]),            # a figure reference
    ("See Figs. 14 and 15 for the 6 sites.", ["6"]),                # a list of references
    ("In phases 3, 5, and 7 we saw 9 nests.", ["9"]),               # a list after a label
    ("In Table 2, 40 people answered.", ["40"]),                    # a comma does not continue it
    ("Earlier work (4, 35–38) found 25 sites.", ["25"]),            # a citation list
    ("Type 2 diabetes affected 30 patients.", ["30"]),              # an identifier
    ("The index, as in 2018-19, rose 5 points.", ["5"]),            # a hyphen is not a minus
])
def test_codes_labels_and_citations_are_not_figures(text, left):
    assert list(figs(text)) == left


@pytest.mark.parametrize("text, value", [
    ("The tower is 180m tall.", 180.0),       # one letter on a number that is not money: metres
    ("It cost £180m to build.", 180_000_000.0),
    ("They raised $3 bn in a year.", 3_000_000_000.0),
])
def test_one_letter_scales_fold_only_on_money(text, value):
    (got,) = figs(text).values()
    assert got[0] == value


def test_the_validator_keeps_the_science_figures_it_is_given():
    """annotate --format jsonl rows pass through the validator: it must read the same unit,
    value (a minus sign included) and approximation, or the figure would be dropped."""
    from polit_corpus.collection import TextRecord
    from polit_corpus.preannotate.rows import text_rows
    text = ("The weld held at 10 MPa. Ice formed at −4 °C on the deck. Hardness was 3.19 ± 0.10 "
            "GPa. Glucose of ≥7.0 mmol/L was the cut-off. Ejecta left at 30 km s−1 from the rim.")
    rows = text_rows(TextRecord("sci", text), {})["figures"]
    assert [(f["text"], f["start"], f["value"], f["approximation"], f["unit"], f["unit_text"])
            for f in rows] == [
        ("10 MPa", 17, 10.0, "exact", "other", "MPa"),
        ("−4 °C", 39, -4.0, "exact", "other", "°C"),
        ("3.19 ± 0.10 GPa", 71, 3.19, "approximately", "other", "GPa"),
        ("≥7.0 mmol/L", 99, 7.0, "at_least", "other", "mmol/L"),
        ("30 km s−1", 143, 30.0, "exact", "speed", "km s−1"),
    ]


def test_eval_measeval_refuses_a_folder_that_is_not_measeval(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    script = Path(__file__).resolve().parents[1] / "scripts" / "eval_measeval.py"
    run = subprocess.run([sys.executable, str(script), str(tmp_path), "--split", "trial"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.strip() == f"error: {tmp_path / 'data' / 'trial'}: not a MeasEval trial folder"
