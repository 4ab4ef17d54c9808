"""``docs/reliability.md`` shows the catalogue exactly as the tests assert it."""

from __future__ import annotations

from tests.reliability.catalogue import CASES, FATAL
from tests.reliability.render_doc import DOC, generated, render


def test_committed_reliability_page_is_up_to_date() -> None:
    document = DOC.read_text()
    assert render(document) == document, (
        "docs/reliability.md is stale: run python -m tests.reliability.render_doc"
    )


def test_every_case_and_message_is_in_the_page() -> None:
    table = generated()
    for case in (*CASES, *FATAL):
        assert f"(`{case.slug}`)" in table
    for case in CASES:
        for expected in case.expected:
            assert f"**{expected.code}**" in table
