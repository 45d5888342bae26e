"""Class lists as EduArte, Magister and Osiris export them, in the encodings
Excel and the school systems save, read into the right names, numbers and
classes; the command line says what it took for what."""

from __future__ import annotations

import json

import pytest

from formgen.cli import main
from formgen.prefill import plan, read_class_list

STUDENTS = [("100234", "Jan", "van der", "Berg", "4A"),
            ("100235", "Zoë", "d’", "Hondt", "4A"),
            ("100236", "Şükrü", "", "Yılmaz", "4B"),
            ("007", "Małgorzata", "", "Wiśniewska", "4B")]
NAMES = ["Jan van der Berg", "Zoë d’Hondt", "Şükrü Yılmaz", "Małgorzata Wiśniewska"]


def _rows(delimiter: str, quote_all: bool = False) -> list[str]:
    def line(cells):
        return delimiter.join(f'"{c}"' if quote_all else c for c in cells)
    return [line(s) for s in STUDENTS]


SHAPES = {
    # EduArte: lower-case names, ';', UTF-8 without a byte-order mark
    "eduarte": ("deelnemernummer;roepnaam;voorvoegsel;achternaam;groep\n"
                + "\n".join(_rows(";")) + "\n", "utf-8", ["A", "B", "C", "D", "E"]),
    # Magister: ',' with a byte-order mark, every cell quoted, "" for an empty one
    "magister": ("\ufeff" + '"Stamnummer","Roepnaam","Tussenvoegsel","Achternaam","Klas"\r\n'
                 + "\r\n".join(_rows(",", quote_all=True)) + "\r\n", "utf-8",
                 ["A", "B", "C", "D", "E"]),
    # Osiris: 'voorvoegsels', tab-separated
    "osiris": ("studentnummer\tvoornaam\tvoorvoegsels\tachternaam\tlesgroep\n"
               + "\n".join(_rows("\t")) + "\n", "utf-8", ["A", "B", "C", "D", "E"]),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_school_system_exports_give_names_numbers_and_classes(form, tmp_path, shape):
    text, encoding, _ = SHAPES[shape]
    path = tmp_path / f"{shape}.csv"
    path.write_bytes(text.encode(encoding))
    result = plan(form, read_class_list(path))
    assert [c.values["naam_deelnemer"] for c in result.copies] == NAMES
    assert [{k.casefold(): v for k, v in c.extra.items()} for c in result.copies] == [
        {"studentnummer": s[0], "klas": s[4]} for s in STUDENTS]     # "007" keeps its zeros
    meanings = [m for _, _, m in result.taken]      # a column named so already is not said
    assert meanings == {"eduarte": ["Naam deelnemer", "studentnummer", "klas"],
                        "magister": ["Naam deelnemer", "studentnummer"],
                        "osiris": ["Naam deelnemer", "klas"]}[shape]
    assert result.taken[0][1] == ["B", "C", "D"]


def test_a_csv_saved_by_dutch_excel_in_windows_1252_is_read(form, tmp_path):
    text = "Naam;Klas\nZoë d’Hondt;4A\nRenée Müller;4B\nFrançois Ça;4C\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    assert b"\x92" in path.read_bytes()                  # ’ as Windows-1252 writes it
    result = plan(form, read_class_list(path))
    assert [c.values["naam_deelnemer"] for c in result.copies] == [
        "Zoë d’Hondt", "Renée Müller", "François Ça"]
    assert [c.extra for c in result.copies] == [{"Klas": "4A"}, {"Klas": "4B"}, {"Klas": "4C"}]


def test_the_command_says_what_it_took_and_reconciles_another_system_s_list(runner, tmp_path):
    text, encoding, _ = SHAPES["magister"]
    magister = tmp_path / "magister.csv"
    magister.write_bytes(text.encode(encoding))
    out = tmp_path / "klas"
    result = runner.invoke(main, ["build", "--prefill", str(magister), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ("klaslijst: kolom B 'Roepnaam' + C 'Tussenvoegsel' + D 'Achternaam' gelezen als "
            "Naam deelnemer") in result.output
    assert "klaslijst: kolom A 'Stamnummer' gelezen als studentnummer" in result.output
    assert sorted(p.stem for p in out.glob("*.pdf")) == sorted(NAMES)
    # the same class exported by EduArte: every return is matched by name
    text, encoding, _ = SHAPES["eduarte"]
    eduarte = tmp_path / "eduarte.csv"
    eduarte.write_bytes(text.encode(encoding))
    result = runner.invoke(main, ["read", str(out), "--expect", str(eduarte)])
    data = json.loads(result.stdout)
    assert data["missing"] == []
    assert all("niet op de klaslijst" not in " ".join(r["problems"]) for r in data["returns"])
