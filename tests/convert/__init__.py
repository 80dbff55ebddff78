"""Tests of lws.convert."""
