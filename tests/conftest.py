"""Shared fixtures: the package catalogue, a writable copy of the data, saved pages;
and the two helpers the data-rule tests share."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from optout_lib import Catalogue
from optout_lib._checks import run_checks
from optout_lib._data import Problem, package_data, read_data
from optout_lib.catalogue import default_catalogue
from server import create_app

TESTS = Path(__file__).resolve().parent
PAGES = TESTS / "fixtures" / "pages"
CASES = TESTS / "cases"


def data_problems(root: Path) -> list[Problem]:
    """Every problem in a data folder: schema and file problems, else the checks'."""
    raw, problems = read_data(root)
    return problems or run_checks(raw)


def edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change one data file in place (for breaking a copy on purpose)."""
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def catalogue() -> Catalogue:
    """The package's own, validated data."""
    return default_catalogue()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the package's data folder, for breaking on purpose."""
    target = tmp_path / "data"
    shutil.copytree(str(package_data()), target)
    return target


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember skipped tests, so CI can refuse them."""
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a test that cannot run fails the build instead of skipping quietly."""
    if os.environ.get("CI") and _skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nCI forbids skipped tests: {', '.join(_skipped)}")


@pytest.fixture
def app() -> Flask:
    """The hint server app, as the Flask tutorial builds it for tests."""
    return create_app({"TESTING": True, "COMPOSE_ORIGINS": ["https://allowed.example"]})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()
