"""The reading side for everyone: pages, search, pictures and the change log."""
