"""Serves this project's own tests; users get the plugin through its entry point."""

pytest_plugins = ["pytester"]
