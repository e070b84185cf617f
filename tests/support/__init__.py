"""Helpers the tests share: builders of test data, stand-in servers and runners. Not tests
themselves (pytest collects only tests/test_*.py); fixtures live in tests/conftest.py."""
