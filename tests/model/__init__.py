"""Tests of lws.model."""
