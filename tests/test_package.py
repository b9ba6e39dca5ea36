"""The package as users get it: installed from a wheel, its exports, the transformers folders,
the special-token policy on every route, and the Space configuration the Hub reads."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib

import indictok
from indictok import paths
from indictok.tools import cli
from indictok.transformers_folder import tokenizer_config

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "भारत एक विशाल देश है।"
WITH_SPECIAL = "पहला <|endoftext|> दूसरा"
EOT = 4998

# ---- installed from a wheel, with only the declared dependencies ----------------------------


def _requirement_closure(names: list[str], extras: tuple[str, ...] = ()) -> set[str]:
    """The installed distributions `names` need, recursively: their own extras left out,
    the top level's `extras` (of indictok, which is not itself in the closure) taken in."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [(name, ("", *extras)) for name in names]
    while todo:
        text, wanted = todo.pop()
        requirement = Requirement(text)
        marker = requirement.marker
        if marker and not any(marker.evaluate({"extra": extra}) for extra in wanted):
            continue
        if requirement.name == "indictok":
            continue
        dist = metadata.distribution(requirement.name)
        if dist.metadata["Name"] not in seen:
            seen.add(dist.metadata["Name"])
            todo.extend((sub, ("",)) for sub in dist.requires or [])
    return seen


