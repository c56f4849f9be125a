"""The hostile-input corpus used by tests/test_hostile.py (see payloads.py)."""
