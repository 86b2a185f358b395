"""A maatwerk file given as a pipe (`--extra <(...)`) is read once: messages that quote the
file's text take it from what was read, and never wait on the pipe again."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from quickscan.errors import QuestionnaireError
from quickscan.questionnaire import load_questionnaire

VALID = Path(__file__).resolve().parents[1] / "cases" / "questionnaires" / "_valid"
MAATWERK = """\
items:
  - id: MW01
    text: {nl: NO}
    scale: agree5
"""


def test_maatwerk_from_a_pipe_quotes_its_text_without_reading_it_again(tmp_path: Path) -> None:
    fifo = tmp_path / "maatwerk.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w", encoding="utf-8") as handle:
            handle.write(MAATWERK)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(VALID, extra=fifo)
    writer.join(timeout=5)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{fifo}:3:16 (items[0].text.nl): expected text, but YAML read NO as a yes/no value "
        '(false) (put the value in quotes, e.g. "NO" or "1.10")'
    ]
