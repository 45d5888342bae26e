"""Content records: the content model's classes, checked without loading a
validation library on the way that well-formed content takes.

A record class declares its keys as annotated class attributes, as a
dataclass would: ``name: Type = doc("what it is", example, default=...)``;
rules ride in ``Annotated`` (:class:`Pattern`, :class:`MinLen`,
:class:`Between`, :class:`Before`, :class:`Check`, :class:`Tagged`). The
types a key may have: ``str``, ``int``, ``float``, ``bool``, ``Literal``,
``Optional``, ``list``, another record, and a union of records told apart
by a tag key (:class:`Tagged`).

:meth:`Record.model_validate` checks content against these declarations in
plain Python. Well-formed content (by far the usual case: a school's file
that ``validate`` passed) is taken as it is. Whatever that check is not
certain of (a key missing or unknown, a wrong type, a value out of range,
a value to be converted) goes to a pydantic model built from the same
declarations (:func:`pydantic_model`), which converts the value as before
or says what is wrong in its own words and places; the JSON Schema comes
from that model too. So a command on good content starts without pydantic
(about a tenth of a second), and errors read as they always did.
``tests/test_records.py`` holds the two checks to the same answers.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

_REQUIRED = object()


class Invalid(ValueError):
    """Content that does not fit its record: :meth:`errors` lists every
    problem as pydantic words it (``loc``, ``type``, ``msg``, ``input``, ``ctx``)."""

    def __init__(self, errors: list, text: str):
        super().__init__(text)
        self._errors = errors

    def errors(self) -> list[dict]:
        return [dict(e) for e in self._errors]


class Key:
    """One key of a record: its type, default and words for the JSON Schema
    (the counterpart of a pydantic ``FieldInfo``)."""

    __slots__ = ("name", "annotation", "default", "description", "examples")

    def __init__(self, description=None, examples=None, default=_REQUIRED):
        self.name = ""
        self.annotation: Any = None
        self.default = default
        self.description = description
        self.examples = examples

    def is_required(self) -> bool:
        return self.default is _REQUIRED

    def __repr__(self):
        return f"Key({self.name!r}, {self.annotation!r})"


def doc(description: str, *examples, default=_REQUIRED) -> Any:
    """A record key with its description (and examples) for the JSON Schema."""
    return Key(description, list(examples) if examples else None, default)


# -- rules inside Annotated --------------------------------------------------

class _Unsure(Exception):
    """The plain check cannot vouch for a value: pydantic decides."""


class Pattern:
    """A text matching ``pattern`` (anchored with ``^`` and ``$``)."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._rx = None

    def test(self, v):
        if self._rx is None:
            self._rx = re.compile(self.pattern)
        # pydantic's regex ends ``$`` at the very end; Python's also before a
        # final newline: text with a newline is left to pydantic.
        if "\n" in v or not self._rx.search(v):
            raise _Unsure

    def pydantic(self):
        from pydantic import StringConstraints
        return StringConstraints(pattern=self.pattern)


class MinLen:
    """A text or list of at least ``n`` characters or entries."""

    def __init__(self, n: int):
        self.n = n

    def test(self, v):
        if len(v) < self.n:
            raise _Unsure

    def pydantic(self):
        from pydantic import Field
        return Field(min_length=self.n)


class Between:
    """A number ``ge`` or more and ``le`` or less (either may be None)."""

    def __init__(self, ge=None, le=None):
        self.ge, self.le = ge, le

    def test(self, v):
        if (self.ge is not None and v < self.ge) or (self.le is not None and v > self.le):
            raise _Unsure

    def pydantic(self):
        from pydantic import Field
        return Field(ge=self.ge, le=self.le)


class Before:
    """``fn`` applied to the value before its type is checked."""

    def __init__(self, fn):
        self.fn = fn

    def pydantic(self):
        from pydantic import BeforeValidator
        return BeforeValidator(self.fn)


class Check:
    """``fn(value)`` after the type is checked: returns the value or raises
    ``ValueError`` with a message for the content's author."""

    def __init__(self, fn):
        self.fn = fn

    def test(self, v):
        try:
            self.fn(v)
        except ValueError:
            raise _Unsure from None

    def pydantic(self):
        from pydantic import AfterValidator
        return AfterValidator(self.fn)


