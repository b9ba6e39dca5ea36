"""The folder `transformers.AutoTokenizer.from_pretrained` loads: our HF export plus its config.

tokenizers_store/transformers/indic_bpe_<lang>/
  tokenizer.json           the HF `tokenizers` export (export.write_hf_tokenizer); the only copy
  tokenizer_config.json    PreTrainedTokenizerFast; eos = pad = <|endoftext|>; special-token
                           strings in text are ordinary text (`split_special_tokens`)
  special_tokens_map.json  eos and pad, for older transformers versions

`<|endoftext|>` is the only special token, so it serves as both end of text and padding: a
separate pad token would make the vocabulary 5,000. No token is added to encoded text
(`add_special_tokens` adds nothing), so ids equal our encoder's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .export import write_hf_tokenizer
from .tokenizer import ENDOFTEXT, IndicBPETokenizer


def tokenizer_config(tokenizer: IndicBPETokenizer) -> dict[str, object]:
    """The tokenizer_config.json of `tokenizer` (which must have <|endoftext|>)."""
    eos_id = tokenizer.special_tokens[ENDOFTEXT]
    flags = dict.fromkeys(("lstrip", "normalized", "rstrip", "single_word"), False)
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "eos_token": ENDOFTEXT,
        "pad_token": ENDOFTEXT,
        "bos_token": None,
        "unk_token": None,
        # The page, the CLI and our API read "<|endoftext|>" in text as text; so does this.
        # Pass split_special_tokens=False to a call to read it as the special token.
        "split_special_tokens": True,
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "model_max_length": 1_000_000_000,
        "added_tokens_decoder": {str(eos_id): {"content": ENDOFTEXT, **flags, "special": True}},
    }


def write_transformers_folder(tokenizer: IndicBPETokenizer, folder: str | Path) -> Path:
    """Write tokenizer.json, tokenizer_config.json and special_tokens_map.json into `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_hf_tokenizer(tokenizer, folder / "tokenizer.json")
    _write_json(folder / "tokenizer_config.json", tokenizer_config(tokenizer))
    special = {"eos_token": ENDOFTEXT, "pad_token": ENDOFTEXT}
    _write_json(folder / "special_tokens_map.json", special)
    return folder


def _write_json(path: Path, data: Mapping[str, object]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
