"""`python -m quickscan` runs the same CLI as the `quickscan` command."""

from quickscan.cli import main

main()
