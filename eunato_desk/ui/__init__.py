"""The PySide6 desktop application. Widgets never hold a session or run SQL."""
