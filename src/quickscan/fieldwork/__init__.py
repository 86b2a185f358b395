"""Fieldwork: the paper questionnaire (`form`) and response monitoring (`status`, `invited`).

Import the submodules directly; this package imports nothing heavy so that the CLI starts
fast and the paper form does not need pandas, nor the status overview WeasyPrint.
"""