def _link_distributions(names: set[str], folder: Path) -> None:
    """Make `folder` an import path holding exactly these distributions (symlinks)."""
    folder.mkdir()
    for name in names:
        dist = metadata.distribution(name)
        for top in {Path(str(f)).parts[0] for f in dist.files or []}:
            source = Path(str(dist.locate_file(top)))
            if source.exists() and not (folder / top).exists() and top != "..":
                (folder / top).symlink_to(source)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built as `pip install .` builds it (the C extension too)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so")
    shutil.copytree(ROOT / "indictok", source / "indictok", ignore=ignore)
    shutil.copytree(paths.STORE_DIR, source / "tokenizers_store")
    shutil.copytree(paths.ASSETS_DIR, source / "assets")
    build = [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist")]
    subprocess.run([*build, str(source)], check=True, cwd=tmp)
    return next((tmp / "dist").glob("indictok-*.whl"))


PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment that imports indictok from a wheel of this checkout and nothing but its
    declared dependencies (`python -S`: no site-packages), run from an unrelated folder."""
    tmp = tmp_path_factory.mktemp("install")
    site = tmp / "site"
    subprocess.run([*PIP, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    declared = metadata.Distribution.at(next(site.glob("indictok-*.dist-info"))).requires
    deps = tmp / "deps"
    _link_distributions(_requirement_closure(list(declared or [])), deps)
    return {"PYTHONPATH": f"{site}:{deps}"}


def installed_process(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-S", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)


def run_installed(env: dict[str, str], *args: str, cwd: Path) -> str:
    done = installed_process(env, *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.store
def test_installed_command_encodes_like_the_exported_tokenizer_json(
    installed: dict[str, str], tmp_path: Path
) -> None:
    from tokenizers import Tokenizer

    out = run_installed(installed, "-m", "indictok", "encode", SENTENCE, cwd=tmp_path)
    hf = Tokenizer.from_file(str(indictok.transformers_dir("hi") / "tokenizer.json"))
    assert json.loads(out) == hf.encode(SENTENCE).ids == [3300, 446, 706, 424, 799, 3998]
    decoded = run_installed(installed, "-m", "indictok", "decode", out, cwd=tmp_path)
    assert decoded == SENTENCE + "\n"


@pytest.mark.store
def test_installed_package_loads_from_its_own_files(
    installed: dict[str, str], tmp_path: Path
) -> None:
    code = "import indictok; print(indictok.STORE_DIR); print(indictok.load('ta').vocab_size)"
    store, vocab = run_installed(installed, "-c", code, cwd=tmp_path).split()
    assert Path(store).parts[-2:] == ("indictok", "tokenizers_store")
    assert not Path(store).is_relative_to(ROOT) and vocab == "4999"


@pytest.mark.store
def test_installed_eval_measures_a_file(installed: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "sample.txt").write_text(SENTENCE + "\nनमस्ते\n", encoding="utf-8")
    args = ["-m", "indictok", "eval", "sample.txt", "--tokenizers", "indic-bpe-hi,o200k_base"]
    rows = run_installed(installed, *args, cwd=tmp_path).splitlines()[1:]
    assert [row.split()[1] for row in rows] == ["indic-bpe-hi", "o200k_base"]
    assert rows[0].split()[7] == "9" and rows[0].endswith("ok")  # 6 + 3 tokens


@pytest.mark.store
def test_installed_without_extras_says_which_extra_to_install(
    installed: dict[str, str], tmp_path: Path
) -> None:
    args = ["-m", "indictok", "encode", "--tokenizer", "spm-bpe-hi", "x"]
    done = installed_process(installed, *args, cwd=tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip() == (
        "error: this needs the Python package 'sentencepiece': pip install 'indictok[compare]'"
    )


@pytest.fixture(scope="module")
def app_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding the wheel, as `pip install "indictok[app]"` makes it: the wheel
    installed by the venv's own pip; its dependencies (app extra, which takes compare) are this
    environment's copies, linked in through a .pth file (nothing is downloaded)."""
    tmp = tmp_path_factory.mktemp("venv")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = [*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True)
    declared = metadata.Distribution.at(
        next(venv.glob("lib/python*/site-packages/indictok-*.dist-info"))
    ).requires
    deps = tmp / "deps"
    _link_distributions(_requirement_closure(list(declared or []), ("app", "compare")), deps)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    return venv


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, server: subprocess.Popen, seconds: float) -> str:
    """The body at `url`, retried while `server` starts, for at most `seconds`."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.5)


@pytest.mark.app
def test_the_installed_app_serves_the_page_from_the_wheel(app_venv: Path, tmp_path: Path) -> None:
    """`pip install "indictok[app]"`, then `indictok --version` and `indictok serve`: the page,
    its script and style come from the installed package, not from this checkout."""
    command = app_venv / "bin" / "indictok"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "GRADIO_TEMP_DIR": str(tmp_path / "gradio"),
    }
    version = subprocess.run(
        [command, "--version"], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert version.stdout == f"indictok {metadata.version('indictok')}\n"
    port = _free_port()
    args = [command, "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(args, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        page = _get(f"http://127.0.0.1:{port}/", server, seconds=120)
        config = _get(f"http://127.0.0.1:{port}/config", server, seconds=10)
    except OSError as e:
        server.kill()
        raise AssertionError(f"{e}; the server said: {server.communicate()[1][-2000:]}") from e
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert page.startswith("<!doctype html>") and '"title":"Indic Tokenizer Lab"' in config
    assert "const CONFIG" in config and "itl-card" in config  # the page script, from the wheel
    built = shutil.which("cc") or shutil.which("gcc")  # pip compiled the encoder into the wheel
    route = "the compiled two-stage encoder (built when indictok was installed)"
    assert f"encoded here by {route if built else 'tiktoken'}" in config
    assert str(ROOT) not in config


@pytest.mark.app
def test_the_installed_package_is_typed(app_venv: Path, tmp_path: Path) -> None:
    """mypy reads the installed package's annotations (py.typed), not `Any`."""
    code = "import indictok\nreveal_type(indictok.load)\n"
    python = str(app_venv / "bin" / "python")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-executable",
            python,
            "--no-incremental",
            "--follow-imports=silent",
            "-c",
            code,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    revealed = 'Revealed type is "def (name: str =) -> indictok.encoding.Encoding"'
    assert revealed in checked.stdout and checked.returncode == 0, checked.stdout


