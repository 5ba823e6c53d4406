"""Exports: CSV, Excel and PDF files people open outside the app. Every cell of user text goes
through gfj_core.exports.safety first."""
