"""Runs a command and fails unless it exits with the given code.

    expect_exit.py CODE COMMAND [ARGS...]

The command's stdout and stderr pass through, so FileCheck can read them.
"""
import subprocess
import sys

expected = int(sys.argv[1])
result = subprocess.run(sys.argv[2:])
if result.returncode != expected:
    sys.stderr.write("expect_exit: %s exited %d, expected %d\n"
                     % (sys.argv[2], result.returncode, expected))
    sys.exit(1)
