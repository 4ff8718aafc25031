"""Issue 20, item 6: the example notebook in docs/ runs as written, offline, and shows short
summaries and inline maps (executed with nbclient in a fresh kernel)."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "docs" / "newsroom.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # run from an empty folder: the notebook must not lean on files beside it
    cwd = tmp_path_factory.mktemp("notebook")
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()  # raises CellExecutionError, with the cell's traceback, on any error
    return nb


def outputs(nb, marker: str) -> dict[str, str]:
    """The display data of the first code cell whose source contains ``marker``."""
    cell = next(c for c in nb.cells if c.cell_type == "code" and marker in c.source)
    data: dict[str, str] = {}
    for out in cell.outputs:
        assert out.output_type != "error"
        for mime, value in out.get("data", {}).items():
            data[mime] = data.get(mime, "") + value
    return data


def test_notebook_cells_have_no_stored_outputs():
    # the notebook in the repository is the source; the test makes the outputs
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_table_from_a_dataframe_is_summarised_and_ambiguity_reported(executed):
    shown = outputs(executed, "table = geo.read_table(df)")
    assert shown["text/plain"] == "<IncidentTable <DataFrame>: 4 rows, 3 placed, 1 problem>"
    assert "Kharkiv" in shown["text/html"]  # the first rows, as an HTML table
    problems = outputs(executed, "table.problems[")["text/plain"]
    assert "Springfield" in problems and "ambiguous" in problems
    days = outputs(executed, '"_day"')["text/plain"]
    assert "2023-05-13" in days and "2023-03-05" not in days  # the column is month first


def test_geodataframe_is_read(executed):
    shown = outputs(executed, "geo.read_table(gdf)")["text/plain"]
    assert shown == "<IncidentTable <DataFrame>: 2 rows, 2 placed, 0 problems>"


def test_story_from_a_dict_has_a_short_summary(executed):
    shown = outputs(executed, "resolved = geo.resolve_story(story)")["text/plain"]
    assert shown.startswith("<ResolvedStory 'Drones over the Kremlin': 1 place, 1 incident")
    assert "453 km" in shown and len(shown) < 200
    draft = outputs(executed, "draft = geo.extract(")["text/plain"]
    assert draft.startswith("<Story ") and "1 place" in draft


@pytest.mark.parametrize("marker", ["maps.table_map(", "maps.story_map("])
def test_maps_display_inline_without_requests(executed, marker):
    html = outputs(executed, marker)["text/html"]
    assert "leaflet" in html.lower()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html  # offline: all inlined
