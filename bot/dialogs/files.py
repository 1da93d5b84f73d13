"""Finding and reading the YAML files of dialogs/."""

from __future__ import annotations

import importlib.resources
import re
from pathlib import Path
from typing import Any

import yaml

# libyaml's C parser when PyYAML has it (ten times faster at start-up), else the Python one.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """YAML 1.2 booleans: `yes`, `no`, `on`, `off` stay strings, as a coach would expect."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def default_dir() -> Path:
    """The dialogs that ship with the bot: the `dialogs` package's data files.

    Installed from a wheel they sit in site-packages; in a checkout (editable install, or
    run from the repository) they are the repository's own dialogs/ folder.
    """
    try:
        return Path(str(importlib.resources.files("dialogs")))
    except ModuleNotFoundError:  # run from somewhere the package is not importable
        return Path(__file__).resolve().parents[2] / "dialogs"
