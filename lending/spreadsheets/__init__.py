"""Spreadsheets in and out: reading untrusted uploads safely, writing cells that stay inert."""
