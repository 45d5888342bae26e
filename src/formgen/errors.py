"""One tree of errors; every message says where, what, and how to fix it.

The CLI catches :class:`FormgenError` and prints ``str(error)``; nothing
below it should ever reach a user as a traceback.
"""

from __future__ import annotations


class FormgenError(Exception):
    """Base class of every error formgen raises on purpose.

    ``where`` is a file name, optionally with ``:line``; ``path`` a
    location inside the content (``sections[1].items[0]``); ``fix`` one
    sentence telling the user what to do.
    """

    exit_code = 1

    def __init__(self, what: str, *, where: str | None = None,
                 path: str | None = None, fix: str | None = None,
                 saying: str | None = None, params: dict | None = None):
        self.what = what
        self.where = where
        self.path = path
        self.fix = fix
        #: The words' key in :data:`formgen.i18n.SAYINGS` (``saying`` and
        #: ``saying_fix``), so :meth:`text` says it in a person's language.
        self.saying, self.params = saying, params or {}
        super().__init__(str(self))

    @classmethod
    def said(cls, code: str, *, where: str | None = None, **params) -> "FormgenError":
        """The error ``code`` of :data:`formgen.i18n.SAYINGS`, in English
        here (``str``) and in any language by :meth:`text`."""
        from .i18n import SAYINGS
        words = SAYINGS["en"]
        return cls(words[code].format(**params), where=where,
                   fix=words.get(f"{code}_fix", "").format(**params) or None,
                   saying=code, params=params)

    def text(self, language: str = "en") -> str:
        """The message in ``language``: where, what and the fix."""
        from .i18n import SAYINGS, lang_key, os_reason, say
        what, fix = self.what, self.fix
        if self.saying:
            params = dict(self.params)
            if "errno" in params:
                params["reason"] = os_reason(params["errno"], params.get("reason", ""), language)
            what = say(self.saying, language, **params)
            if f"{self.saying}_fix" in SAYINGS[lang_key(language)]:
                fix = say(f"{self.saying}_fix", language, **params)
        head = ": ".join(p for p in (self.where, self.path) if p)
        text = f"{head}: {what}" if head else what
        if fix:
            text += f"\n  {say('fix', language)}: {fix}"
        return text

    def __str__(self) -> str:
        head = ": ".join(p for p in (self.where, self.path) if p)
        text = f"{head}: {self.what}" if head else self.what
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class ContentError(FormgenError):
    """A content file is missing, unreadable or does not describe a valid form.

    ``problems`` lists every problem found (each a :class:`ContentError`
    of its own); ``str()`` shows them all.
    """

    def __init__(self, what: str, *, problems: list["ContentError"] | None = None, **kwargs):
        self.problems = problems or []
        super().__init__(what, **kwargs)

    @classmethod
    def of(cls, problems: list["ContentError"]) -> "ContentError":
        """One error for several problems (or the problem itself, if one)."""
        if len(problems) == 1:
            return problems[0]
        err = cls(f"{len(problems)} problems", problems=problems)
        return err

    def text(self, language: str = "en") -> str:
        return super().text(language) if not self.problems else str(self)

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        return f"{self.what}:\n" + "\n".join(
            "  " + str(p).replace("\n", "\n  ") for p in self.problems)


class RenderError(FormgenError):
    """A form could not be rendered (for example a text that the font cannot draw)."""


class OutputExistsError(FormgenError):
    """An output file exists and overwriting was not asked for."""


class ReadError(FormgenError):
    """A returned file could not be read as a form.

    ``code`` names the reason for reports (``encrypted``, ``corrupt``, ...);
    :data:`formgen.i18n.MESSAGES` has its words for a clerk.
    """

    def __init__(self, what: str, *, code: str = "corrupt", **kwargs):
        self.code = code
        super().__init__(what, **kwargs)


class ExportError(FormgenError):
    """Read results could not be written to the requested format."""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM, SIGHUP; Ctrl-C raises
    KeyboardInterrupt itself); ``signal`` is its number."""

    def __init__(self, signal: int = 2):
        self.signal = signal
        super().__init__(signal)


class ValueProblem(ValueError):
    """A value a field cannot take, said in any language: ``saying`` is a
    key of :data:`formgen.i18n.SAYINGS`; ``str()`` is English."""

    def __init__(self, saying: str, **params):
        self.saying, self.params = saying, params
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        from .i18n import say
        return say(self.saying, language, **self.params)
