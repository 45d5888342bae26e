"""Load content files into a :class:`~formgen.model.Form`, with errors a
content author can act on: the file, the line and path, the problem, a fix.
"""

from __future__ import annotations

import difflib
import io
import json
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ContentError
from .model import FIELD_TYPES, Form, cross_check
from .record import Invalid

#: The form ``formgen build`` and ``formgen validate`` use without arguments.
BUNDLED_FORM = "wensenformulier-ict-beheerder"


def bundled_dir() -> Path:
    """The folder of content files that ships inside the package."""
    return Path(__file__).resolve().parent / "forms"


def bundled_path(name: str = BUNDLED_FORM) -> Path:
    return bundled_dir() / f"{name}.yaml"


def bundled_forms() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


def load_form(path: str | Path | None = None) -> Form:
    """Load and validate a content file (the bundled form when ``path`` is None).

    Raises :class:`ContentError` naming the file, the place and the fix.
    """
    path = Path(path) if path is not None else bundled_path()
    return _load_cached(str(path.resolve()), _mtime(path), str(path))


def loads_form(text: str, name: str = "<string>", base: str | Path | None = None,
               files: dict[str, bytes] | None = None) -> Form:
    """Load a form from YAML text; ``name`` stands for the file in errors;
    files it names (a logo) are taken from ``files`` (name -> bytes) or
    found from ``base`` (default: the folder of ``name`` where that is a
    file, else the working folder)."""
    data, lines = _parse_yaml(text, name)
    if base is None:
        base = Path(name).parent if Path(name).is_file() else Path.cwd()
    return _to_model(data, lines, name, Path(base), files or {})


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        raise ContentError("file not found", where=str(path),
                           fix="check the path, or run 'formgen validate' with no "
                               "argument to check the bundled form") from None
    except OSError as e:
        raise ContentError(f"cannot read the file ({e.strerror})", where=str(path)) from None


@lru_cache(maxsize=32)
def _load_cached(resolved: str, mtime: float, shown: str) -> Form:
    try:
        text = Path(resolved).read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ContentError("this is a folder, not a content file", where=shown,
                           fix="name a .yaml file") from None
    except UnicodeDecodeError as e:
        raise ContentError(f"not UTF-8 text (byte {e.start})", where=shown,
                           fix="save the file as UTF-8") from None
    except OSError as e:
        raise ContentError(f"cannot read the file ({e.strerror})", where=shown) from None
    return loads_form(text, shown, Path(resolved).parent)


#: The largest logo file and image formgen takes (a logo is a few KB).
LOGO_BYTES, LOGO_PIXELS = 2_000_000, 4000


def _read_logo(form: Form, base: Path, files: dict) -> list[tuple[str, str, str]]:
    """Read ``form.logo`` (from ``files``, else from ``base``) into the
    form: a PNG or JPEG of sensible size, or the problems with it."""
    path = base / form.logo
    fix = "put a PNG or JPEG next to the content file and name it in logo:"
    try:
        size = len(files[form.logo]) if form.logo in files else path.stat().st_size
        if size > LOGO_BYTES:
            return [("logo", f"{form.logo!r} is {size // 1000} KB; a logo may be at most "
                     f"{LOGO_BYTES // 1_000_000} MB", "save it smaller (a logo needs a few KB)")]
        data = files[form.logo] if form.logo in files else path.read_bytes()
    except FileNotFoundError:
        return [("logo", f"no file {form.logo!r} next to the content file ({base})", fix)]
    except OSError as e:
        return [("logo", f"cannot read {form.logo!r} ({e.strerror})", fix)]
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return [("logo", f"{form.logo!r} is no PNG or JPEG", "save the logo as PNG or JPEG")]
    try:
        from PIL import Image
        with Image.open(io.BytesIO(data)) as img:
            if max(img.size) > LOGO_PIXELS:
                return [("logo", f"{form.logo!r} is {img.size[0]}×{img.size[1]} pixels",
                         f"save it at most {LOGO_PIXELS} pixels wide and high")]
            img.load()
    except Exception as e:       # a damaged image: said, never a traceback
        return [("logo", f"{form.logo!r} cannot be read as an image ({e})", fix)]
    form._logo = data
    return []


