"""What every page shares: the home page, health check, security headers, errors, time helpers."""
