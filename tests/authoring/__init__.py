"""Tests of lws.authoring."""
