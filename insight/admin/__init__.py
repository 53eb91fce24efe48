"""Administration: users, audit log, search index, thesaurus and site settings."""
