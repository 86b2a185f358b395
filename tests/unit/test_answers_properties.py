"""Property tests: whatever the file looks like, the same answers give the same codes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from answers_factory import ITEMS, fixture_questionnaire, write_csv, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscan.answers import MISSING, read_answers

Q = fixture_questionnaire()

#: Ways to write each code: the code itself, Excel's number, labels in any case.
SPELLINGS = {
    1: ["1", "1.0", "Helemaal oneens", "strongly disagree"],
    2: ["2", " 2", "Oneens", "DISAGREE"],
    3: ["3", "3,0", "neutraal", "Neutral "],
    4: ["4", "04", "Eens", "agree"],
    5: ["5", "Helemaal eens", "Strongly Agree"],
    9: ["9", "Weet niet", "weet niet / geen mening", "Don't know"],
    MISSING: ["", " "],
}
# Items asked of every group in the fixture questionnaire (GR01 and IN02 are not).
FREE_ITEMS = ["GR02", "GR03", "IN01"]

answers_strategy = st.lists(
    st.tuples(*(st.sampled_from(sorted(SPELLINGS)) for _ in FREE_ITEMS)),
    min_size=1,
    max_size=25,
)


def spelled(data: st.DataObject, code: int) -> str:
    return data.draw(st.sampled_from(SPELLINGS[code]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    codes=answers_strategy,
    order=st.permutations(["respondent_id", "group", "municipality_code", *FREE_ITEMS]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    sep_line=st.booleans(),
    data=st.data(),
)
def test_any_spelling_order_and_format_gives_the_same_codes(
    codes, order, delimiter, encoding, sep_line, data
):
    rows = []
    for index, row in enumerate(codes):
        cells = {"respondent_id": f"0{index}", "group": "Inwoners", "municipality_code": "GM0363"}
        cells.update(
            {item: spelled(data, code) for item, code in zip(FREE_ITEMS, row, strict=True)}
        )
        rows.append(cells)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(
            Path(tmp) / "a.csv",
            rows,
            list(order),
            delimiter=delimiter,
            encoding=encoding,
            sep_line=sep_line,
        )
        answers = read_answers([path], Q)
    expected = np.array(codes)
    columns = [ITEMS.index(item) for item in FREE_ITEMS]
    assert np.array_equal(answers.codes[:, columns], expected)
    assert (answers.codes[:, [ITEMS.index("GR01"), ITEMS.index("IN02")]] == MISSING).all()
    assert answers.respondents["respondent_id"].tolist() == [f"0{i}" for i in range(len(codes))]
    assert answers.respondents["row"].tolist() == list(range(2, len(codes) + 2))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codes=answers_strategy)
def test_xlsx_reads_like_csv(codes):
    header = ["respondent_id", "group", "municipality_code", *FREE_ITEMS]
    rows = [
        [str(i), "inwoner", "GM0363", *(None if c == MISSING else c for c in row)]
        for i, row in enumerate(codes)
    ]
    text_rows = [[str(v) if v is not None else "" for v in row] for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        a = read_answers([write_xlsx(Path(tmp) / "a.xlsx", rows, header)], Q)
        b = read_answers([write_csv(Path(tmp) / "b.csv", text_rows, header)], Q)
    assert np.array_equal(a.codes, b.codes)
