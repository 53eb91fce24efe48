"""The staff workspace: authoring, review, imports and answering questions."""
