"""indictok: byte-level BPE tokenizers for Indian languages, and a comparison engine.

This is the public API:

>>> import indictok
>>> tok = indictok.load("hi")                  # our Hindi tokenizer (4,999 tokens)
>>> tok.encode_ordinary("नमस्ते दुनिया")
[297, 303, 2645, 1398]

Every shipped model splits text with SUPERWORD_PATTERN (version `indic-superword-v1`)
after NFC normalisation; INDIC_SPLIT_PATTERN (`indic-v1`) is the word-level pattern the
merges before the superword stage were learned with.
"""

from pathlib import Path

from .languages import LANGUAGES as LANGUAGES
from .pretokenize import INDIC_SPLIT_PATTERN as INDIC_SPLIT_PATTERN
from .pretokenize import PATTERN_VERSION as PATTERN_VERSION
from .pretokenize import SUPERWORD_PATTERN as SUPERWORD_PATTERN
from .pretokenize import SUPERWORD_PATTERN_VERSION as SUPERWORD_PATTERN_VERSION
from .pretokenize import normalize as normalize
from .pretokenize import split as split
from .store import STORE_DIR as STORE_DIR
from .store import model_file as _model_file
from .store import transformers_dir as _transformers_dir
from .token import Encoded as Encoded
from .token import Token as Token
from .tokenizer import ENDOFTEXT as ENDOFTEXT
from .tokenizer import IndicBPETokenizer as IndicBPETokenizer


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"no tokenizer for {lang!r}; languages: {', '.join(LANGUAGES)}")
    return lang


def model_path(lang: str = "hi") -> Path:
    """The `.model` file of our tokenizer for `lang` (a code such as "hi", "ta", "ur")."""
    return STORE_DIR / _model_file(_check_lang(lang))


def transformers_dir(lang: str = "hi") -> Path:
    """The folder `transformers.AutoTokenizer.from_pretrained` loads for `lang`; its
    tokenizer.json is the file `tokenizers.Tokenizer.from_file` loads."""
    return _transformers_dir(_check_lang(lang))


def load(lang: str = "hi") -> IndicBPETokenizer:
    """Our tokenizer for `lang`: load("hi").encode_ordinary("नमस्ते") -> [297, 303, 2645]."""
    path = model_path(lang)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; reinstall indictok or set INDICTOK_STORE")
    return IndicBPETokenizer.load(path)
