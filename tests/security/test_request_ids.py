"""Every response carries a request id, and every log line of that request names it."""

import io
import json
import logging
import uuid

import pytest

from config.json_logs import JsonFormatter
from config.request_id import RequestIdFilter


@pytest.fixture
def log_lines():
    """The real console handler of the LOGGING setting, writing into a buffer."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    # Swapped directly: setStream() would flush the old stream, which output capture
    # may already have closed.
    previous, handler.stream = handler.stream, buffer
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.stream = previous


def test_the_console_handler_writes_json_with_request_ids():
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    assert isinstance(handler.formatter, JsonFormatter)
    assert any(isinstance(f, RequestIdFilter) for f in handler.filters)


@pytest.mark.django_db
def test_a_generated_id_is_answered_and_logged(client, locales, log_lines):
    response = client.get("/hu/nincs-ilyen-oldal/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert uuid.UUID(hex=request_id)
    records = [r for r in log_lines() if r["logger"] == "django.request"]
    assert records, "Django logs every 404"
    assert {r["request_id"] for r in records} == {request_id}
    assert records[0]["level"] == "WARNING"
    assert records[0]["request"] == {"method": "GET", "path": "/hu/nincs-ilyen-oldal/"}
    assert records[0]["status_code"] == 404


@pytest.mark.django_db
def test_a_sane_id_from_the_proxy_is_kept(client, locales, log_lines):
    proxy_id = "7f3c2a9e4b1d4e0f9a8b6c5d4e3f2a1b"
    response = client.get("/hu/nincs-ilyen/", HTTP_X_REQUEST_ID=proxy_id)
    assert response["X-Request-ID"] == proxy_id
    assert {r["request_id"] for r in log_lines()} == {proxy_id}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["", "short", "x" * 129, "abc def ghij", "<script>alert(1)</script>", "id\r\nSet-Cookie: a=b"],
)
def test_a_strange_incoming_id_is_replaced(client, incoming):
    response = client.get("/health/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert uuid.UUID(hex=response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_gets_its_own_id_and_none_leaks_out(client, log_lines):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert first != second
    logging.getLogger("config.test").warning("after the requests")
    outside = [r for r in log_lines() if r["logger"] == "config.test"]
    assert outside[0]["request_id"] is None


@pytest.mark.django_db
def test_errors_are_logged_with_the_traceback_and_the_id(client, log_lines, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("config.health.CHECKS", {"database": broken}, raising=False)
    response = client.get("/health/")
    logged = [r for r in log_lines() if r["logger"] == "config.health"]
    assert logged
    assert all(r["request_id"] == response["X-Request-ID"] for r in logged)
    assert any("database on fire" in r.get("exception", "") for r in logged)


def test_the_formatter_writes_one_parseable_line():
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "sor\nmásik «%s»", "args": ("ő",)}
    )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == "sor\nmásik «ő»"
