"""Marshmallow schemas: one description of each resource for the API, import and export."""
