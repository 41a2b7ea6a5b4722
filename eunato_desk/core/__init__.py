"""The application core: models, database, services. Never imports Qt."""