@pytest.mark.fast
def test_the_command_is_declared_and_every_subpackage_is_shipped() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"indictok": "indictok.tools.cli:main"}
    packages = set(project["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "indictok").rglob("__init__.py")
    }
    assert on_disk <= packages, f"add {sorted(on_disk - packages)} to pyproject.toml packages"


@pytest.mark.store
def test_every_command_and_option_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {
        "list",
        "encode",
        "decode",
        "eval",
        "report",
        "leaderboard",
        "ablation",
        "grade",
        "train",
        "train-lid",
        "import-vendors",
        "static",
        "serve",
    }
    for name, command in commands.choices.items():
        assert command.description, name
        for action in command._actions:
            assert action.help, f"{name} {action.dest} has no help"
    writers = ["eval", "report", "leaderboard", "ablation"]
    for name in writers:  # one convention: print, and write the docs only when asked
        assert "--write-docs" in commands.choices[name]._option_string_actions
    cli.main(["list"])
    assert capsys.readouterr().out.split("\n")[0].split()[:3] == ["indic-bpe-hi", "ours", "hi"]


@pytest.mark.store
def test_cli_reads_stdin_as_echo_writes_it_and_ends_decoded_text_with_a_newline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    for argv, expected in [
        (["encode"], [3300, 446, 706, 424, 799, 3998]),
        (["encode", "--keep-newline"], [3300, 446, 706, 424, 799, 3998, 10]),
    ]:
        monkeypatch.setattr("sys.stdin", io.StringIO(SENTENCE + "\n"))
        cli.main(argv)
        assert json.loads(capsys.readouterr().out) == expected
    cli.main(["decode", "3300 446"])
    assert capsys.readouterr().out == "भारत एक\n"


@pytest.mark.fast
def test_version_comes_from_the_package_metadata_and_help_says_each_default_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert indictok.__version__ == metadata.version("indictok")
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"indictok {indictok.__version__}\n"
    with pytest.raises(SystemExit):
        cli.main(["encode", "--help"])
    options = capsys.readouterr().out.split("\n  -")[1:]  # one block per option
    assert any(option.startswith("-threads") for option in options)
    for option in options:
        assert option.count("default") <= 1, option
    assert (ROOT / "indictok" / "py.typed").is_file()


# ---- where the files are ------------------------------------------------------------------


@pytest.mark.store
def test_store_dir_is_the_env_var_then_the_installed_copy_then_the_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INDICTOK_STORE", str(tmp_path))
    assert paths.store_dir() == tmp_path
    monkeypatch.delenv("INDICTOK_STORE")
    monkeypatch.setattr(paths, "INSTALLED_STORE", tmp_path / "missing")
    assert paths.store_dir() == ROOT / "tokenizers_store"
    monkeypatch.setattr(paths, "INSTALLED_STORE", tmp_path)
    assert paths.store_dir() == tmp_path


@pytest.mark.store
def test_load_takes_every_language_and_every_name_we_list() -> None:
    from indictok import catalog

    for lang in indictok.LANGUAGES:
        tok = indictok.load(lang)
        assert (tok.name, tok.n_vocab, tok.special_tokens_set) == (
            f"indic-bpe-{lang}",
            4999,
            {"<|endoftext|>"},
        )
    ours = [spec.name for spec in catalog.SPECS.values() if spec.ours]
    assert len(ours) == len(indictok.LANGUAGES)
    for name in ours:
        assert indictok.load(name) is indictok.load(name.removeprefix("indic-bpe-"))
        assert indictok.load_reference(name).name == name
    with pytest.raises(ValueError, match="languages: hi, mr"):
        indictok.load("xx")
    with pytest.raises(ValueError, match="unknown tokenizer 'gpt2'"):
        indictok.load("gpt2")


@pytest.mark.corpus
def test_the_exported_pattern_is_the_one_the_shipped_models_use(eval_lines: list[str]) -> None:
    """tiktoken built from the exported pattern and the rank file gives our ids on every
    FLORES and Wikipedia line (the word-level INDIC_SPLIT_PATTERN does not)."""
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe

    hindi = indictok.load("hi")
    assert hindi.pattern_version == indictok.SUPERWORD_PATTERN_VERSION == "indic-superword-v1"
    ranks = load_tiktoken_bpe(str(indictok.STORE_DIR / "indic_bpe_hi.tiktoken"))
    encodings = {
        pattern: tiktoken.Encoding(
            name=f"t{n}", pat_str=pattern, mergeable_ranks=ranks, special_tokens={}
        )
        for n, pattern in enumerate([indictok.SUPERWORD_PATTERN, indictok.INDIC_SPLIT_PATTERN])
    }
    lines = [indictok.normalize(line) for line in eval_lines]
    expected = hindi.to_tiktoken().encode_ordinary_batch(lines)
    assert encodings[indictok.SUPERWORD_PATTERN].encode_ordinary_batch(lines) == expected
    assert encodings[indictok.INDIC_SPLIT_PATTERN].encode_ordinary_batch(lines) != expected


# ---- transformers folders -----------------------------------------------------------------


@pytest.mark.store
def test_every_language_has_a_transformers_folder_that_pads_with_endoftext() -> None:
    from transformers import AutoTokenizer

    assert not list(paths.STORE_DIR.glob("*tokenizer.json")), "one tokenizer.json per language"
    for lang in indictok.LANGUAGES:
        ours = indictok.load(lang)
        folder = indictok.transformers_dir(lang)
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        assert config == json.loads(json.dumps(tokenizer_config(ours.reference)))
        tok = AutoTokenizer.from_pretrained(str(folder))
        assert (len(tok), tok.eos_token_id, tok.pad_token_id) == (4999, EOT, EOT)
        sample = "नमस्ते दुनिया 2024"
        batch = tok([sample, "a"], padding=True)
        assert batch["input_ids"][0] == ours.encode_ordinary(sample)
        padding = len(batch["input_ids"][0]) - 1
        assert batch["input_ids"][1] == ours.encode_ordinary("a") + [EOT] * padding
        assert batch["attention_mask"][1] == [1] + [0] * padding


@pytest.mark.store
def test_the_folder_export_is_what_training_writes(tmp_path: Path) -> None:
    from indictok.transformers_folder import write_transformers_folder

    folder = write_transformers_folder(indictok.load_reference("hi"), tmp_path / "hi")
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        assert (folder / name).read_bytes() == (indictok.transformers_dir("hi") / name).read_bytes()


# ---- special-token strings: text unless asked, on every route -----------------------------


@pytest.mark.store
def test_cli_encodes_special_strings_as_text_unless_allow_special(
    capsys: pytest.CaptureFixture[str],
) -> None:
    hindi = indictok.load("hi")
    cli.main(["encode", WITH_SPECIAL])
    as_text = json.loads(capsys.readouterr().out)
    assert as_text == hindi.encode_ordinary(WITH_SPECIAL) and EOT not in as_text
    assert len(as_text) == 17
    cli.main(["encode", "--allow-special", WITH_SPECIAL])
    assert json.loads(capsys.readouterr().out) == [1827, 442, 32, EOT, 2370]
    cli.main(["encode", "--allow-special", "--tokenizer", "gpt2", "<|endoftext|>"])
    assert json.loads(capsys.readouterr().out) == [50256]
    with pytest.raises(SystemExit, match="spm-bpe-hi has no special tokens"):
        cli.main(["encode", "--allow-special", "--tokenizer", "spm-bpe-hi", "x"])


@pytest.mark.store
def test_our_api_and_tiktoken_refuse_special_strings_unless_allowed() -> None:
    hindi = indictok.load("hi")
    for encoder in (hindi, hindi.reference, hindi.to_tiktoken()):
        with pytest.raises(ValueError, match="disallowed special token"):
            encoder.encode(WITH_SPECIAL)
        allowed = encoder.encode(WITH_SPECIAL, allowed_special={"<|endoftext|>"})
        assert allowed == [1827, 442, 32, EOT, 2370]
        assert encoder.encode_ordinary(WITH_SPECIAL) == hindi.encode_ordinary(WITH_SPECIAL)


@pytest.mark.store
def test_hf_routes_read_special_strings_as_the_readme_says() -> None:
    from tokenizers import Tokenizer
    from transformers import AutoTokenizer

    as_text = indictok.load("hi").encode_ordinary(WITH_SPECIAL)
    tok = AutoTokenizer.from_pretrained(str(indictok.transformers_dir("hi")))
    assert tok(WITH_SPECIAL)["input_ids"] == as_text
    asked = tok(WITH_SPECIAL, split_special_tokens=False)["input_ids"]
    assert asked == [1827, 442, 32, EOT, 2370]
    hf = Tokenizer.from_file(str(indictok.transformers_dir("hi") / "tokenizer.json"))
    assert hf.encode(WITH_SPECIAL).ids == asked  # the library's default (README table)
    hf.encode_special_tokens = True
    assert hf.encode(WITH_SPECIAL).ids == as_text


# ---- the Space: front matter, pins, LFS rules ---------------------------------------------

HUB_COLORS = {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}


def front_matter() -> dict[str, object]:
    import yaml

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.match(r"---\n(.*?)\n---\n", text, flags=re.DOTALL)
    assert found, "README.md must start with the Space's YAML front matter"
    return yaml.safe_load(found.group(1))


@pytest.mark.store
def test_front_matter_is_a_valid_space_configuration() -> None:
    meta = front_matter()
    assert meta["sdk"] == "gradio" and (ROOT / str(meta["app_file"])).is_file()
    assert {meta["colorFrom"], meta["colorTo"]} <= HUB_COLORS
    assert isinstance(meta["title"], str) and len(str(meta["short_description"])) <= 60
    assert re.fullmatch(r"3\.\d+", str(meta["python_version"]))
    tags = meta["tags"]
    assert isinstance(tags, list) and {"tokenizer", "bpe", "hindi", "indic"} <= set(tags)
    assert all(re.fullmatch(r"[a-z0-9-]+", tag) for tag in tags)
    pins = dict(
        re.sub(r"\[.*\]", "", line).split("==")  # gradio[mcp]==6.31.0: gradio's version
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert meta["sdk_version"] == pins["gradio"]
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert f"--space-sdk {meta['sdk']}" in deploy and "--repo-type space" in deploy


def _tracked_files() -> list[str]:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in listed.stdout.decode().split("\0") if name]


def _lfs_files(names: list[str]) -> set[str]:
    """The files .gitattributes sends through LFS, as git itself reads the rules."""
    query = subprocess.run(
        ["git", "check-attr", "-z", "filter", "--stdin"],
        cwd=ROOT,
        check=True,
        input="\0".join(names).encode(),
        capture_output=True,
    )
    fields = query.stdout.decode().split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 2] == "lfs"}


