"""Symbolic links cannot lead a build out of the project."""

import shutil

from click.testing import CliRunner

from conftest import REAL_DATA
from mapgen.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_data_file_linked_from_outside_is_refused(tmp_path, monkeypatch):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir(), outside.mkdir()
    shutil.copy(REAL_DATA, outside / "secret.yaml")
    (project / "data.yaml").symlink_to(outside / "secret.yaml")
    monkeypatch.chdir(project)
    result = run("check", "--data", "data.yaml")
    assert result.exit_code == 1
    assert "leads out of the project through a symbolic link" in result.output


def test_output_folder_linked_outside_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir(), outside.mkdir()
    (project / "output").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(project)
    result = run("build", "--data", str(REAL_DATA), "--out", "output/map.html")
    assert result.exit_code == 1
    assert "the output folder leads out of the project" in result.output
    assert list(outside.iterdir()) == []


def test_an_explicit_path_outside_is_the_editors_choice(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    assert run("build", "--data", str(REAL_DATA), "--out", str(tmp_path / "site" / "map.html")).exit_code == 0
    assert (tmp_path / "site" / "map.html").exists()


def test_a_link_inside_the_project_is_fine(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    shutil.copy(REAL_DATA, project / "data" / "real.yaml")
    (project / "data" / "initiatives.yaml").symlink_to(project / "data" / "real.yaml")
    monkeypatch.chdir(project)
    assert run("check").exit_code == 0


def test_output_file_that_is_a_link_is_replaced_not_followed(tmp_path, monkeypatch):
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "output").mkdir(parents=True), outside.mkdir()
    (outside / "victim.txt").write_text("keep me")
    (project / "output" / "map.html").symlink_to(outside / "victim.txt")
    monkeypatch.chdir(project)
    assert run("build", "--data", str(REAL_DATA)).exit_code == 0
    assert (outside / "victim.txt").read_text() == "keep me"
    assert not (project / "output" / "map.html").is_symlink()
