"""indictok: byte-level BPE tokenizers for Indian languages, and a comparison engine.

This is the public API:

>>> import indictok
>>> tok = indictok.load("hi")          # or "indic-bpe-hi": our Hindi tokenizer (4,999 tokens)
>>> tok.encode_ordinary("नमस्ते दुनिया")
[297, 303, 2645, 1398]

`load` returns an `Encoding` with tiktoken's methods, served by the compiled encoder when
it is built (else by tiktoken; the same ids); `load_reference` returns the pure-Python
reference implementation (IndicBPETokenizer), the readable specification of those ids.

Every shipped model splits text with SUPERWORD_PATTERN (version `indic-superword-v1`)
after NFC normalisation; INDIC_SPLIT_PATTERN (`indic-v1`) is the word-level pattern the
merges before the superword stage were learned with.
"""

from importlib import metadata as _metadata
from pathlib import Path

from .encoding import Encoding as Encoding
from .encoding import load as load
from .encoding import load_reference as load_reference
from .languages import LANGUAGES as LANGUAGES
from .paths import STORE_DIR as STORE_DIR
from .paths import model_file as _model_file
from .paths import transformers_dir as _transformers_dir
from .pretokenize import INDIC_SPLIT_PATTERN as INDIC_SPLIT_PATTERN
from .pretokenize import PATTERN_VERSION as PATTERN_VERSION
from .pretokenize import SUPERWORD_PATTERN as SUPERWORD_PATTERN
from .pretokenize import SUPERWORD_PATTERN_VERSION as SUPERWORD_PATTERN_VERSION
from .pretokenize import normalize as normalize
from .pretokenize import split as split
from .token import Encoded as Encoded
from .token import Token as Token
from .tokenizer import ENDOFTEXT as ENDOFTEXT
from .tokenizer import IndicBPETokenizer as IndicBPETokenizer

try:
    __version__ = _metadata.version("indictok")
except _metadata.PackageNotFoundError:  # a checkout used without `pip install -e .`
    __version__ = "0+unknown"


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
