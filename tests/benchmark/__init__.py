"""The load benchmark (`make bench`): a large synthetic round on PostgreSQL, served by gunicorn and
driven by locust. See docs/performance.md. No module here is collected by pytest."""
