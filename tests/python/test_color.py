# SPDX-License-Identifier: Apache-2.0
"""Colour spaces, transfer functions and the catalogues from Python, against published values and
against the library's own double-precision curves."""
import numpy as np
import pytest

import aceslab

# Published: ARRI LogC3 EI 800 code 0.391007 is 18 % grey (ARRI "ALEXA Log C Curve", table 2).
LOGC3_GREY_CODE = 0.391007
# Published: ACEScct of 0.18 = (log2(0.18) + 9.72) / 17.52 (S-2016-001).
ACESCCT_GREY = (np.log2(0.18) + 9.72) / 17.52
FLOAT32_TOL = 2e-6  # float32 kernels against the published double values


def test_version_is_the_project_version():
    assert aceslab.__version__.count(".") == 2
    assert all(part.isdigit() for part in aceslab.__version__.split("."))


def test_catalogues_are_complete_and_typed():
    spaces = aceslab.color_spaces()
    assert {"aces2065-1", "acescg", "acescct", "logc3-ei800-awg3", "slog3-sgamut3"} <= {cs.id for cs in spaces}
    assert all(isinstance(cs, aceslab.ColorSpace) for cs in spaces)
    tfs = {tf.id for tf in aceslab.transfer_functions()}
    assert {cs.transfer for cs in spaces} <= tfs
    ots = aceslab.output_transforms()
    assert len(ots) == 54  # every ACES 2.0 Output of the Academy registry
    assert len({o.transform_id for o in ots}) == 54


def test_transfer_functions_match_published_values():
    assert aceslab.to_linear(np.array([LOGC3_GREY_CODE]), "logc3-ei800")[0] == pytest.approx(0.18, abs=1e-6)
    assert aceslab.to_code(np.array([0.18]), "acescct")[0] == pytest.approx(ACESCCT_GREY, abs=1e-12)
    f32 = aceslab.to_code(np.array([0.18], dtype=np.float32), "acescct")
    assert f32.dtype == np.float32 and f32[0] == pytest.approx(ACESCCT_GREY, abs=FLOAT32_TOL)


@pytest.mark.parametrize("tf", [t.id for t in aceslab.transfer_functions()])
def test_every_curve_round_trips_and_float32_matches_float64(tf, rng):
    info = {t.id: t for t in aceslab.transfer_functions()}[tf]
    lo, hi = info.code_domain
    codes = rng.uniform(lo, hi, 2000)
    linear = aceslab.to_linear(codes, tf)
    assert np.allclose(aceslab.to_code(linear, tf), codes, atol=1e-9)
    f32 = aceslab.to_linear(codes.astype(np.float32), tf)
    assert np.allclose(f32, linear, rtol=1e-5, atol=1e-6)


def test_convert_logc3_grey_and_shapes():
    out = aceslab.convert([[LOGC3_GREY_CODE] * 3], "logc3-ei800-awg3", "aces2065-1")
    assert out.dtype == np.float32 and out.shape == (1, 3)
    assert np.allclose(out, 0.18, atol=1e-5)
    img = np.full((5, 7, 3), LOGC3_GREY_CODE, np.float32)
    assert aceslab.convert(img, "logc3-ei800-awg3", "acescg").shape == (5, 7, 3)


def test_convert_round_trip_inplace_and_threads(rng):
    aces = rng.uniform(0, 4, (300, 200, 3)).astype(np.float32)
    work = aces.copy()
    same = aceslab.convert(work, "aces2065-1", "acescct", inplace=True, threads=2)
    assert same is work
    back = aceslab.convert(work, "acescct", "aces2065-1", threads=1)
    assert np.allclose(back, aces, rtol=1e-5, atol=1e-6)


def test_convert_errors_are_aceslab_errors():
    with pytest.raises(aceslab.UsageError) as e:
        aceslab.convert([[0.1, 0.2, 0.3]], "not-a-space", "acescg")
    assert "not-a-space" in str(e.value) and e.value.kind == "usage"
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        aceslab.convert(np.zeros((4, 4)), "acescg", "aces2065-1")
    with pytest.raises(TypeError, match="float32"):
        aceslab.convert(np.zeros((4, 3)), "acescg", "aces2065-1", inplace=True)
