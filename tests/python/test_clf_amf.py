# SPDX-License-Identifier: Apache-2.0
"""CLF read/apply/write and AMF read/validate/write from Python: written files read back by
OpenColorIO, the shared CLF conformance files, and AMF findings with their stable ids."""
import numpy as np
import pytest

import aceslab

LOG_DECODE_TOL = 2e-6  # the CLF writer's exact Log/baked curves against the library (clf/writer.h)


def test_write_clf_then_apply_through_ocio(tmp_path, rng):
    path = tmp_path / "slog3_to_aces.clf"
    aceslab.write_clf(path, [{"convert": ["slog3-sgamut3", "aces2065-1"]}], name="S-Log3 to ACES",
                      aces_transform_id="urn:example:test", info={"Generator": "pytest"})
    info = aceslab.read_clf(path)
    assert info["name"] == "S-Log3 to ACES" and info["aces_transform_id"] == "urn:example:test"
    codes = rng.uniform(0.1, 0.9, (1000, 3)).astype(np.float32)
    via_ocio = aceslab.apply_clf(codes, path)
    direct = aceslab.convert(codes, "slog3-sgamut3", "aces2065-1")
    assert np.allclose(via_ocio, direct, rtol=1e-5, atol=LOG_DECODE_TOL)
    with pytest.raises(aceslab.FileError, match="exists"):
        aceslab.write_clf(path, [{"matrix": np.eye(3).tolist()}])
    aceslab.write_clf(path, [{"matrix": (2 * np.eye(3)).tolist(), "offset": [0.1, 0, 0]}], force=True)
    assert np.allclose(aceslab.apply_clf([[0.25, 0.5, 1.0]], path), [[0.6, 1.0, 2.0]])


def test_write_clf_lut3d_indexing(tmp_path):
    n = 5
    grid = np.linspace(0, 1, n, dtype=np.float32)
    r, g, b = np.meshgrid(grid, grid, grid, indexing="ij")
    swap = np.stack([b, g, r], axis=-1)  # a LUT that swaps red and blue, indexed [r, g, b]
    path = tmp_path / "swap.clf"
    aceslab.write_clf(path, [{"lut3d": swap}])
    assert np.allclose(aceslab.apply_clf([[0.2, 0.5, 0.9]], path), [[0.9, 0.5, 0.2]], atol=1e-6)


def test_clf_conformance_files(shared):
    legal = shared / "reference" / "clf" / "legal-and-illegal"
    illegal = sorted((legal / "illegal").glob("*.clf"))
    assert illegal, "conformance files missing"
    for f in illegal:
        with pytest.raises(aceslab.Error):
            aceslab.apply_clf([[0.5, 0.5, 0.5]], f)
    xxe = shared / "reference" / "clf" / "legal-and-illegal"
    for f in sorted(p for p in xxe.glob("*.clf"))[:10]:
        aceslab.read_clf(f)


def make_recipe(tmp_path):
    look = tmp_path / "look.clf"
    aceslab.write_clf(look, [{"cdl": {"slope": [1.1, 1.0, 0.9], "saturation": 0.9}}])
    amf = tmp_path / "shot.amf"
    result = aceslab.write_amf(amf, input="urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1",
                               looks=[look, {"cdl": {"slope": [1.05, 1, 1], "saturation": 1.1}}],
                               output="rec709-bt1886-100nit", description="pytest shot",
                               authors=[("Ada", "ada@example.com")], clip_name="A001C003")
    return amf, look, result


def test_write_read_validate_amf(tmp_path):
    amf, look, result = make_recipe(tmp_path)
    assert result["valid"], result["findings"]
    doc = aceslab.read_amf(amf)
    assert doc["amf_version"] == "2.0" and doc["info"]["description"] == "pytest shot"
    assert doc["info"]["authors"] == [{"name": "Ada", "email": "ada@example.com"}]
    p = doc["pipeline"]
    assert p["input"]["transform_id"].endswith("CSC.Arri.LogC3_to_ACES.a2.v1")
    assert p["looks"][0]["file"] == "look.clf" and p["looks"][0]["hash"]["algorithm"] == "sha256"
    assert p["looks"][0]["resolved"] == str(look)
    assert p["looks"][1]["cdl"]["slope"] == [1.05, 1.0, 1.0]
    assert p["output"]["transform_id"].endswith("Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1")
    assert [f for f in aceslab.validate_amf(amf) if f["severity"] == "error"] == []


def test_validate_reports_a_changed_file_by_id_and_line(tmp_path):
    amf, look, _ = make_recipe(tmp_path)
    look.write_text(look.read_text().replace("1.1", "1.2"))
    findings = aceslab.validate_amf(amf)
    errors = [f for f in findings if f["severity"] == "error"]
    assert [f["name"] for f in errors] == ["hash-mismatch"]
    e = errors[0]
    assert e["id"].startswith("AMF-E") and e["line"] > 0 and e["message"]
    assert set(e) >= {"id", "severity", "line", "message"}


def test_amf_errors_carry_file_and_line(tmp_path):
    bad = tmp_path / "bad.amf"
    bad.write_text('<?xml version="1.0"?>\n<aces:acesMetadataFile xmlns:aces="urn:ampas:aces:amf:v2.0">\n<unclosed>\n')
    with pytest.raises(aceslab.InvalidInputError) as e:
        aceslab.read_amf(bad)
    assert e.value.path == str(bad) and str(bad) in str(e.value)
    with pytest.raises(aceslab.FileError):
        aceslab.read_amf(tmp_path / "missing.amf")


def test_ocio_config_from_python(tmp_path):
    amf, _, _ = make_recipe(tmp_path)
    r = aceslab.ocio_config(tmp_path / "shot.ocio", amf=[amf])
    assert r["ocio_profile_version"] == "2.4" and (tmp_path / "shot.ocio").is_file()
    views = {(v["display"], v["view"]): v for v in r["views"]}
    assert not views[("Rec.1886 Rec.709 - Display", "ACES 2.0 - SDR 100 nits (Rec.709)")]["baked"]
    assert views[("Rec.1886 Rec.709 - Display", "shot - ACES 2.0 - SDR 100 nits (Rec.709)")]["looks"]
    with pytest.raises(aceslab.FileError):
        aceslab.ocio_config(tmp_path / "shot.ocio", amf=[amf])
