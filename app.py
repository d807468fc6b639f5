"""The application factory: settings in layers, extensions bound, blueprints and commands added."""

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

import config
from core import routing
from extensions import csrf, db, limiter, login_manager, mail, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    routing.init_app(app)  # before any blueprint adds an <int:...> rule
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_middleware(app)
    register_jobs(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'app.db'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path) / "secret_key")


def instance_secret_key(path: Path) -> str:
    """Read the instance's secret key, generating it on first run so none is ever committed."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    import core.audit  # noqa: F401 - registers the audit log's flush listener
    import search.index  # noqa: F401 - registers the hook that keeps the search index current
    from core import caching, languages, sqlite

    # First: after_request functions run last-registered first, so the caching rule sees every
    # header the others add (the language cookie among them).
    caching.init_app(app)
    db.init_app(app)
    with app.app_context():
        sqlite.enforce_foreign_keys(db.engine)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    languages.init_app(app)


def register_blueprints(app: Flask) -> None:
    from accommodations.views import bp as accommodations_bp
    from api.views import bp as api_bp
    from applications.views import bp as applications_bp
    from comments.views import bp as comments_bp
    from committees.views import bp as committees_bp
    from core import security, templating
    from core.views import bp as core_bp
    from invitations.views import bp as invitations_bp
    from meetings.calendar_views import bp as calendars_bp
    from meetings.executive_views import bp as executive_sessions_bp
    from meetings.minutes_views import bp as minutes_bp
    from meetings.record_views import bp as postings_bp
    from meetings.views import bp as meetings_bp
    from members.views import bp as members_bp
    from records.views import bp as records_bp
    from search.views import bp as search_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(committees_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(calendars_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(accommodations_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(postings_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(executive_sessions_bp)
    app.register_blueprint(search_bp)
    security.init_app(app)
    templating.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from core import errors

    errors.init_app(app)


def register_middleware(app: Flask) -> None:
    from werkzeug.middleware.proxy_fix import ProxyFix

    from meetings.feeds import PublicFeedFastPath

    app.wsgi_app = PublicFeedFastPath(app)
    # Behind nginx (or a load balancer): the client's address (the rate limiter and the flood
    # guard count by it) and https come from the proxies' headers, and only from as many as trusted.
    if proxies := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def register_jobs(app: Flask) -> None:
    from comments.services import send_comment_digests
    from committees.alerts import send_alerts
    from invitations.notices import queue_reminders
    from notify import jobs

    jobs.register(app, queue_reminders)
    jobs.register(app, send_alerts)
    jobs.register(app, send_comment_digests)


def register_commands(app: Flask) -> None:
    from committees.alerts import alerts_cli
    from committees.commands import seed_command
    from core.language_commands import translations_cli
    from invitations.commands import purge_requests_command
    from meetings.commands import postings_cli
    from members.commands import users_cli
    from notify.commands import mail_cli
    from records.commands import records_cli
    from search.commands import search_cli

    app.cli.add_command(seed_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(purge_requests_command)
    app.cli.add_command(translations_cli)
    app.cli.add_command(postings_cli)
    app.cli.add_command(records_cli)
    app.cli.add_command(search_cli)
