"""The job a child process runs for the Lab (indictok/jobs.py runs `lab.train_job`): read
the corpus, train, measure, pack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .corpus import read_source
from .packing import backend_of, measured, readme, write_zip
from .replay import sample_steps
from .training import Settings, train


def train_job(
    emit: Callable[[int], None], source: tuple[str, str], settings: Settings, folder: str
) -> dict[str, Any]:
    """Everything a training does, in the child: read the corpus, train (`emit(merges done)`
    as it goes), measure, write the zip into `folder`. Returns what the page and `/train`
    show: the figures, the zip's path, the slider's steps and the .model file's bytes."""
    trained = train(read_source(source), settings, report=emit)
    backend = backend_of(trained)
    result = measured(trained, backend)
    path = write_zip(trained, readme(trained, result), Path(folder))
    model = Path(folder) / "yours.model"
    trained.tokenizer.save(model)
    return {
        "result": result,
        "zip": str(path),
        "steps": sample_steps(trained.tokenizer, trained.sample),
        "model": model.read_bytes(),
    }
