"""The Lab's engine: train a visitor's own tokenizer on their text, watch BPE learn, and pack
it for download. No gradio here (the app's Train tab and `/train` call it; tests call it
directly; `python -m indictok train --text` reads its corpus the same way).

- corpus.py: `check_corpus`, `read_text_file` (a clear LabError for bad input),
  `split_heldout` (the last lines, a share of them, are kept out of training).
- training.py: `check_settings`; `train`, our recipe (indictok/recipe.py, the same as
  `python -m indictok train --text`), with a progress record, a cancel flag and a time cap
  (`StoppedError`); nothing is written.
- replay.py: `merges_table`, `sample_steps`: the merges in rank order, a sample's tokens after each.
- packing.py: `measured`, `write_zip`: held-out figures beside ours and o200k_base; every
  format we ship in one zip with a README.
- job.py: `train_job`, what the child process runs (indictok/jobs.py).
"""

from ..limits import MAX_CORPUS_BYTES as MAX_CORPUS_BYTES
from ..limits import TIME_CAP_SECONDS as TIME_CAP_SECONDS
from .corpus import LabError as LabError
from .corpus import check_corpus as check_corpus
from .corpus import corpus_language as corpus_language
from .corpus import corpus_lines as corpus_lines
from .corpus import read_source as read_source
from .corpus import read_text_file as read_text_file
from .corpus import split_heldout as split_heldout
from .corpus import training_file as training_file
from .corpus import training_languages as training_languages
from .job import train_job as train_job
from .packing import COMPARED as COMPARED
from .packing import FILES_NOTE as FILES_NOTE
from .packing import backend_of as backend_of
from .packing import heldout_report as heldout_report
from .packing import measured as measured
from .packing import readme as readme
from .packing import reference_report as reference_report
from .packing import write_zip as write_zip
from .replay import SAMPLE_CHARS as SAMPLE_CHARS
from .replay import chunk_history as chunk_history
from .replay import merges_table as merges_table
from .replay import sample_sentence as sample_sentence
from .replay import sample_steps as sample_steps
from .training import CANCELLED as CANCELLED
from .training import DEFAULT_HELDOUT as DEFAULT_HELDOUT
from .training import DEFAULT_VOCAB as DEFAULT_VOCAB
from .training import MAX_HELDOUT as MAX_HELDOUT
from .training import MAX_VOCAB as MAX_VOCAB
from .training import MIN_VOCAB as MIN_VOCAB
from .training import PATTERNS as PATTERNS
from .training import Progress as Progress
from .training import Settings as Settings
from .training import StoppedError as StoppedError
from .training import Trained as Trained
from .training import check_settings as check_settings
from .training import merges_sha256 as merges_sha256
from .training import recipe_for as recipe_for
from .training import train as train
