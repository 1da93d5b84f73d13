"""Unit tests: the pure parts (transition, rules, composer, dates, the dialog loader),
called directly with a fixed clock. No event loop, no database."""
