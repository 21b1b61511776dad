"""Writes of the zones app, one module per subject; views, admin and seed data call these."""
