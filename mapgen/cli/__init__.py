"""The command line: one click group, a small module per command.

Thin on purpose: parse options, call the pipeline, and turn a MapgenError into a
message and exit code 1 here (:func:`run`), and nowhere else; usage errors exit 2.
Everything printed goes through :func:`echo`: in the editor's language
(:mod:`mapgen.messages`) and with control characters escaped (:mod:`mapgen.terminal`).
"""

from __future__ import annotations

import sys

import click

from ..errors import MapgenError, UsageError
from ..messages import choose, help_text, say
from ..paths import os_message
from ..terminal import echo as _terminal_echo

__all__ = ["main", "echo", "run"]

DATA = "data/initiatives.yaml"
OUT = "output/map.html"


def echo(text: str, err: bool = False) -> None:
    """The one way the CLI prints: in the editor's language, control characters escaped."""
    _terminal_echo(say(str(text)), err=err)


def run(fn):
    """Call ``fn``; a MapgenError becomes a message and exit 1 (UsageError: exit 2), here only."""
    try:
        return fn()
    except UsageError as exc:
        raise click.UsageError(say(str(exc))) from None
    except MapgenError as exc:
        echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # the file system refused something no check foresaw (a race, a full disk)
        name = f"{exc.filename}: " if exc.filename else ""
        echo(f"error: {name}{os_message(exc)}", err=True)
        sys.exit(1)


_run = run  # the name the command modules of sheets, draft and regions import


class _Translated:
    """Help in the editor's language: the command's and its options' texts from the catalogue."""

    def get_help(self, ctx: click.Context) -> str:
        saved = [(self, self.help)] + [(p, getattr(p, "help", None)) for p in self.get_params(ctx)]
        try:
            for obj, text in saved:
                if text is not None:
                    obj.help = help_text(text)
            return super().get_help(ctx)
        finally:
            for obj, text in saved:
                obj.help = text


class Command(_Translated, click.Command):
    pass


class _Escaped:
    """A stream that prints what click writes to it through :func:`echo`."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        echo(text.removesuffix("\n"), err=self._stream is sys.stderr)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False


class _Main(_Translated, click.Group):
    """The mapgen group: click's own messages (usage errors) are printed escaped and translated too;
    each command's module is imported when the command is used (click's lazy group pattern)."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _COMMANDS:
            import importlib

            module, attribute = _COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            if args is not None and any("\x00" in str(a) for a in args):
                # argv cannot hold NUL; through main([...]) it reached click.Path as a ValueError
                raise click.UsageError("an argument holds a NUL character (\\x00); no file name or option can")
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            exc.show(file=_Escaped(sys.stderr))
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _messages(_ctx, _param, value: str | None) -> str | None:
    choose(value)
    return value


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mapgen")
@click.option("--messages", type=click.Choice(["zh", "en"]), default=None, callback=_messages, is_eager=True,
              expose_value=False, help="Language of mapgen's messages (default: from the locale, LANG).")
def main() -> None:
    """Turn a city-by-city report into a self-contained interactive map.

    \b
    Typical use, in the project folder:
      mapgen check        validate data/initiatives.yaml and report
      mapgen build        write output/map.html
    """


# Each command's module, imported when the command is used (or help lists it): a build
# does not import the extractor, the preview server or the spreadsheet code.
_COMMANDS = {
    "check": ("mapgen.cli.check", "check"),
    "build": ("mapgen.cli.build", "build"),
    "geodata": ("mapgen.cli.geodata", "geodata"),
    "init": ("mapgen.regions.scaffold", "init_command"),
    "boundaries": ("mapgen.regions.command", "boundaries_command"),
    "export": ("mapgen.sheets.commands", "export"),
    "import": ("mapgen.sheets.commands", "import_"),
    "diff": ("mapgen.sheets.commands", "diff"),
    "extract": ("mapgen.draft.command", "extract_command"),
    "serve": ("mapgen.preview.command", "serve_command"),
}
