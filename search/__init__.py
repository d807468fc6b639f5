"""One search over every body's public record: bodies, meetings, posted agenda items, approved
minutes, public comments and the text of documents, in English and Spanish.

An index table (`search_entry`) holds what each record says, kept current by a session hook in
the same transaction as the change; PostgreSQL matches it with full-text search (a tsvector
column, GIN index, `websearch_to_tsquery`), SQLite with an FTS5 table. Results obey the protection
model: each entry carries who may find it, and every result shown is asked again.
"""
