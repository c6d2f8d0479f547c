"""``python -m irkg`` runs the command line."""

from irkg.cli import main

main(prog_name="irkg")
