"""Browser tests: the app served on a real port and driven by Chromium through Playwright."""
