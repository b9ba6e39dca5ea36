"""indictok: byte-level BPE tokenizers for Indian languages, and a comparison engine.

This is the public API.
"""

from .pretokenize import INDIC_SPLIT_PATTERN as INDIC_SPLIT_PATTERN
from .pretokenize import normalize as normalize
from .pretokenize import split as split
from .token import Encoded as Encoded
from .token import Token as Token
from .tokenizer import IndicBPETokenizer as IndicBPETokenizer