@pytest.mark.fast
def test_no_file_names_a_path_of_the_machine_it_was_made_on() -> None:
    """The folder this checkout sits in (a workplace path such as the corpus's) appears in no
    tracked file, text or binary: SentencePiece models record their training paths, so
    `train` rewrites them relative to the corpus."""
    parent = ROOT.parent.as_posix()
    if parent in ("/", "/tmp", "/home", "/root", "/usr", "/var"):
        pytest.skip(f"the checkout's folder {parent} is too common a prefix to look for")
    needle = f"{parent}/".encode()
    names = [name for name in _tracked_files() if (ROOT / name).is_file()]
    assert [name for name in names if needle in (ROOT / name).read_bytes()] == []


@pytest.mark.fast
def test_the_browser_is_chromium_from_the_environment_or_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from indictok.tools import browser

    for name in ("google-chrome", "my-chrome"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert browser.find_chromium() == str(tmp_path / "google-chrome")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "my-chrome"))
    assert browser.require_chromium() == str(tmp_path / "my-chrome")
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CHROMIUM")
    with pytest.raises(FileNotFoundError, match="set CHROMIUM to its path"):
        browser.require_chromium()


@pytest.mark.fast
def test_binary_and_large_files_go_through_lfs() -> None:
    names = [name for name in _tracked_files() if (ROOT / name).is_file()]
    lfs = _lfs_files(names)
    assert "tokenizers_store/sentencepiece/mistral_7b_v01.model" in lfs
    for name in names:
        data = (ROOT / name).read_bytes()
        if b"\0" in data[:8000] or len(data) > 10_000_000:
            assert name in lfs, f"{name} is binary or over 10 MB: add a rule to .gitattributes"
