"""The command line: defaults, no silent overwrite, help for every command."""

from __future__ import annotations

from pypdf import PdfReader

from formgen.cli import main


def test_build_without_arguments_builds_the_bundled_form(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "formgen-out" / "wensenformulier-ict-beheerder.pdf"
    assert "geschreven: formgen-out/wensenformulier-ict-beheerder.pdf" in result.output
    assert len(PdfReader(out).get_fields()) == 2 + 17 * 2 + 2   # and identity, copy


def test_build_never_overwrites_silently(runner, tmp_path):
    target = tmp_path / "wensenformulier-ict-beheerder.pdf"
    target.write_bytes(b"the school's own copy")
    result = runner.invoke(main, ["build", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "het bestand bestaat al" in result.output and "--force" in result.output
    assert target.read_bytes() == b"the school's own copy"
    result = runner.invoke(main, ["build", "-o", str(tmp_path), "--force"])
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.tmp")), "temporary files must not be left behind"


def test_build_a_second_form_needs_no_code(runner, tmp_path):
    from pathlib import Path
    example = Path(__file__).parents[1] / "examples" / "course-feedback.yaml"
    result = runner.invoke(main, ["build", str(example), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fields = PdfReader(tmp_path / "course-feedback.pdf").get_fields()
    assert {"student_name", "comments", "may_contact", "course_group", "session1_rating"} <= set(fields)


def test_usage_error_exits_2(runner):
    result = runner.invoke(main, ["build", "--format", "gif"],
                           env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 2
    assert "ongeldige waarde voor '--format'" in result.output     # the default form's language


def test_every_command_has_help(runner):
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name, command in main.commands.items():
        assert name in top.output
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help.split("\n")[0] in result.output


def test_readme_documents_every_command():
    from pathlib import Path
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"formgen {name}" in readme


def test_validate_help_lists_every_field_type(runner):
    from formgen.fields import REGISTRY
    result = runner.invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    section = result.output.split("Field types:")[1]
    for tag, cls in REGISTRY.items():
        assert tag in section and cls.model_fields["type"].description.split()[0] in section
