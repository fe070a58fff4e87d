"""The n-gram index, which differs by database (see gongkai/search/backends):

SQLite: a contentless FTS5 table of tokens, with a prefix index for one-character terms (see
gongkai/search/backends/sqlite.py).
PostgreSQL: a GIN index over SearchGrams.grams, whose rows stay narrow (see
gongkai/search/backends/postgres.py).
"""

from django.db import migrations

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, number, body, attachments, head, words, scope, content='', prefix='1', "
    "tokenize='unicode61 remove_diacritics 0')"
)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(FTS_CREATE)
    elif connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_grams_gin ON search_searchgrams USING gin (grams)"
        )
        # The lexemes always go out of line (TOAST): the row a search visits for each match
        # keeps only the entry id, the date and a pointer.
        schema_editor.execute("ALTER TABLE search_searchgrams SET (toast_tuple_target = 128)")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
            )
            row = cursor.fetchone()
        if row and "lz4" in (row[0] or []):
            # Long terms with few candidates are verified against search_text; lz4
            # decompresses several times faster than the default pglz.
            for column in ("search_text", "body", "attachments_text"):
                schema_editor.execute(
                    f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET COMPRESSION lz4"
                )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_grams_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
