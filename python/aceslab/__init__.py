# SPDX-License-Identifier: Apache-2.0
"""aceslab: ACES 2 colour pipelines from Python.

The C++ library behind the ``aceslab`` command, on NumPy arrays and files:

* colour spaces and transfer functions: :func:`color_spaces`, :func:`transfer_functions`,
  :func:`convert`, :func:`to_linear`, :func:`to_code`;
* the ACES 2.0 Output Transform, forward and inverse, every preset of the Academy registry:
  :func:`output_transforms`, :func:`output_transform`;
* CLF: :func:`read_clf`, :func:`apply_clf`, :func:`write_clf`;
* AMF: :func:`read_amf`, :func:`validate_amf`, :func:`write_amf`;
* the makers: :func:`make_lmt` (show LUT -> ACES 2.0 LMT), :func:`make_idt` (chart -> IDT), and
  :func:`colorchecker_reference` (the chart's ACES values under an illuminant);
* OpenColorIO configs for Nuke, Blender, Maya: :func:`ocio_config`.

Arrays of RGB triplets have shape (..., 3) and come back as float32 (``inplace=True`` works on the
caller's float32 array without a copy). Heavy calls release the GIL and use every core unless
``threads=`` says otherwise. Failures raise :class:`aceslab.Error` (see :mod:`aceslab.errors`)
with the messages the command line prints.

>>> import aceslab, numpy as np
>>> aceslab.__version__ == aceslab.__version__.strip()
True
>>> plate = np.full((4, 4, 3), 0.391, dtype=np.float32)            # LogC3 EI800 grey
>>> aces = aceslab.convert(plate, "logc3-ei800-awg3", "aces2065-1")
>>> video = aceslab.output_transform(aces, "rec709-bt1886-100nit")
>>> video.shape, video.dtype
((4, 4, 3), dtype('float32'))
"""

from dataclasses import dataclass, field
from typing import List, Tuple

from . import errors
from ._aceslab import (
    __git_describe__,
    __version__,
    apply_clf,
    colorchecker_reference,
    convert,
    data_dir,
    make_idt,
    make_lmt,
    ocio_config,
    output_transform,
    read_amf,
    read_clf,
    to_code,
    to_linear,
    validate_amf,
    write_amf,
    write_clf,
)
from ._aceslab import _color_spaces, _output_transforms, _transfer_functions
from .errors import Error, FileError, InvalidInputError, UnsupportedError, UsageError

Chromaticities = dict  # {"red": (x, y), "green": (x, y), "blue": (x, y), "white": (x, y)}


@dataclass(frozen=True)
class ColorSpace:
    """A colour space of the core: a transfer function plus a gamut, with its ACES CSC ids."""

    id: str
    name: str
    transfer: str
    primaries: Chromaticities
    adaptation_to_aces: str
    csc_to_aces_id: str
    csc_from_aces_id: str


@dataclass(frozen=True)
class TransferFunction:
    """A 1D curve between code values and scene-linear values (``to_linear``/``to_code``)."""

    id: str
    name: str
    code_domain: Tuple[float, float]


@dataclass(frozen=True)
class OutputTransformInfo:
    """One ACES 2.0 Output Transform preset of the Academy registry."""

    transform_id: str
    inverse_id: str
    alias: str
    user_name: str
    peak_luminance: float
    limiting: Chromaticities
    encoding: Chromaticities
    eotf: str
    d60_simulation: bool
    linear_scale: float
    short_aliases: List[str] = field(default_factory=list)


def color_spaces() -> List[ColorSpace]:
    """Every colour space ``convert`` accepts, in a stable order.

    >>> [cs.id for cs in color_spaces()][:3]                          # doctest: +SKIP
    ['aces2065-1', 'acescg', 'acescct']
    >>> any(cs.id == "logc3-ei800-awg3" for cs in color_spaces())
    True
    """
    return [ColorSpace(**d) for d in _color_spaces()]


def transfer_functions() -> List[TransferFunction]:
    """Every transfer function ``to_linear``/``to_code`` accept.

    >>> "acescct" in [tf.id for tf in transfer_functions()]
    True
    """
    return [TransferFunction(**d) for d in _transfer_functions()]


def output_transforms() -> List[OutputTransformInfo]:
    """Every ACES 2.0 Output Transform preset (54), with URNs, aliases and parameters.

    >>> ot = {o.alias: o for o in output_transforms()}["rec2100-pq-1000nit-p3"]
    >>> ot.peak_luminance, ot.eotf
    (1000.0, 'pq')
    """
    return [OutputTransformInfo(**d) for d in _output_transforms()]


__all__ = [
    "__version__", "Error", "UsageError", "FileError", "InvalidInputError", "UnsupportedError",
    "ColorSpace", "TransferFunction", "OutputTransformInfo",
    "color_spaces", "transfer_functions", "output_transforms", "data_dir",
    "convert", "to_linear", "to_code", "output_transform",
    "read_clf", "apply_clf", "write_clf", "read_amf", "validate_amf", "write_amf",
    "make_lmt", "make_idt", "colorchecker_reference", "ocio_config",
]
