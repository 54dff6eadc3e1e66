"""`python -m bench.cli`, the same as `supportbench`."""

from bench.cli.main import main

main()
