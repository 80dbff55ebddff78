"""Tests of lws.cli."""
