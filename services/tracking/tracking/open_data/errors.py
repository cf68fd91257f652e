"""The errors of the open-data tables."""

from kit.errors import NotFound


class UnknownTable(NotFound):
    code = "unknown_open_data_table"
    message = "No publicamos esa tabla de datos abiertos."
