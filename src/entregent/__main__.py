"""`python -m entregent` runs the command line."""

from entregent.cli.main import run

if __name__ == "__main__":
    run()