class Tagged:
    """A union of records told apart by the value of their key ``key``."""

    def __init__(self, key: str):
        self.key = key

    def pydantic(self):
        from pydantic import Field
        return Field(discriminator=self.key)


# -- the plain check -----------------------------------------------------------

def _checker(tp):
    """A function checking a value against ``tp``: the value as stored, or
    :class:`_Unsure`."""
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        tagged = next((m for m in meta if isinstance(m, Tagged)), None)
        inner = _tagged_checker(base, tagged.key) if tagged else _checker(base)
        before = [m.fn for m in meta if isinstance(m, Before)]
        tests = [m.test for m in meta if hasattr(m, "test")]

        def annotated(v):
            for fn in before:
                v = fn(v)
            v = inner(v)
            for test in tests:
                test(v)
            return v
        return annotated
    if origin is Union:
        args = get_args(tp)
        others = [a for a in args if a is not type(None)]
        if len(others) != 1 or len(args) != 2:
            raise TypeError(f"a record key may be Optional[X], not {tp!r}")
        inner = _checker(others[0])
        return lambda v: None if v is None else inner(v)
    if origin is list:
        (item,) = get_args(tp)
        inner = _checker(item)

        def listed(v):
            if type(v) is not list:
                raise _Unsure
            return [inner(x) for x in v]
        return listed
    if origin is Literal:
        allowed = get_args(tp)

        def literal(v):
            if any(v == a and type(v) is type(a) for a in allowed):
                return v
            raise _Unsure
        return literal
    if isinstance(tp, type) and issubclass(tp, Record):
        def record(v):
            if isinstance(v, tp):
                return v
            return tp._construct(tp._fast(v))
        return record
    simple = {str: (str,), bool: (bool,), int: (int,), float: (int, float)}.get(tp)
    if simple is None:
        raise TypeError(f"a record key may not have the type {tp!r}")
    if tp is float:
        def number(v):
            if type(v) not in simple:
                raise _Unsure
            return float(v)
        return number

    def plain(v):
        if type(v) not in simple:
            raise _Unsure
        return v
    return plain


def _tagged_checker(tp, key: str):
    classes = [a for a in get_args(tp)]
    by_tag = {}
    for cls in classes:
        (tag,) = get_args(cls.model_fields[key].annotation)
        by_tag[tag] = cls
    kinds = tuple(classes)

    def tagged(v):
        if isinstance(v, kinds):
            return v
        if type(v) is not dict:
            raise _Unsure
        cls = by_tag.get(v.get(key)) if type(v.get(key)) is str else None
        if cls is None:
            raise _Unsure
        return cls._construct(cls._fast(v))
    return tagged


