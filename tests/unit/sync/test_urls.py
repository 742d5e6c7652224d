"""Hub urls are stored and shown without their password, whatever form they take."""

from __future__ import annotations

import pytest

from newsdesk.store.hub import multi_host, public_url


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql://ann:s3cret@db.example:5432/news", "postgresql://ann@db.example:5432/news"),
        ("postgresql://ann@/news?host=%2Ftmp%2Fs&password=s3cret", "postgresql://ann@/news?host=%2Ftmp%2Fs"),
        (
            "postgresql://ann:p%40ss@h1,h2/news?sslmode=verify-full",
            "postgresql://ann@h1,h2/news?sslmode=verify-full",
        ),
        ("host=db user=ann password=s3cret dbname=news", "host=db user=ann dbname=news"),
        ("postgresql://db/news", "postgresql://db/news"),
    ],
)
def test_public_url_drops_the_password(given: str, shown: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    if "://" in given:
        assert public_url(given) == shown
    else:  # (a keyword string may come back in another order)
        assert conninfo_to_dict(public_url(given)) == conninfo_to_dict(shown)


def test_multi_host() -> None:
    assert multi_host("postgresql://ann@/news?host=/a,/b")
    assert multi_host("host=p,s dbname=news")
    assert not multi_host("postgresql://ann@db/news")
