# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures of the Python tests. CTest (tests/python/CMakeLists.txt) sets PYTHONPATH to the
built package and these variables; reference data comes from ../shared, never from the cwd."""
import os
import pathlib

import numpy as np
import pytest

SHARED = pathlib.Path(os.environ.get("ACESLAB_SHARED_DIR", pathlib.Path(__file__).parents[3] / "shared"))
SOURCE = pathlib.Path(os.environ.get("ACESLAB_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
BINARY = os.environ.get("ACESLAB_BINARY", "")


@pytest.fixture(scope="session")
def shared():
    return SHARED


@pytest.fixture(scope="session")
def source():
    return SOURCE


def read_vectors(name):
    """The OCIO 2.5 reference vectors of shared/reference/aces2/ocio (README-vectors.txt)."""
    path = SHARED / "reference" / "aces2" / "ocio" / name
    rows = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    return rows


@pytest.fixture
def rng():
    return np.random.default_rng(20260101)
