"""``kg viz`` without a browser: the file's data block cannot be closed by document text,
and bad options are one line with a non-zero exit (the browser side is in test_browser)."""

from __future__ import annotations

import json
import re

from kg.cli import main
from kg.explore.page import json_for_script


def test_data_block_escapes_what_could_close_it():
    text = json_for_script({"title": "</script><script>alert(1)</script>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script>&amp;"}


def test_unknown_focus_is_one_line_and_exit_6(seed_store_path, tmp_path, capsys):
    code = main(["viz", "--store", str(seed_store_path), "--out", str(tmp_path / "x.html"), "--focus", "Atlantis"])
    err = capsys.readouterr().err.strip()
    assert code == 6 and "\n" not in err and "Atlantis" in err
    assert not (tmp_path / "x.html").exists()


def test_viz_writes_one_file_with_the_focus_and_its_neighbours(seed_store_path, tmp_path):
    out = tmp_path / "jnim.html"
    assert main(["viz", "--store", str(seed_store_path), "--out", str(out), "--focus", "JNIM", "--depth", "1"]) == 0
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1))
    ids = [n["id"] for n in data["graph"]["nodes"]]
    assert ids[0] == "https://w3id.org/sahel-kg/id/actor/jnim"
    assert data["details"][ids[0]]["claims"], "JNIM's panel travels with the file"
    files = {d["file"] for d in data["documents"].values()}
    assert "002_9e1eb2eb3567d046.txt" in files
