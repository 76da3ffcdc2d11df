"""Regression tests for the hardening findings of issue #10 (files, crowds, secrets, abuse, backup)."""
