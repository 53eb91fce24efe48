"""Administration: users, audit log, search index, thesaurus, vocabularies and site settings."""
