"""The command line: the entry point, the error boundary and one module per subcommand."""
