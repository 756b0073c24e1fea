#!/usr/bin/env python3
"""A stand-in for an instrumented app: serves the Prometheus guide's
primitive_duration_seconds histogram on 127.0.0.1:PORT/metrics, its counters
growing with every scrape (deterministically, from the scrape count), so that
a prometheus scraping it records a changing classic histogram. Written with
the standard library only (the official client library is not a build
dependency); the exposition is what that client writes for a histogram.

Usage: live_app.py PORT
"""
import http.server
import sys

BOUNDS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0"]
PRIMITIVES = [("api_process", "api"), ("critical_workflow", "workflow")]


class State:
    scrapes = 0
    buckets = {p: [0] * (len(BOUNDS) + 1) for p in PRIMITIVES}
    sums = {p: 0.0 for p in PRIMITIVES}


def observe():
    State.scrapes += 1
    n = State.scrapes
    for i, p in enumerate(PRIMITIVES):
        # Observations since the last scrape, per bucket (not cumulative);
        # the workflow has a heavy tail beyond the highest bound.
        for b in range(len(BOUNDS) + 1):
            count = (n * (b + 3) + i * 7) % 5 + (2 if b == 4 else 0)
            if b == len(BOUNDS):
                count = (n % 3) * 4 if i == 1 else n % 2
            State.buckets[p][b] += count
            upper = float(BOUNDS[b]) if b < len(BOUNDS) else 20.0
            State.sums[p] += count * upper * 0.75


def exposition():
    lines = [
        "# HELP primitive_duration_seconds Primitive execution duration in seconds",
        "# TYPE primitive_duration_seconds histogram",
    ]
    for name, kind in PRIMITIVES:
        labels = 'primitive_name="%s",primitive_type="%s"' % (name, kind)
        running = 0
        for b, count in enumerate(State.buckets[(name, kind)]):
            running += count
            le = BOUNDS[b] if b < len(BOUNDS) else "+Inf"
            lines.append('primitive_duration_seconds_bucket{le="%s",%s} %.1f' % (le, labels, running))
        lines.append("primitive_duration_seconds_count{%s} %.1f" % (labels, running))
        lines.append("primitive_duration_seconds_sum{%s} %r" % (labels, State.sums[(name, kind)]))
    return "\n".join(lines) + "\n"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_error(404)
            return
        observe()
        body = exposition().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
