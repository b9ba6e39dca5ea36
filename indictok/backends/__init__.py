"""Adapters that put each library's output into `Token`s: one module per library family
(ours, openai, spm), each loaded from files in tokenizers_store/ with no network access,
behind one protocol (`Backend`) that states what the tokenizer is. No caller branches on a
family: it asks the backend.

Not here: which tokenizers exist (catalog.py) and anything about display.
"""

from . import vendors as vendors
from .base import Backend as Backend
from .base import ByteTokenTable as ByteTokenTable
from .base import map_in_slices as map_in_slices
from .files import describe_model_file as describe_model_file
from .hf import HFTokenizerBackend as HFTokenizerBackend
from .ids import check_ids as check_ids
from .ids import parse_ids as parse_ids
from .openai import OPENAI_ENCODINGS as OPENAI_ENCODINGS
from .openai import openai_backend as openai_backend
from .ours import IndicBPEBackend as IndicBPEBackend
from .ranks import RankEncoding as RankEncoding
from .ranks import TiktokenBackend as TiktokenBackend
from .ranks import tiktoken_ranks as tiktoken_ranks
from .spm import SentencePieceBackend as SentencePieceBackend
