"""Tests of lws.publish."""
