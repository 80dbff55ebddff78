"""Tests of lws.diagnose."""
