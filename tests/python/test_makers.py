# SPDX-License-Identifier: Apache-2.0
"""make_lmt and make_idt from Python give what the command gives (`--json`), and make_idt from
patch values recovers a known camera matrix."""
import json
import subprocess

import numpy as np
import pytest

import aceslab
from conftest import BINARY, SOURCE, SHARED

SAMPLE_LUT = SOURCE / "data" / "samples" / "show_logc3_to_rec709.cube"
MATRIX_RECOVERY_TOL = 1e-4   # noiseless synthetic patches: the fit must find the matrix
DELTA_E_NOISELESS = 1e-3


def lmt_command(args, output):
    """`aceslab lmt SAMPLE_LUT ARGS -o OUTPUT --json`, parsed."""
    run = subprocess.run([BINARY, "lmt", str(SAMPLE_LUT), *args, "-o", str(output), "--json", "-q"],
                         check=True, capture_output=True, text=True)
    return json.loads(run.stdout)


def test_make_lmt_matches_the_command(tmp_path):
    common = ["--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit", "--cube-size", "33"]
    py = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "py.clf",
                          amf=tmp_path / "py.amf", cube_size=33)
    cli = lmt_command(common, tmp_path / "cli.clf")
    assert py["verification"]["natural"] == cli["verification"]["natural"]
    assert py["verification"]["cube"]["samples"] == cli["verification"]["cube"]["samples"]
    assert py["amf"] == str(tmp_path / "py.amf")
    assert not [f for f in aceslab.validate_amf(tmp_path / "py.amf") if f["severity"] == "error"]
    with pytest.raises(aceslab.FileError):
        aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "py.clf", cube_size=33)
    with pytest.raises(aceslab.UsageError, match="no-such-space"):
        aceslab.make_lmt(SAMPLE_LUT, "no-such-space", "rec709-bt1886-100nit", tmp_path / "x.clf")
    assert py["node_space"] == cli["node_space"] == "display"


def test_make_lmt_node_space_and_fit_like_the_command(tmp_path):
    common = ["--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit", "--cube-size", "33",
              "--node-space", "acescct", "--fit", "none"]
    py = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "py.clf", cube_size=33,
                          node_space="acescct", fit="none")
    cli = lmt_command(common, tmp_path / "cli.clf")
    assert py["node_space"] == "acescct" and py["node_values"]["method"] == "point-samples"
    assert py["verification"]["natural"] == cli["verification"]["natural"]
    with pytest.raises(aceslab.UsageError, match="node space"):
        aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "y.clf", node_space="xyz")


def test_make_lmt_layout_like_the_command(tmp_path):
    common = ["--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit", "--cube-size", "33",
              "--layout", "merged", "--fit", "none"]
    py = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "py.clf", cube_size=33,
                          layout="merged", fit="none")
    cli = lmt_command(common, tmp_path / "cli.clf")
    assert py["layout"] == cli["layout"] == "merged"
    assert py["verification"]["natural"] == cli["verification"]["natural"]
    split = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "s.clf", fit="none")
    assert split["layout"] == "split"
    with pytest.raises(aceslab.UsageError, match="layout"):
        aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "y.clf", layout="sideways")


def test_make_idt_from_capture_matches_the_command(tmp_path):
    folder = SHARED / "reference" / "idt" / "idt-calculator-samples" / "synthetic_001"
    py = aceslab.make_idt(folder, tmp_path / "py.clf")
    cli = json.loads(subprocess.run([BINARY, "idt", str(folder), "-o", str(tmp_path / "cli.clf"), "--json", "-q"],
                                    check=True, capture_output=True, text=True).stdout)
    assert py["usable"] and py["clf"] == str(tmp_path / "py.clf")
    assert np.allclose(py["clf_matrix"], cli["clf_matrix"], rtol=0, atol=1e-9)
    assert py["mean_delta_e_2000"] == pytest.approx(cli["mean_delta_e_2000"], abs=1e-9)
    assert aceslab.read_clf(tmp_path / "py.clf")["node_types"]


def test_make_idt_from_patch_values_recovers_a_known_camera(tmp_path):
    # Reference ACES values of the chart under D55: what make_idt fits against. A synthetic camera
    # sees them through a known matrix and channel gains; the fit must undo both. The Academy
    # procedure balances on neutral 5, whose reference is only nearly neutral, so the matrix the
    # procedure can find exactly keeps both (1, 1, 1) and neutral 5 fixed: I + u v^T with v normal
    # to both (a full, non-trivial 3x3).
    reference = aceslab.colorchecker_reference("D55")
    assert reference.shape == (24, 3)
    n5 = reference[21]
    v = np.cross(np.ones(3), n5)
    v /= np.linalg.norm(v)
    truth = np.eye(3) + np.outer([0.35, -0.25, 0.4], v)
    gains = np.array([0.6, 1.0, 0.8])
    camera = (np.linalg.inv(truth) @ reference.T).T / gains
    r = aceslab.make_idt({"patches": camera, "illuminant": "D55", "camera": "Synthetic"}, tmp_path / "idt.clf")
    assert r["mean_delta_e_2000"] < DELTA_E_NOISELESS
    assert np.allclose(r["matrix"], truth, atol=MATRIX_RECOVERY_TOL)
    assert np.allclose([p["reference_aces"] for p in r["patches"]], reference)
    out = aceslab.apply_clf(camera.astype(np.float32), tmp_path / "idt.clf")
    assert np.allclose(out, reference, rtol=1e-4, atol=1e-5)
    with pytest.raises(aceslab.UsageError, match=r"\(24, 3\)"):
        aceslab.make_idt({"patches": np.ones((10, 3))}, tmp_path / "bad.clf")



def test_make_lmt_neutral_table_like_the_command(tmp_path):
    common = ["--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit", "--cube-size", "33",
              "--fit", "none", "--neutral-table", "none"]
    py = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "py.clf", cube_size=33,
                          fit="none", neutral_table="none")
    cli = lmt_command(common, tmp_path / "cli.clf")
    assert py["neutral_table"] is None and cli["neutral_table"] is None
    assert py["verification"]["natural"] == cli["verification"]["natural"]
    with_table = aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "t.clf",
                                  cube_size=33, fit="none")
    assert with_table["neutral_table"]["corrected"] > 0
    assert len(with_table["steps"]) == len(py["steps"]) + 3
    with pytest.raises(aceslab.UsageError, match="neutral_table"):
        aceslab.make_lmt(SAMPLE_LUT, "logc3-ei800-awg3", "rec709-bt1886-100nit", tmp_path / "y.clf", neutral_table="some")
