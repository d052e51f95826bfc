"""Where ``ifx`` connects: flags over a URL over the IFX_* variables over the defaults."""

from __future__ import annotations

import argparse

import pytest

from informix_db.cli import connection
from informix_db.cli.errors import CliError


def args(*argv):
    parser = argparse.ArgumentParser()
    connection.add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_are_the_developer_image():
    assert connection.settings(args(), environ={}) == {
        "host": "127.0.0.1", "port": 9088, "user": "informix", "password": "in4mix", "server": "informix",
        "database": None}


def test_flags_beat_the_url_which_beats_the_variables():
    environ = {"IFX_HOST": "envhost", "IFX_PORT": "1111", "IFX_USER": "envuser", "IFX_DATABASE": "envdb",
               "IFX_URL": "informix://urluser:p%40ss%3Aw@urlhost:2222/urldb?server=ol_url"}
    chosen = connection.settings(args("--port", "3333"), environ=environ)
    assert chosen == {"host": "urlhost", "port": 3333, "user": "urluser", "password": "p@ss:w", "server": "ol_url",
                      "database": "urldb"}
    assert connection.settings(args("--url", "informix://h/"), environ=environ)["host"] == "h"
    assert connection.settings(args(), environ={"IFX_PORT": "1111"})["port"] == 1111


@pytest.mark.parametrize("url", ["postgres://h/db", "informix://h:notaport/db"])
def test_bad_urls_are_refused(url):
    with pytest.raises(CliError, match="URL"):
        connection.settings(args("--url", url), environ={})
