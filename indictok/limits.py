"""The package's limits below the app, numbers only, each with its reason: what an untrusted
file, a training or a child process may take. The web app's own limits are in app/limits.py.
"""

from __future__ import annotations

# A tokenizer file from outside (upload.py)
MAX_FILE_BYTES = 10 * 1024**2  # 10 MB: DeepSeek's tokenizer.json is 6 MB, the largest we know
MAX_VOCAB = 1_000_000  # vocabulary entries: above every open model's (o200k: 200k)
MAX_PATTERN_CHARS = 10_000  # a split pattern's regex: long enough for any real one
MAX_EXPANSION = 8  # a normaliser may make text at most this many times longer
MAX_SIDECAR_BYTES = 64 * 1024  # a tiktoken file's JSON sidecar (pattern, specials)
MAX_ID_DIGITS = 9  # of one typed token id: the largest vocabulary here has 6-digit ids

# Training in the Lab (lab/, jobs.py)
MAX_CORPUS_BYTES = 20_000_000  # UTF-8 bytes of training text (pasted, uploaded or ours)
TIME_CAP_SECONDS = 120.0  # a training that runs longer is stopped and nothing is kept
MAX_UNSPLIT_LINE_BYTES = 10_000  # pattern none: a line is one chunk, rewritten by every merge
TRAINING_MEMORY_BYTES = 2 * 1024**3  # a training child's address space (20 MB trains in ~1 GB)
GRACE_SECONDS = 2.0  # past its time cap a job may still send its own, more precise message

# Uploaded tokenizers run in a child process (sandbox.py)
GRADE_SECONDS = 30.0  # load and grade one file (a 10 MB tokenizer.json loads in seconds)
ENCODE_SECONDS = 2.0  # one text on an uploaded tokenizer: this, plus ENCODE_SECONDS_PER_CHAR
ENCODE_SECONDS_PER_CHAR = 5e-5  # each character (100,000 characters: 7 s in all)
MAX_HELD = 16  # tokenizers the shared child holds at once (least recently used dropped first)
SANDBOX_MEMORY_BYTES = 2 * 1024**3  # its address space (DeepSeek's 6 MB tokenizer.json: 0.3 GB)
