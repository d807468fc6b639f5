"""What every page shares: the home page, health check, security headers, caching, errors, time."""
