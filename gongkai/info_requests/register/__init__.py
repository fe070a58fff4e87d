"""Importing a register (台账) of past applications from .xlsx or .csv: `parse` reads the file,
`validate` checks every row, `importer` writes all rows or none, `template` builds the blank
register offices fill in. The command `gongkai import_register` and the workbench page
(views.py) both call `importer.register_import`."""
