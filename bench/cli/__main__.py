"""`python -m bench.cli`, the same as `supportbench`."""

from bench.cli.process import console

console()
