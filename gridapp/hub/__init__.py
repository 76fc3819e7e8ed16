"""The district or city hub (issue #18): the node on PostgreSQL, serving its children packages over HTTP(S)."""
