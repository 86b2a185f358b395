"""The browser harness itself: axe finds a known violation, and outside requests are caught."""

from __future__ import annotations

from pathlib import Path

from browser_support import describe_violations, open_file


def test_axe_reports_an_image_without_alt_text(browser, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="nl"><head><title>t</title></head>'
        '<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
        encoding="utf-8",
    )
    opened = open_file(browser, page)
    violations = opened.axe_violations()
    assert [v["id"] for v in violations] == ["image-alt"], describe_violations(violations)


def test_a_clean_page_has_no_violations_and_outside_requests_are_recorded(
    browser, tmp_path: Path
) -> None:
    page = tmp_path / "good.html"
    page.write_text(
        '<!doctype html><html lang="nl"><head><title>Profiel</title>'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        "<body><main><h1>Profiel</h1><p>Tekst.</p></main></body></html>",
        encoding="utf-8",
    )
    opened = open_file(browser, page, width=390)
    assert opened.axe_violations() == []
    assert opened.blocked_requests == ["https://cdn.example.org/x.css"]
    assert opened.page.viewport_size["width"] == 390
