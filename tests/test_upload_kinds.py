"""upload_kinds.py: each kind's loader, and its refusals (whole files: test_upload.py)."""

from __future__ import annotations

import pytest

from indictok import upload_kinds
from indictok.upload import UploadError


@pytest.mark.fast
def test_every_kind_upload_tells_apart_has_a_loader() -> None:
    from indictok.upload import KINDS

    assert set(upload_kinds.LOADERS) == set(KINDS)


@pytest.mark.fast
def test_a_sidecar_gives_the_pattern_and_bad_json_is_refused() -> None:
    pattern, specials = upload_kinds.split_pattern('{"pat_str": "\\\\w+", "special_tokens": {}}')
    assert pattern == "\\w+" and specials == {}
    with pytest.raises(UploadError, match="the sidecar is not valid JSON"):
        upload_kinds.split_pattern('{"pat_str": ')
    with pytest.raises(UploadError, match="not a valid JSON file"):
        upload_kinds.LOADERS["tokenizer.json"]("x", b"{nope", "")
