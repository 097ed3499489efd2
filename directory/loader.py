"""Load a directory from a YAML file or a folder of them, collecting every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml
from yaml.nodes import Node

from directory.model import Directory, Offer
from directory.problems import DirectoryInvalid, Problem
from directory.validate import Checker
from directory.vocabulary import Vocabulary, default_vocabulary

__all__ = ["DirectoryInvalid", "Problem", "combine", "load_directory", "directory_files"]


# A directory is one file or folder, or several (a practice's shared local directory, then
# its own offers: docs/configuration.md, "practices").
Source = str | Path | tuple[str | Path, ...]


def directory_files(path: Source) -> list[Path]:
    """The YAML files making up a directory: the file itself, or *.yaml/*.yml in a folder
    (of each, in order, for several)."""
    if isinstance(path, tuple):
        return [f for part in path for f in directory_files(part)]
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
    return [p]


def _compose(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse YAML into nodes (safe loader: no tags run), turning syntax errors into problems."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = "YAML syntax error: " + " ".join(x for x in (e.context, e.problem) if x)
        problems.append(
            Problem(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                    "", msg)
        )
    except yaml.YAMLError as e:
        problems.append(Problem(file, None, None, "", f"YAML error: {e}"))
    return None


def _files(p: Path, replace: dict[Path, str]) -> list[Path]:
    if not p.exists() and p.resolve() not in replace:
        raise DirectoryInvalid([Problem(str(p), None, None, "", "file not found")])
    files = directory_files(p) if p.exists() else [p]
    if p.is_dir():
        files = sorted({*files, *(f for f in replace if f.parent == p.resolve())},
                       key=lambda f: f.name)
        files = [p / f.name for f in files]
    if not files:
        raise DirectoryInvalid([Problem(str(p), None, None, "", "no .yaml files in this folder")])
    return files


def load_directory(path: Source, *, base_vocabulary: Vocabulary | None = None,
                   replace: dict[Path, str] | None = None,
                   empty_ok: bool = False) -> Directory:
    """Load and validate a directory; raise DirectoryInvalid listing every problem found.
    Several paths (a shared directory and a practice's own offers) load as one: offer ids
    must differ across them.

    replace: text to use for some files instead of what is on disk (a file may not exist
    yet), to check a change to a directory before writing it.

    empty_ok: no offers at all is not a problem (one part of a practice's directory, as
    its own offers before any are approved: see combine)."""
    problems: list[Problem] = []
    parts = [Path(part) for part in path] if isinstance(path, tuple) else [Path(path)]
    p = parts[-1]
    replace = {Path(k).resolve(): v for k, v in (replace or {}).items()}
    files = [f for part in parts for f in _files(part, replace)]
    vocabulary = base_vocabulary or default_vocabulary()
    offers: list[Offer] = []
    added: Vocabulary | None = None
    seen_ids: dict[str, str] = {}  # id -> "file:line" where first defined
    for f in files:
        name = str(f)
        try:
            text = replace.get(f.resolve())
            if text is None:
                text = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems.append(Problem(name, None, None, "", f"cannot read file: {e}"))
            continue
        root = _compose(text, name, problems)
        if root is None:
            if not any(pr.file == name for pr in problems):
                problems.append(Problem(name, None, None, "", "the file is empty"))
            continue
        checker = Checker(name, problems, seen_ids)
        file_offers, file_vocab = checker.check_file(root)
        offers.extend(file_offers)
        if file_vocab is not None:
            vocabulary = vocabulary.extended(file_vocab)
            added = file_vocab if added is None else added.extended(file_vocab)
    if not problems and not offers and not empty_ok:
        problems.append(Problem(str(p), None, None, "offers", "no offers found"))
    if problems:
        raise DirectoryInvalid(problems)
    return Directory(offers=offers, vocabulary=vocabulary, files=[str(f) for f in files],
                     added=added)


def combine(parts: Sequence[Directory], sources: Sequence[str | Path]) -> Directory:
    """Directories loaded apart (a shared local directory, then a practice's own offers)
    as one, as load_directory(tuple(sources)) would load them, without reading a file
    again: the offers are the parts' own objects, each part's vocabulary added in order.
    DirectoryInvalid as load_directory would raise it when an offer id is in two parts,
    or when there are no offers at all."""
    if len(parts) == 1:
        return parts[0]
    offers = [offer for part in parts for offer in part.offers]
    if len({offer.id for offer in offers}) < len(offers) or not offers:
        load_directory(tuple(sources))  # reads the files for the exact problems, raising
        raise DirectoryInvalid([Problem(str(sources[-1]), None, None, "offers",
                                        "an offer id is in two of the directories")])
    vocabulary = parts[0].vocabulary
    for part in parts[1:]:
        if part.added is not None:
            vocabulary = vocabulary.extended(part.added)
    added = None
    for part in parts:
        if part.added is not None:
            added = part.added if added is None else added.extended(part.added)
    return Directory(offers=offers, vocabulary=vocabulary,
                     files=[file for part in parts for file in part.files], added=added)

