# SPDX-License-Identifier: Apache-2.0
"""Every public name has a docstring with an example, and the self-contained examples run as
written (doctest; examples that need the user's own files are marked +SKIP)."""
import doctest
import os

import aceslab
import aceslab._aceslab
import aceslab.errors


def test_every_public_name_is_documented_with_an_example():
    missing = []
    for name in aceslab.__all__:
        obj = getattr(aceslab, name)
        if name.startswith("__") or isinstance(obj, str):
            continue
        doc = obj.__doc__ or ""
        if isinstance(obj, type) and issubclass(obj, Exception):
            ok = bool(doc.strip())  # the examples live in the module docstring of aceslab.errors
        elif isinstance(obj, type):
            ok = bool(doc.strip())
        else:
            ok = ">>>" in doc
        if not ok:
            missing.append(name)
    assert not missing, f"no docstring example: {missing}"


def test_examples_run(tmp_path):
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        failed = 0
        attempted = 0
        for module in (aceslab, aceslab.errors, aceslab._aceslab):
            r = doctest.testmod(module, extraglobs={"aceslab": aceslab}, optionflags=doctest.ELLIPSIS)
            failed += r.failed
            attempted += r.attempted
    finally:
        os.chdir(cwd)
    assert attempted >= 15
    assert failed == 0