# -- YAML with line numbers ---------------------------------------------

def _parse_yaml(text: str, name: str):
    """Parse YAML into plain data and a map from content path to line number."""
    if not text.strip():
        raise ContentError("the file is empty", where=name,
                           fix="describe a form: at least id, version, title and sections "
                               "(see 'formgen schema' and the README)")
    # libyaml's loader where PyYAML has it (its wheels do): same nodes and
    # marks, several times faster on a long content file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError("the file holds no YAML document", where=name,
                               fix="describe a form: at least id, version, title and sections")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ContentError(f"YAML syntax error: {e.problem or e.context}", where=f"{name}{line}",
                           fix="check indentation and quoting on that line; a value with "
                               "': ' or a leading special character needs quotes") from None
    except yaml.YAMLError as e:
        raise ContentError(f"YAML error: {e}", where=name) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ContentError("the top level must be a mapping of keys (id:, title:, ...)",
                           where=f"{name}:{node.start_mark.line + 1}",
                           fix="start the file with 'id: my-form' and the other keys")
    lines: dict[tuple, int] = {}
    _walk(node, (), lines)
    return data, lines


def _walk(node, path: tuple, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            _walk(value, sub, lines)
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _walk(value, path + (i,), lines)


def _to_model(data: dict, lines: dict, name: str, base: Path, files: dict) -> Form:
    try:
        form = Form.model_validate(data)
    except Invalid as e:
        raise ContentError.of(_content_errors(e, lines, name, data)) from None
    found = cross_check(form)
    if form.logo:
        found += _read_logo(form, base, files)
    problems = [ContentError(what, where=f"{name}:{_line_of(_path_tuple(path), lines)}",
                             path=path, fix=fix)
                for path, what, fix in found]
    if problems:
        raise ContentError.of(problems)
    form._source = (name, lambda path: _line_of(_path_tuple(path), lines))
    return form


def _content_errors(e: Invalid, lines: dict, name: str, data: dict) -> list[ContentError]:
    """Every pydantic error as a content error, a typo of a required key
    told once ("did you mean"), not as a missing key and an unknown one."""
    errors = e.errors()
    for err in errors:   # pydantic puts the union tag into the location: drop it
        err["loc"] = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in FIELD_TYPES))
    missing = {(err["loc"][:-1], err["loc"][-1]) for err in errors if err["type"] == "missing"}
    typos: dict[tuple, str] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent, key = err["loc"][:-1], str(err["loc"][-1])
            wanted = [m for p, m in missing if p == parent]
            guess = difflib.get_close_matches(key, wanted, n=1, cutoff=0.6)
            if guess:
                typos[(parent, guess[0])] = key
    out, shown = [], set()
    for err in errors:
        if err["type"] == "missing" and (err["loc"][:-1], err["loc"][-1]) in typos:
            continue
        problem = _content_error(err, lines, name, data, typos)
        key = str(problem)
        if key not in shown:
            shown.add(key)
            out.append(problem)
    return out


def format_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _path_tuple(path: str) -> tuple:
    parts: list = []
    for chunk in path.replace("]", "").split("."):
        name, *idx = chunk.split("[")
        if name:
            parts.append(name)
        parts += [int(i) for i in idx]
    return tuple(parts)