class Record:
    """A frozen record of content keys (see the module's docstring)."""

    #: Every key, in order: name -> :class:`Key`.
    model_fields: ClassVar[dict[str, Key]] = {}
    #: Options of the pydantic model mirroring this class (``extra``, ``frozen``).
    pydantic_config: ClassVar[dict] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields: dict[str, Key] = {}
        for base in reversed(cls.__mro__[1:]):
            if issubclass(base, Record):
                fields.update(base.__dict__.get("model_fields", {}))
        own = {}
        namespace = sys.modules[cls.__module__].__dict__
        for name, ann in cls.__dict__.get("__annotations__", {}).items():
            if name.startswith("_"):
                continue
            tp = eval(ann, namespace) if isinstance(ann, str) else ann
            if tp is ClassVar or get_origin(tp) is ClassVar:
                continue
            value = cls.__dict__.get(name, _REQUIRED)
            key = value if isinstance(value, Key) else Key(default=value)
            if name in cls.__dict__:
                delattr(cls, name)
            key.name, key.annotation = name, tp
            own[name] = key
        fields.update(own)
        cls.model_fields = fields
        cls._own = tuple(own)
        cls._plan = None

    # -- making one ----------------------------------------------------------------
    def __init__(self, **data):
        self.__dict__.update(type(self)._checked(data))

    @classmethod
    def model_validate(cls, data):
        """``data`` (a mapping, as YAML gives it) as a record; raises
        :class:`Invalid` naming every problem."""
        if isinstance(data, cls):
            return data
        return cls._construct(cls._checked(data))

    @classmethod
    def _construct(cls, values: dict):
        obj = cls.__new__(cls)
        obj.__dict__.update(values)
        return obj

    @classmethod
    def _checked(cls, data) -> dict:
        try:
            return cls._fast(data)
        except _Unsure:
            pass
        from pydantic import ValidationError
        try:
            checked = pydantic_model(cls).model_validate(data)
        except ValidationError as e:
            raise Invalid(e.errors(include_url=False), str(e)) from None
        try:
            return cls._fast(checked.model_dump())
        except _Unsure:     # pydantic took what the plain check refuses as stored
            raise RuntimeError(f"{cls.__name__}: the plain check refuses what pydantic "
                               f"accepted: {checked!r}") from None

    @classmethod
    def _fast(cls, data) -> dict:
        if type(data) is not dict:
            raise _Unsure
        plan = cls._plan
        if plan is None:
            plan = cls._plan = {name: (_checker(key.annotation), key.default)
                                for name, key in cls.model_fields.items()}
        if not data.keys() <= plan.keys():
            raise _Unsure
        out = {}
        for name, (check, default) in plan.items():
            if name in data:
                out[name] = check(data[name])
            elif default is _REQUIRED:
                raise _Unsure
            else:
                out[name] = list(default) if type(default) is list else default
        return out

    # -- what a record is ---------------------------------------------------------------
    def __setattr__(self, name, value):
        if name.startswith("_"):          # what a loader notes beside the content
            object.__setattr__(self, name, value)
            return
        raise AttributeError(f"{type(self).__name__} is frozen: {name} cannot change")

    def _values(self) -> tuple:
        d = self.__dict__
        return tuple(d[name] for name in self.model_fields)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self):
        return hash((type(self), self._values()))

    def __repr__(self):
        keys = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.model_fields)
        return f"{type(self).__name__}({keys})"

    def model_dump(self, mode: str = "python") -> dict:
        """The record as plain data (records as dicts), every key."""
        return {name: _dump(self.__dict__[name]) for name in self.model_fields}

    @classmethod
    def model_json_schema(cls) -> dict:
        """The JSON Schema of this record (by its pydantic model)."""
        return pydantic_model(cls).model_json_schema()


def _dump(v):
    if isinstance(v, Record):
        return v.model_dump()
    if type(v) is list:
        return [_dump(x) for x in v]
    return v


# -- the pydantic model of a record ------------------------------------------------

def pydantic_model(cls: type[Record]):
    """The pydantic model declaring what ``cls`` declares (made once): its
    errors and JSON Schema are the content format's."""
    made = cls.__dict__.get("_pydantic")
    if made is not None:
        return made
    import pydantic

    bases = tuple(pydantic_model(b) for b in cls.__bases__
                  if issubclass(b, Record) and b is not Record) or (pydantic.BaseModel,)
    namespace: dict = {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                       "__doc__": cls.__doc__, "__annotations__": {}}
    if "pydantic_config" in cls.__dict__:
        namespace["model_config"] = pydantic.ConfigDict(**cls.pydantic_config)
    for name in cls._own:
        key = cls.model_fields[name]
        namespace["__annotations__"][name] = _to_pydantic(key.annotation)
        extra = {} if key.examples is None else {"examples": key.examples}
        if not key.is_required():
            extra["default"] = _to_pydantic_value(key.default)
        namespace[name] = pydantic.Field(description=key.description, **extra)
    made = type(pydantic.BaseModel)(cls.__name__, bases, namespace)
    type.__setattr__(cls, "_pydantic", made)
    return made


def _to_pydantic(tp):
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        return Annotated[(_to_pydantic(base), *[m.pydantic() for m in meta])]
    if origin is Union:
        return Union[tuple(_to_pydantic(a) for a in get_args(tp))]
    if origin is list:
        return list[_to_pydantic(get_args(tp)[0])]
    if isinstance(tp, type) and issubclass(tp, Record):
        return pydantic_model(tp)
    return tp


def _to_pydantic_value(v):
    if isinstance(v, Record):
        return pydantic_model(type(v))(**v.model_dump())
    if type(v) is list:
        return [_to_pydantic_value(x) for x in v]
    return v
