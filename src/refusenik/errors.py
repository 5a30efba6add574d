"""Errors shared by every stage; the CLI turns `UserInputError` into exit code 2."""


class RefusenikError(Exception):
    """Base for the project's own errors."""


class UserInputError(RefusenikError, ValueError):
    """Input given by the user is wrong; the message names what and why."""