def _line_of(loc: tuple, lines: dict) -> int:
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _content_error(err: dict, lines: dict, name: str, data: dict, typos: dict) -> ContentError:
    loc = err["loc"]
    kind = err["type"]
    where = f"{name}:{_line_of(loc, lines)}"
    if kind == "extra_forbidden":
        key = loc[-1]
        parent = loc[:-1]
        value = err.get("input")
        typo = next((m for (p, m), k in typos.items() if p == parent and k == str(key)), None)
        if typo:
            return ContentError(f"unknown key {key!r}", where=where, path=format_path(parent),
                                fix=f"did you mean {typo!r}? (it is required here)")
        allowed = _allowed_keys(parent, data)
        guess = difflib.get_close_matches(str(key), allowed, n=1)
        if value is None and not guess:
            return ContentError(
                f"unknown key {key!r}: this looks like text cut off at a comma or a colon",
                where=where, path=format_path(parent),
                fix="put the whole text in quotes, e.g. title: \"Beveiliging, gegevens en privacy\"")
        fix = (f"did you mean {guess[0]!r}? " if guess else "") + \
            (f"allowed keys here: {', '.join(allowed)}" if allowed else
             "remove it (see 'formgen schema' for the keys of each place)")
        return ContentError(f"unknown key {key!r}", where=where, path=format_path(parent), fix=fix)
    if kind == "missing":
        return ContentError(f"missing required key {loc[-1]!r}", where=where,
                            path=format_path(loc[:-1]), fix=f"add '{loc[-1]}:' with a value")
    if kind == "union_tag_invalid":
        got = err.get("ctx", {}).get("tag")
        guess = difflib.get_close_matches(str(got), FIELD_TYPES, n=1)
        return ContentError(f"unknown field type {got!r}", where=where, path=format_path(loc),
                            fix=(f"did you mean {guess[0]!r}? " if guess else "") +
                                f"use one of: {', '.join(FIELD_TYPES)}")
    if kind == "union_tag_not_found":
        return ContentError("this field has no 'type'", where=where, path=format_path(loc),
                            fix=f"add 'type:' with one of: {', '.join(FIELD_TYPES)}")
    if kind == "string_pattern_mismatch":
        value = err.get("input")
        key = loc[-1] if loc else "value"
        return ContentError(f"{key} {value!r} is not allowed", where=where, path=format_path(loc),
                            fix=_pattern_fix(key))
    if kind in ("string_too_short", "too_short"):
        return ContentError(f"{loc[-1]} must not be empty", where=where,
                            path=format_path(loc), fix=f"give '{loc[-1]}' a value")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return ContentError(msg, where=where, path=format_path(loc),
                        fix="see 'formgen schema' for what this key takes")


def _pattern_fix(key) -> str:
    if key == "id":
        return ("use letters, digits and '_' only, starting with a letter: no dots (PDF readers "
                "join field names with '.') and no spaces, e.g. 'naam_deelnemer'")
    if key == "value":
        return "use letters, digits, '-' and '_' only, e.g. 'Bg'"
    return "use letters, digits and '_' only"


def _allowed_keys(parent: tuple, data) -> list[str]:
    """The keys the model accepts at ``parent`` (for 'did you mean' hints)."""
    schema = schema_dict()
    node = schema
    cursor = data
    for part in parent:
        node = _deref(node, schema)
        cursor = cursor[part] if isinstance(cursor, (dict, list)) else None
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
            node = _deref(node, schema)
            if "anyOf" in node:  # Optional[...]
                node = next((n for n in node["anyOf"] if n.get("type") != "null"), node)
    node = _deref(node, schema)
    if "oneOf" in node and isinstance(cursor, dict):  # a field: pick by its type
        node = _deref(schema["$defs"].get(_class_for(cursor.get("type")), node), schema)
    return sorted(node.get("properties", {}))


def _class_for(tag) -> str:
    from .fields import REGISTRY
    cls = REGISTRY.get(tag)
    return cls.__name__ if cls else ""


def _deref(node: dict, schema: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    return node


@lru_cache(maxsize=1)
def schema_dict() -> dict:
    """The JSON Schema of content files (what ``formgen schema`` prints)."""
    schema = Form.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "formgen content file"
    return schema


def schema_json() -> str:
    return json.dumps(schema_dict(), indent=2, ensure_ascii=False)
