# SPDX-License-Identifier: Apache-2.0
"""The ACES 2.0 Output Transform from Python on the shared OpenColorIO 2.5 reference vectors, with the
tolerances of tests/aces2/output_transform_test.cpp, plus the array contract (copy / in place,
shapes, threads, GIL released)."""
import threading
import time

import numpy as np
import pytest

import aceslab
from conftest import read_vectors

FWD_MAX_TOL = 2e-3        # worst forward row, code values (as the C++ golden test)
FWD_TYPICAL_TOL = 5e-4    # ... for at least 99.9 % of the rows
ROUND_TRIP_TOL = 1e-3     # inverse -> forward on reachable code values
DARK_NITS = 0.01          # BT.1886 is ill-conditioned near 0: channels darker on both sides are exempt

PRESETS = {
    "rec709_fwd.csv": "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
    "srgb_fwd.csv": "rec709-srgb-100nit",
    "p3d65_48_fwd.csv": "p3d65-gamma2.6-48nit",
    "pq1000_p3_fwd.csv": "rec2100-pq-1000nit-p3",
}


@pytest.mark.parametrize("name,ot_id", PRESETS.items())
def test_forward_matches_ocio_reference(name, ot_id):
    v = read_vectors(name)
    aces = np.stack([v["aces_r"], v["aces_g"], v["aces_b"]], axis=-1).astype(np.float32)
    expected = np.stack([v["cv_r"], v["cv_g"], v["cv_b"]], axis=-1)
    got = aceslab.output_transform(aces, ot_id)
    err = np.abs(got - expected).max(axis=-1)
    assert err.max() <= FWD_MAX_TOL, (name, int(err.argmax()))
    assert np.mean(err <= FWD_TYPICAL_TOL) >= 0.999


def test_inverse_round_trips_reachable_values():
    v = read_vectors("rec709_inv.csv")
    cv = np.stack([v["cv_r"], v["cv_g"], v["cv_b"]], axis=-1).astype(np.float32)
    reach = v["category"] == "fwd_image"
    aces = aceslab.output_transform(cv[reach], "rec709-bt1886-100nit", inverse=True)
    again = aceslab.output_transform(aces, "rec709-bt1886-100nit")
    lit = np.maximum(cv[reach], again) ** 2.4 * 100 >= DARK_NITS
    assert np.abs(again - cv[reach])[lit].max() <= ROUND_TRIP_TOL
    # An InvOutput URN asks for the inverse by itself.
    inv_id = {o.alias: o for o in aceslab.output_transforms()}["rec709-bt1886-100nit"].inverse_id
    assert np.array_equal(aceslab.output_transform(cv[reach], inv_id), aces)


def test_copy_inplace_and_threads_agree(rng):
    aces = (rng.uniform(0, 1, (64, 96, 3)) * np.exp2(rng.uniform(-8, 6, (64, 96, 1)))).astype(np.float32)
    keep = aces.copy()
    copied = aceslab.output_transform(aces, "rec709-srgb-100nit", threads=1)
    assert np.array_equal(aces, keep), "copying mode must not touch the input"
    work = aces.copy()
    result = aceslab.output_transform(work, "rec709-srgb-100nit", inplace=True, threads=3)
    assert result is work
    assert np.array_equal(work, copied)
    as_list = aceslab.output_transform(aces.astype(np.float64).tolist(), "rec709-srgb-100nit")
    assert np.array_equal(as_list, copied)
    assert aceslab.output_transform(aces[0, 0], "rec709-srgb-100nit").shape == (3,)


def test_inplace_refuses_what_it_cannot_modify():
    with pytest.raises(TypeError):
        aceslab.output_transform(np.zeros((4, 3)), "srgb-100nit", inplace=True)  # float64
    with pytest.raises(TypeError):
        aceslab.output_transform(np.zeros((3, 4), np.float32).T, "srgb-100nit", inplace=True)  # not C-contiguous
    ro = np.zeros((4, 3), np.float32)
    ro.setflags(write=False)
    with pytest.raises(TypeError):
        aceslab.output_transform(ro, "srgb-100nit", inplace=True)
    with pytest.raises(aceslab.UsageError, match="no-such-display"):
        aceslab.output_transform(np.zeros((4, 3), np.float32), "no-such-display")


def test_gil_is_released_during_the_transform():
    # A Python thread keeps counting while the transform of a large buffer runs on one thread.
    big = np.full((1080, 1920, 3), 0.18, np.float32)
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.02)
    before = len(ticks)
    aceslab.output_transform(big, "rec709-bt1886-100nit", inplace=True, threads=1)
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during >= 5, f"the counting thread ran {during} times during the transform: GIL held?"
