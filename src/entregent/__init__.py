"""entregent: a self-hosted relationship manager for professionals who network on purpose."""

__version__ = "0.1.0"
