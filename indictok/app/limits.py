"""What one request to the web app may ask for: numbers only, each with its reason, checked
before any work is done (request.py, urlguard.py, queueguard.py and the feature modules).

The engine tokenizes any text it is given; the app owns these limits (the CLI has its own).
Limits the package needs below the app (uploaded files, training, child processes) are in
indictok/limits.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..limits import MAX_CORPUS_BYTES

# One request's text and tokenizers (request.py, selection.py)
MAX_CHARS = 100_000  # characters of text per request: a long chapter, tokenized in seconds
MAX_BYTES = 400_000  # UTF-8 bytes of text per request (4 per character at most)
MAX_ENGLISH_CHARS = 100_000  # of the English original, as long as the text it translates
MAX_TOKENIZERS = 12  # distinct tokenizers per request: every card on the page, and some
MAX_LOOKUP_CHARS = 200  # of a token lookup's query: longer than any token
MAX_LOOKUP_MATCHES = 50  # vocabulary entries a text lookup lists
MAX_DECODE_IDS = 200_000  # ids one decode call takes: a MAX_CHARS text's tokens, and more
MAX_DECODE_OUTPUT_BYTES = 1_000_000  # text one decode call returns
MAX_EXPORT_ROWS = 400_000  # tokens summed over the exported tokenizers
EXPORT_TTL_SECONDS = 600  # an export's folder is kept this long for its download

# A visitor's own tokenizers (own.py), uploaded or trained
MAX_OWN_PER_VISITOR = 8  # a visitor's own tokenizers kept, and added to one request's cards
MAX_OWN = 64  # visitors' own tokenizers kept app-wide ...
MAX_OWN_BYTES = 640_000_000  # ... and their estimated memory (an upload: its file + tables)
OWN_IDLE_SECONDS = 3600.0  # one is dropped after this long unused

# HTTP, before Gradio sees a request (urlguard.py)
MAX_BODY_BYTES = 2_000_000  # any HTTP request body but an upload
MAX_QUERY_BYTES = 8_192  # a URL's query string (permalinks)
MAX_PATH_BYTES = 2_048  # a URL's path


@dataclass(frozen=True)
class UploadLimits:
    """What one visitor may upload: one file per request, as large as the largest feature
    takes, the Lab's training corpus (the Grader's tokenizer file is checked again at 10 MB:
    each feature checks its own size)."""

    files_per_request: int = 1
    bytes_per_file: int = MAX_CORPUS_BYTES
    requests_per_minute: int = 10  # per visitor
    bytes_per_minute: int = 45_000_000  # per visitor: two corpora a minute

    @property
    def body_bytes(self) -> int:
        return self.files_per_request * self.bytes_per_file + 64_000  # + multipart headers


UPLOADS = UploadLimits()  # the bounds urlguard.py and the upload fields read
MAX_NAME_CHARS = 80  # of an uploaded file's name, as shown

# Work: the app-wide workers (scheduler.py) and Gradio's queue (queueguard.py)
WORKERS = 2  # requests that tokenize at the same time, app-wide (the Space has 2 cores)
BUSY_WAIT_SECONDS = 20.0  # a request waits this long for a worker, then is refused
# Fair scheduling: a request's cost is characters × tokenizers (scheduler.cost).
LIGHT_COST = 20_000  # a few paragraphs: light requests go first and may always use a worker
HEAVY_WORKERS = WORKERS - 1  # large ones never hold the last worker
HEAVY_PER_VISITOR = 2  # large API requests one visitor may have waiting or running
HEAVY_QUEUED = 24  # large API requests waiting or running, app-wide
MAX_QUEUED = 256  # events waiting in Gradio's queue, app-wide (light ones are quick)
# Finished API results nobody fetched (/gradio_api/call/<name> then never read)
RESULT_TTL_SECONDS = 20.0  # a result is dropped this long after it is ready
RESULTS_PER_VISITOR = 8  # unread results kept per visitor, the oldest dropped first
# Memory a result holds, estimated as RESULT_MEMORY_PER_JSON_BYTE × its JSON size (a token id
# is ~6 bytes of JSON and ~36 bytes as a Python int in a list)
RESULT_MEMORY_PER_JSON_BYTE = 8
RESULT_BYTES_PER_VISITOR = 64_000_000  # unread results' estimated memory, per visitor ...
RESULT_BYTES_TOTAL = 160_000_000  # ... and app-wide
# Identical requests answered from memory (cache.py)
CACHE_ENTRIES = 32  # answers kept ...
CACHE_BYTES = 48_000_000  # ... and their estimated memory (one larger than a quarter: not kept)

# Messages
ECHO_CHARS = 200  # of a refused value, repeated in a message
MAX_MESSAGE_CHARS = 600  # of an error's message shown: no refused value comes back whole

# Uploaded tokenizer files are graded in child processes (sandbox.py), outside the workers:
GRADINGS_AT_ONCE = 2  # app-wide; a visitor has at most one at a time
GRADING_WAIT_SECONDS = 20.0  # a grading waits this long for its turn, then is refused

# The Lab (lab_tab.py): trainings run one at a time, in a child process
MAX_WAITING_TRAININGS = 3  # trainings waiting for their turn, app-wide; more are refused
LAB_FOLDER_MAX_AGE = 3600.0  # a session's Lab folder (its zip) is kept at most this long ...
LAB_API_MAX_AGE = 600.0  # ... and an API call's
