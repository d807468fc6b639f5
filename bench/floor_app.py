"""The floor for bench/calendar_feed.py: a bare Flask app answering a constant."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def floor() -> str:
    return "ok"
