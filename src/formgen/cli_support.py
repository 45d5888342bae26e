"""What every ``formgen`` command shares: the language it speaks in, its
usage errors in that language, and its checks before work starts."""

from __future__ import annotations

import os
import re
import sys

import click

from .errors import FormgenError
from .i18n import say


def _language(ctx) -> str:
    """The language a command speaks in: its form's, once known, else
    :func:`_first_language`."""
    return ctx.meta.get("formgen.language") or _first_language()


def _first_language() -> str:
    """The language before a form is known: ``--lang``, else the system's
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) where formgen has its words,
    else the bundled form's."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    from .i18n import has_words
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0].replace("_", "-") if has_words(value[:2]) else "en"
    return "nl"                 # the bundled form's: a school runs formgen with it


def _usage(key: str, **values) -> click.UsageError:
    return click.UsageError(say(key, _first_language(), **values))


#: Click's own usage errors, as patterns, with their words by key.
_CLICK = [(re.compile(r"No such option:? '?([^' ]+?)'?\.? Did you mean '(.+?)'\?"), "click_did_you_mean"),
          (re.compile(r"No such option:? '?([^' ]+?)'?\.?"), "click_no_option"),
          (re.compile(r"Missing argument '(.+)'\."), "click_missing_argument"),
          (re.compile(r"Missing option '(.+)'\."), "click_missing_option"),
          (re.compile(r"Option '(.+)' requires an argument\."), "click_needs_value"),
          (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "click_extra"),
          (re.compile(r"No such command '(.+?)'\. Did you mean '(.+?)'\?"), "click_command_guess"),
          (re.compile(r"No such command '(.+)'\."), "click_no_command"),
          (re.compile(r"Invalid value for '(.+?)': (.+)"), "click_invalid"),
          # what click says inside "Invalid value for ...: "
          (re.compile(r"'(.+)' is not one of (.+)\."), "click_not_one_of"),
          (re.compile(r"'(.+)' is not a valid (?:float|integer)(?: range)?\."), "click_not_number"),
          (re.compile(r"(.+) is not in the range (.+)\."), "click_range"),
          (re.compile(r"(?:File|Path|Directory) '(.+)' does not exist\."), "click_no_path")]


def _click_words(message: str, lang: str) -> str:
    """One of click's messages in ``lang`` (the part of an invalid value too)."""
    for pattern, key in _CLICK:
        m = pattern.fullmatch(message.strip())
        if m:
            groups = list(m.groups())
            if key == "click_invalid":
                groups[1] = _click_words(groups[1], lang)
            return say(key, lang, **{f"a{i}": g for i, g in enumerate(groups)})
    return message


def _usage_error(ctx, e: click.UsageError):
    """A usage error in the command's language: the usage line, the
    problem, where to find help; exit code 2."""
    lang = _language(ctx)
    message = _click_words(e.format_message(), lang)
    command = e.ctx.command_path if e.ctx is not None else "formgen"
    usage = e.ctx.get_usage() if e.ctx is not None else ""
    if usage.startswith("Usage:"):
        usage = say("usage", lang) + usage[len("Usage:"):]
    _quietly(click.echo, f"{usage}\n{say('try_help', lang, command=command)}\n\n"
             f"{say('error', lang)}: {message}" if usage else
             f"{say('error', lang)}: {message}", err=True)
    ctx.exit(2)


def _speak(language: str | None) -> str:
    """From here on the command speaks ``language``; returns it."""
    ctx = click.get_current_context()
    if language:
        ctx.meta["formgen.language"] = language
    return _language(ctx)


def _must_exist(paths, classlist=None) -> None:
    """Every path given is there, and the class list (said in the command's
    language), before anything is read."""
    for path in paths:
        if not os.path.lexists(path):
            raise FormgenError.said("path_missing", where=str(path))
    if classlist and not os.path.isfile(classlist):
        raise FormgenError.said("classlist_missing", where=str(classlist))


def _quietly(fn, *args, **kwargs):
    """Say something on standard error, if it can still be written to."""
    try:
        fn(*args, **kwargs)
    except OSError:
        pass
