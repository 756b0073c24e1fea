#!/usr/bin/python3
"""A stand-in for an instrumented app, on the official Python client
(prometheus_client; Debian's python3-prometheus-client): the Prometheus
guide's primitive_duration_seconds histogram, served on
127.0.0.1:PORT/metrics by the client's own WSGI app (its content
negotiation, so a prometheus gets OpenMetrics, and its default registry with
the process and Python collectors). The "requests" are deterministic: each
scrape of /metrics first observes the durations the app handled since the
previous scrape, a function of the scrape count alone, so that a prometheus
scraping it records a classic histogram that changes with every scrape.

Usage: /usr/bin/python3 samples/primitive_app.py [PORT]   (default 8000)
"""
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import Histogram, make_wsgi_app

BOUNDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
PRIMITIVES = [("api_process", "api"), ("critical_workflow", "workflow")]

DURATION = Histogram(
    "primitive_duration_seconds",
    "Primitive execution duration in seconds",
    ["primitive_name", "primitive_type"],
    buckets=BOUNDS,
)


class Scrapes:
    count = 0


def handle_requests():
    """Observes what the app handled since the last scrape."""
    Scrapes.count += 1
    n = Scrapes.count
    for i, (name, kind) in enumerate(PRIMITIVES):
        child = DURATION.labels(primitive_name=name, primitive_type=kind)
        # Observations per bucket (not cumulative), each at three quarters of
        # the bucket's upper bound (15 s above the highest); the workflow has
        # a heavy tail beyond the highest bound.
        for b in range(len(BOUNDS) + 1):
            count = (n * (b + 3) + i * 7) % 5 + (2 if b == 4 else 0)
            if b == len(BOUNDS):
                count = (n % 3) * 4 if i == 1 else n % 2
            upper = BOUNDS[b] if b < len(BOUNDS) else 20.0
            for _ in range(count):
                child.observe(upper * 0.75)


def app(metrics_app):
    def serve(environ, start_response):
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        handle_requests()
        return metrics_app(environ, start_response)

    return serve


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server(
        "127.0.0.1",
        int(sys.argv[1]) if len(sys.argv) > 1 else 8000,
        app(make_wsgi_app()),
        WSGIServer,
        handler_class=QuietHandler,
    )
    server.serve_forever()
