"""Text bound for the terminal, made harmless and printable.

Data, file names and option values reach reports and error messages. A theme name
holding ``ESC [8m`` would hide every later line of ``mapgen check``; a right-to-left
override would reorder a file name; a byte that is not UTF-8 in a file name (kept by
Python as a lone surrogate) or a terminal that is not UTF-8 would crash the print.
:func:`escape` shows every such character as a visible escape (``\\x1b``, ``\\u202e``),
and :func:`echo` is the one way the command line prints.
"""

from __future__ import annotations

import re
import sys

import click

__all__ = ["escape", "echo", "TEXT"]

# C0 controls except newline and tab, DEL, C1 controls, the bidirectional embeddings,
# overrides and isolates, line/paragraph separators, and lone surrogates (undecodable
# bytes of a file name or an option).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")


def _show(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: object) -> str:
    """``text`` with every control, bidi-override and undecodable character shown as an escape.

    Newlines and tabs are kept (reports are several lines).

    >>> escape("theme \\x1b[8m hidden \\u202e")
    'theme \\\\x1b[8m hidden \\\\u202e'
    """
    return _UNSAFE.sub(_show, str(text))


def echo(text: object, *, err: bool = False) -> None:
    """Print one message, escaped, in whatever encoding the terminal has.

    A terminal that cannot show a character (``PYTHONIOENCODING=ascii``) gets a
    ``\\u`` escape for it instead of a crash.
    """
    stream = sys.stderr if err else sys.stdout
    safe = escape(text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        safe.encode(encoding)
    except LookupError:
        safe = safe.encode("ascii", "backslashreplace").decode("ascii")
    except UnicodeEncodeError:
        safe = safe.encode(encoding, "backslashreplace").decode(encoding)
    click.echo(safe, err=err)


class _Text(click.ParamType):
    """An option's text: refused (a usage error) if it holds bytes that are not UTF-8.

    Python keeps such bytes of the command line as lone surrogates, which no page, file
    or terminal can hold; a file name may keep them (the file system takes them back).
    """

    name = "text"

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            bad = _UNDECODED.search(value)
            if bad:
                self.fail(f"{escape(value)!s} holds a byte that is not UTF-8 ({escape(bad.group())}); "
                          "type it again as UTF-8 text", param, ctx)
        return value


_UNDECODED = re.compile("[\ud800-\udfff]")
TEXT = _Text()
