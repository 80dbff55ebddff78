"""The test suite; sub-packages mirror src/lws."""
