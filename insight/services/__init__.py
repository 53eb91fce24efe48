"""Domain operations. Services add and flush but never commit: the caller owns the transaction."""
