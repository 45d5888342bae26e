"""The ``formgen`` command: a thin layer over the library.

Exit codes: 0 success, 1 the input or the work failed (a message says
where, what and how to fix), 2 a usage error. Set ``FORMGEN_DEBUG=1`` to see
the traceback of an unexpected error.
"""

from __future__ import annotations

import os
import sys

import click

from .errors import FormgenError

CONTENT_HELP = "Content file (.yaml). Default: the bundled wensenformulier."


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FormgenError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as e:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if os.environ.get("FORMGEN_DEBUG"):
                raise
            click.echo(f"Error: unexpected {type(e).__name__}: {e}\n"
                       "  This is a bug in formgen; run again with FORMGEN_DEBUG=1 and "
                       "report the traceback.", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="formgen")
def main():
    """Build fillable forms (PDF, Word) from a content file, and read them back.

    \b
    formgen build                 build the bundled form into ./formgen-out
    formgen validate FORM.yaml    check a content file
    formgen schema > form.schema.json
    """


@main.command()
@click.argument("content", required=False, type=click.Path(dir_okay=False))
def validate(content):
    """Check a content file and print a one-line summary.

    Exit 0 when the file describes a valid form, 1 with a message naming
    the file, the place, the problem and the fix when it does not.
    """
    from .content import load_form
    form = load_form(content)
    click.echo(f"ok: {form.summary()}")


@main.command()
def schema():
    """Print the JSON Schema of content files (for editor autocompletion)."""
    from .content import schema_json
    click.echo(schema_json())


@main.command()
@click.argument("content", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--outdir", default=None, type=click.Path(file_okay=False),
              help="Folder to write into. Default: ./formgen-out")
@click.option("--format", "fmt", default="pdf", show_default=True,
              type=click.Choice(["pdf", "all"]), help="What to build.")
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
def build(content, outdir, fmt, force):
    """Build the fillable form(s) for CONTENT.

    Writes <form-id>.pdf into OUTDIR. An existing file is never
    overwritten unless --force is given.
    """
    from .build import DEFAULT_OUTDIR, FORMATS
    from .build import build as _build
    from .content import load_form
    form = load_form(content)
    formats = list(FORMATS) if fmt == "all" else [fmt]
    for path in _build(form, outdir or DEFAULT_OUTDIR, formats=formats, force=force):
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
