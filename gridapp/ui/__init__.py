"""The PySide6 user interface. The only package that imports Qt; it never imports the database layer."""
