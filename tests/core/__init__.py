"""Tests of lws.core."""
