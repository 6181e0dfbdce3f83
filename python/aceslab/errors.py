# SPDX-License-Identifier: Apache-2.0
"""Exceptions raised by aceslab: the C++ library's errors with the same messages.

Every error is an :class:`aceslab.Error` carrying the message the command line prints, the kind
(``"usage"``, ``"io"``, ``"invalid_input"``, ``"unsupported"``, ``"internal"``) and where the
problem is (``path``, ``line``, ``element``). The subclasses also derive from the built-in
exception a Python caller would expect, so ``except ValueError`` catches an unknown colour space id.

>>> import aceslab
>>> try:
...     aceslab.convert([[0.18, 0.18, 0.18]], "no-such-space", "acescg")
... except aceslab.UsageError as e:
...     print(e.kind, isinstance(e, ValueError))
usage True
"""


class Error(Exception):
    """An aceslab failure. ``str(e)`` is the message, with the location prefix when there is one."""

    def __init__(self, message, kind="internal", path="", line=0, element="", detail=""):
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.line = line
        self.element = element
        self.detail = detail or message


class UsageError(Error, ValueError):
    """Something that does not exist was asked for: an unknown id, a bad option value."""


class FileError(Error, OSError):
    """A file could not be read or written (or would be overwritten without ``force=True``)."""


class InvalidInputError(Error, ValueError):
    """A file or value was read but is malformed."""


class UnsupportedError(Error, NotImplementedError):
    """Well-formed, but outside what aceslab handles."""
