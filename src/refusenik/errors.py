"""Errors shared by every stage; the CLI turns `UserInputError` into exit code 2."""


class RefusenikError(Exception):
    """Base for the project's own errors."""


class UserInputError(RefusenikError, ValueError):
    """Input given by the user is wrong; the message names what and why."""


class DataDirError(UserInputError):
    """The data folder (`$REFUSENIK_HOME` or its default) cannot be used."""


class StoreUnavailableError(UserInputError):
    """The database cannot be opened: missing driver, folder, server or database."""


class StoreBusyError(UserInputError):
    """Another process held the database's write lock for longer than we wait."""


class SchemaError(UserInputError):
    """The database's schema is not one this version of refusenik can use."""
