"""Reproducible builds: the same sources give the same bytes, whatever the folder, the run or the clock."""

from __future__ import annotations

import os
import time

import icalendar
import pikepdf
import pytest

from publication import reproducible
from tests.conftest import run_cli

ONE_PRINT = ("--kind", "programme", "--lang", "el", "--variant", "print")  # PDF/X-4: dates and XMP ids
PDF = "el/programme-2017-05-thessaloniki-print.pdf"


@pytest.mark.fresh_layout
@pytest.mark.build
def test_builds_in_different_folders_give_identical_bytes(built, project_copy):
    """The session's full build, and a one-document build of a copy of the project in another folder."""
    result = run_cli("build", "--output", str(project_copy / "elsewhere"), *ONE_PRINT, project=project_copy)
    assert result.exit_code == 0, result.output
    assert (project_copy / "elsewhere" / PDF).read_bytes() == (built / PDF).read_bytes()
    screen = PDF.replace("print", "screen")
    assert (built / screen).is_file()


@pytest.mark.build
def test_without_source_date_epoch_the_date_comes_from_the_sources_not_the_files_times(
    built, project_copy, monkeypatch
):
    """A fresh checkout (new modification times) gives the same bytes: the date is the network's first year."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    later = time.time() + 86400
    for path in project_copy.rglob("*"):
        os.utime(path, (later, later))
    result = run_cli("build", "--output", str(project_copy / "out"), *ONE_PRINT, project=project_copy)
    assert result.exit_code == 0, result.output
    assert (project_copy / "out" / PDF).read_bytes() == (built / PDF).read_bytes()
    with pikepdf.open(built / PDF) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20160101000000")  # period: {start: 2016, …}
    calendar = icalendar.Calendar.from_ical((built / "el" / "calendar" / "cycle.ics").read_bytes())
    stamps = {event.decoded("dtstamp").isoformat() for event in calendar.walk("VEVENT")}
    assert stamps == {"2016-01-01T00:00:00+00:00"}


@pytest.mark.fresh_layout
@pytest.mark.build
def test_check_reproducible_builds_twice_and_compares(tmp_path):
    result = run_cli("build", "--output", str(tmp_path / "out"), *ONE_PRINT, "--check-reproducible")
    assert result.exit_code == 0, result.output
    assert "reproducible: a second build gave the same bytes for 1 file" in result.output


@pytest.mark.fresh_layout
@pytest.mark.build
def test_check_reproducible_detects_a_difference(tmp_path, monkeypatch):
    """Without the fixed XMP DocumentID, WeasyPrint's random one makes two builds differ."""
    monkeypatch.setattr(reproducible, "fixed_document_id", lambda seed: None)
    monkeypatch.setattr("publication.typeset.fixed_document_id", lambda seed: None)
    result = run_cli("build", "--output", str(tmp_path / "out"), *ONE_PRINT, "--check-reproducible")
    assert result.exit_code == 1
    assert f"not reproducible: two builds differ in 1 file: {PDF}" in result.output


@pytest.mark.build
def test_dates_come_from_source_date_epoch_and_ids_from_the_content(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1516008600")  # 2018-01-15 09:30 UTC
    result = run_cli("build", "--output", str(tmp_path / "out"), *ONE_PRINT)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "out" / PDF) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20180115093000")
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20180115093000")
        with pdf.open_metadata() as xmp:
            assert xmp["xmp:CreateDate"].startswith("2018-01-15T09:30:00")
            document_id = xmp["xmpMM:DocumentID"]
        file_id = bytes(pdf.trailer["/ID"][0])
    # Another date gives another creation date, identifiers following the content.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1516008601")
    assert run_cli("build", "--output", str(tmp_path / "again"), *ONE_PRINT).exit_code == 0
    with pikepdf.open(tmp_path / "again" / PDF) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20180115093001")
        with pdf.open_metadata() as xmp:
            assert xmp["xmpMM:DocumentID"] != document_id
        assert bytes(pdf.trailer["/ID"][0]) != file_id


def test_a_wrong_source_date_epoch_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("build", "--output", str(tmp_path / "out"), *ONE_PRINT)
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds" in result.output
    assert "Traceback" not in result.output
