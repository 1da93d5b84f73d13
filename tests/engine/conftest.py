"""Engine tests: the real engine on a real SQLite file (fixtures in tests/conftest.py),
driven the way a user would (tests/helpers.py), with a clock the test moves."""
